import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { authorizationValue } from './access-token.ts';
import { LiveConnectionStore } from './live-connection.ts';

const KEEP_ALIVE_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;
const MAX_RETRY_WAIT_MS = 30_000;

export interface GraphQLConnection {
  client: Client;
  live: LiveConnectionStore;
  dispose(): void;
}

/** `ws(s)://<this host>/graphql`, wherever the dashboard is served from. */
export function graphqlWebSocketUrl(location: Location = window.location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/graphql`;
}

/** Exponential back-off with jitter: about 0.5 s, 1 s, 2 s … up to 30 s between attempts. */
export function retryDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_WAIT_MS, 500 * 2 ** Math.min(retries, 10));
  return Math.round(base * (0.75 + random() * 0.5));
}

function isWebSocket(value: unknown): value is WebSocket {
  return typeof WebSocket !== 'undefined' && value instanceof WebSocket;
}

/**
 * The urql client of the dashboard: queries and mutations over HTTP POST
 * /graphql, subscriptions over graphql-ws on the same path. The WebSocket
 * opens with the first subscription and retries forever with back-off;
 * `live.reconnects` grows each time it comes back, so that views refetch what
 * they show (Redis pub/sub keeps no events for a client that was away).
 */
export function createGraphQLConnection(): GraphQLConnection {
  const live = new LiveConnectionStore();
  let activeSubscriptions = 0;
  let socket: WebSocket | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;

  const wsClient: WsClient = createWsClient({
    url: graphqlWebSocketUrl(),
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
    keepAlive: KEEP_ALIVE_MS,
    connectionParams: () => {
      const authorization = authorizationValue();
      return authorization ? { authorization } : {};
    },
    on: {
      connecting: (isRetry) => {
        const { attempts } = live.getSnapshot();
        live.update(isRetry ? { phase: 'reconnecting', attempts: attempts + 1 } : { phase: 'connecting' });
      },
      connected: (connectedSocket, _payload, wasRetry) => {
        socket = isWebSocket(connectedSocket) ? connectedSocket : undefined;
        const { reconnects } = live.getSnapshot();
        live.update({ phase: 'connected', attempts: 0, reconnects: wasRetry ? reconnects + 1 : reconnects });
      },
      ping: (received) => {
        // A ping we sent that gets no pong in time means the link is dead: close it so that it is retried.
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => {
          if (socket?.readyState === WebSocket.OPEN) socket.close(4408, 'Pong timeout');
        }, PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: () => {
        clearTimeout(pongTimer);
        socket = undefined;
        // With open subscriptions the client retries; without, the lazy link simply rests.
        if (activeSubscriptions === 0) live.update({ phase: 'idle', attempts: 0 });
        else if (live.getSnapshot().phase === 'connected') live.update({ phase: 'reconnecting' });
      },
    },
  });

  const client = new Client({
    url: '/graphql',
    // Always POST: the API serves GraphQL over HTTP POST (and blocks simple GETs against CSRF).
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const payload = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              activeSubscriptions += 1;
              const stop = wsClient.subscribe(payload, sink);
              let stopped = false;
              return {
                unsubscribe() {
                  if (stopped) return;
                  stopped = true;
                  activeSubscriptions -= 1;
                  stop();
                },
              };
            },
          };
        },
      }),
    ],
    fetchOptions: () => {
      const authorization = authorizationValue();
      return authorization ? { headers: { authorization } } : {};
    },
  });

  return {
    client,
    live,
    dispose() {
      clearTimeout(pongTimer);
      void wsClient.dispose();
    },
  };
}
