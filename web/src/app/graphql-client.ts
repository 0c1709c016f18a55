import { authExchange } from '@urql/exchange-auth';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, getOperationName, subscriptionExchange, type Operation } from 'urql';
import { RefreshSessionDocument } from '../gql/graphql.ts';
import { LiveConnectionStore } from './live-connection.ts';
import { isPersonalRequest } from './request-context.ts';
import {
  REFRESH_MARGIN_MS,
  SessionRefresher,
  browserLocks,
  type RefreshAnswer,
} from './session/session-refresher.ts';
import { createBrowserSessionStore, isSignedIn, needsRefresh, type SessionState, type SessionStore } from './session/session-store.ts';

const KEEP_ALIVE_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;
const MAX_RETRY_WAIT_MS = 30_000;
/** With a live view open, the access token is renewed this long before it expires, so the socket never carries a dead one. */
const LIVE_REFRESH_LEAD_MS = 60_000;
/** graphql-ws close codes the API uses: the token expired on an open socket; the token was refused at connection. */
const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_FORBIDDEN = 4403;

/** Operations that work without a session and whose UNAUTHENTICATED errors are answers, not expired tokens. */
const ANONYMOUS_OPERATIONS: ReadonlySet<string> = new Set([
  'Login',
  'Signup',
  'RefreshSession',
  'RequestPasswordReset',
  'ResetPassword',
]);

export interface GraphQLConnection {
  live: LiveConnectionStore;
  session: SessionStore;
  refresher: SessionRefresher;
  /**
   * The urql client for `identity` (who is asking, in which workspace). A new
   * identity gets a new client, so nothing cached for one user or workspace
   * is shown to another.
   */
  clientFor(identity: string): Client;
  dispose(): void;
}

/** Who is asking, as far as cached results go: the user and the workspace they act in. */
export function sessionIdentity(state: SessionState): string {
  return `${state.user?.id ?? (isSignedIn(state) ? 'unknown' : 'anonymous')}@${state.workspace ?? 'personal'}`;
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

function closeCode(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !('code' in value)) return undefined;
  return typeof value.code === 'number' ? value.code : undefined;
}

function isAnonymousOperation(operation: Operation): boolean {
  const name = getOperationName(operation.query);
  return name !== undefined && ANONYMOUS_OPERATIONS.has(name);
}

/** Spends a refresh token over plain HTTP, outside the exchanges that would try to refresh again. */
function refreshRequest(): (refreshToken: string) => Promise<RefreshAnswer> {
  const bare = new Client({ url: '/graphql', preferGetMethod: false, exchanges: [fetchExchange], requestPolicy: 'network-only' });
  return async (refreshToken) => {
    const result = await bare.mutation(RefreshSessionDocument, { input: { refreshToken } }).toPromise();
    if (result.data) return { kind: 'tokens', tokens: result.data.refreshToken };
    const refused = result.error?.graphQLErrors.some((error) => {
      const code = error.extensions.code;
      return code === 'UNAUTHENTICATED' || code === 'BAD_USER_INPUT';
    });
    return refused ? { kind: 'refused' } : { kind: 'unavailable' };
  };
}

/**
 * The GraphQL link of the dashboard: queries and mutations over HTTP POST
 * /graphql, subscriptions over graphql-ws on the same path.
 *
 * Authentication: every request carries the access token and the workspace;
 * the token is renewed shortly before it expires and after an UNAUTHENTICATED
 * answer (then the request is retried once). When the refresh token is
 * refused, the session is cleared and protected pages send the user to sign in.
 *
 * The WebSocket opens with the first subscription and retries forever with
 * back-off; it reopens with the new token or workspace whenever they change.
 * `live.reconnects` grows each time it comes back, so that views refetch what
 * they show (Redis pub/sub keeps no events for a client that was away).
 */
export function createGraphQLConnection(session: SessionStore = createBrowserSessionStore()): GraphQLConnection {
  const live = new LiveConnectionStore();
  const refresher = new SessionRefresher(session, refreshRequest(), browserLocks());
  let activeSubscriptions = 0;
  let socket: WebSocket | undefined;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let liveRefreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The token and workspace the socket was opened with. */
  let socketIdentity: { accessToken: string | null; workspace: string | null } | undefined;
  /** True while connection parameters are being prepared (which may itself renew the token). */
  let preparingParams = false;

  const wsClient: WsClient = createWsClient({
    url: graphqlWebSocketUrl(),
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelayMs(retries))),
    keepAlive: KEEP_ALIVE_MS,
    connectionParams: async () => {
      preparingParams = true;
      try {
        await refresher.ensureFresh();
      } finally {
        preparingParams = false;
      }
      const { accessToken, workspace } = session.getSnapshot();
      socketIdentity = { accessToken, workspace };
      const params: Record<string, string> = {};
      if (accessToken) params.authorization = `Bearer ${accessToken}`;
      if (workspace) params.workspace = workspace;
      return params;
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
      closed: (event) => {
        clearTimeout(pongTimer);
        socket = undefined;
        socketIdentity = undefined;
        // The API refused the token when connecting: renew it before the next attempt.
        if (closeCode(event) === CLOSE_FORBIDDEN && isSignedIn(session.getSnapshot())) void refresher.refresh();
        // With open subscriptions the client retries; without, the lazy link simply rests.
        if (activeSubscriptions === 0) live.update({ phase: 'idle', attempts: 0 });
        else if (live.getSnapshot().phase === 'connected') live.update({ phase: 'reconnecting' });
      },
    },
  });

  /** Keeps the socket's token alive while a live view is open. */
  function scheduleLiveRefresh(): void {
    clearTimeout(liveRefreshTimer);
    const state = session.getSnapshot();
    if (activeSubscriptions === 0 || !isSignedIn(state)) return;
    const wait = state.expiresAt === null ? 0 : Math.max(0, state.expiresAt - Date.now() - LIVE_REFRESH_LEAD_MS);
    liveRefreshTimer = setTimeout(() => {
      if (needsRefresh(session.getSnapshot(), Date.now(), LIVE_REFRESH_LEAD_MS)) void refresher.refresh();
    }, wait);
  }

  const stopWatchingSession = session.subscribe(() => {
    scheduleLiveRefresh();
    if (preparingParams || !socketIdentity) return;
    const { accessToken, workspace } = session.getSnapshot();
    if (socketIdentity.accessToken === accessToken && socketIdentity.workspace === workspace) return;
    // Close the socket; the client reconnects at once (lazily, if subscriptions remain) with the new parameters.
    wsClient.terminate();
  });

  function makeClient(): Client {
    return new Client({
      url: '/graphql',
      // Always POST: the API serves GraphQL over HTTP POST (and blocks simple GETs against CSRF).
      preferGetMethod: false,
      exchanges: [
        cacheExchange,
        authExchange(async (utils) => ({
          addAuthToOperation(operation) {
            const { accessToken, workspace } = session.getSnapshot();
            const headers: Record<string, string> = {};
            if (accessToken) headers.authorization = `Bearer ${accessToken}`;
            if (workspace && !isPersonalRequest(operation.context)) headers['x-maestro-workspace'] = workspace;
            return Object.keys(headers).length > 0 ? utils.appendHeaders(operation, headers) : operation;
          },
          willAuthError(operation) {
            if (isAnonymousOperation(operation)) return false;
            return needsRefresh(session.getSnapshot(), Date.now(), REFRESH_MARGIN_MS);
          },
          didAuthError(error, operation) {
            if (isAnonymousOperation(operation) || !isSignedIn(session.getSnapshot())) return false;
            return error.graphQLErrors.some((e) => e.extensions.code === 'UNAUTHENTICATED');
          },
          async refreshAuth() {
            // Never rejects: a refused refresh clears the session, and the queued requests go on without a token.
            await refresher.refresh();
          },
        })),
        fetchExchange,
        subscriptionExchange({
          forwardSubscription(request) {
            const payload = { ...request, query: request.query ?? '' };
            return {
              subscribe(sink) {
                activeSubscriptions += 1;
                scheduleLiveRefresh();
                let stopped = false;
                let stop: () => void = () => undefined;
                const start = (renewalsLeft: number) => {
                  const relay: typeof sink = {
                    next: (value) => sink.next(value),
                    complete: () => sink.complete(),
                    error: (error: unknown) => {
                      // The token expired on an open socket: renew it and subscribe again.
                      if (!stopped && renewalsLeft > 0 && closeCode(error) === CLOSE_UNAUTHORIZED) {
                        void refresher.refresh().then((outcome) => {
                          if (stopped) return;
                          if (outcome === 'unavailable') sink.error(error);
                          else start(renewalsLeft - 1);
                        });
                        return;
                      }
                      sink.error(error);
                    },
                  };
                  stop = wsClient.subscribe(payload, relay);
                };
                start(3);
                return {
                  unsubscribe() {
                    if (stopped) return;
                    stopped = true;
                    activeSubscriptions -= 1;
                    if (activeSubscriptions === 0) clearTimeout(liveRefreshTimer);
                    stop();
                  },
                };
              },
            };
          },
        }),
      ],
    });
  }

  let current: { identity: string; client: Client } | undefined;

  return {
    live,
    session,
    refresher,
    clientFor(identity) {
      if (current?.identity !== identity) current = { identity, client: makeClient() };
      return current.client;
    },
    dispose() {
      clearTimeout(pongTimer);
      clearTimeout(liveRefreshTimer);
      stopWatchingSession();
      void wsClient.dispose();
    },
  };
}
