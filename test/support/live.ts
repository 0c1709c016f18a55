import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Live subscriptions in tests, without sleeps: a test waits until the API
 * process has attached its subscriptions' listeners (the
 * `maestro_event_listeners` gauge of GET /metrics) before it acts, waits for
 * the events it expects, and proves that an event did not arrive by waiting
 * for a later event that must arrive (events of one topic reach one
 * subscription in the order they were published).
 */

export interface Recorded<T = Record<string, unknown>> {
  client: Client;
  /** `data` of every result received so far, in order. */
  data: T[];
  /** Errors the subscription ended with. */
  errors: unknown[];
  /** The close code of the connection, once it closed. */
  closed: Promise<number>;
  /** Resolves with the first received item (existing or future) that matches. */
  next(match: (item: T) => boolean, what: string, timeoutMs?: number): Promise<T>;
  dispose(): Promise<void>;
}

/** Opens a connection with `token` (if any) and starts one subscription on it. */
export function record<T = Record<string, unknown>>(wsUrl: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Recorded<T> {
  const data: T[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  let onClosed: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => {
    onClosed = resolve;
  });
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    // Connection errors and closes are expected in tests: observed here, never printed.
    onNonLazyError: () => undefined,
  });
  client.on('closed', (event) => onClosed((event as { code?: number }).code ?? 0));
  client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.data) data.push(result.data as T);
        for (const wake of waiters) wake();
      },
      error: (error) => {
        errors.push(error);
        for (const wake of waiters) wake();
      },
      complete: () => undefined,
    },
  );
  return {
    client,
    data,
    errors,
    closed,
    next(match, what, timeoutMs = 15_000) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = data.find(match);
          if (found !== undefined) {
            done();
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${what} within ${timeoutMs} ms; received ${JSON.stringify(data)}, errors ${JSON.stringify(errors)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** Listeners of `topic` attached in the API process at `url` right now. */
export async function eventListeners(url: string, topic: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`maestro_event_listeners{topic="${topic}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** Waits until the API process at `url` has at least `count` listeners of each topic given. */
export async function waitForListeners(url: string, counts: Record<string, number>, timeoutMs = 15_000): Promise<void> {
  let seen: Record<string, number> = {};
  const reached = async () => {
    seen = await listenerBaseline(url, Object.keys(counts));
    return Object.entries(counts).every(([topic, count]) => (seen[topic] ?? 0) >= count);
  };
  await until(reached, `listeners to reach ${JSON.stringify(counts)}`, timeoutMs).catch((error: Error) => {
    throw new Error(`${error.message}; last seen ${JSON.stringify(seen)}`);
  });
}

/** Listener counts of several topics at `url`, to add the subscriptions a test opens to. */
export async function listenerBaseline(url: string, topics: readonly string[]): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(topics.map(async (topic) => [topic, await eventListeners(url, topic)] as const)));
}

/** Polls `check` until it returns true. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
