import { createClient, type Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startStack, type Stack } from './support/stack.ts';
import { testEnv } from './support/env.ts';
import { spawnSync } from 'node:child_process';

interface StatusEvent {
  ok: boolean;
  checkedBy: string;
  components: Array<{ name: string; ok: boolean }>;
}

function subscribeStatus(wsUrl: string): { client: Client; events: StatusEvent[]; next(predicate: (e: StatusEvent) => boolean, timeoutMs?: number): Promise<StatusEvent> } {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
  const events: StatusEvent[] = [];
  const waiters: Array<{ predicate: (e: StatusEvent) => boolean; resolve: (e: StatusEvent) => void }> = [];
  client.subscribe<{ statusChanged: StatusEvent }>(
    { query: 'subscription { statusChanged { ok checkedBy components { name ok } } }' },
    {
      next: ({ data }) => {
        if (!data) return;
        events.push(data.statusChanged);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(data.statusChanged)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(data.statusChanged);
          }
        }
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
  return {
    client,
    events,
    next(predicate, timeoutMs = 15_000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event; saw ${JSON.stringify(events)}`)), timeoutMs);
        waiters.push({ predicate, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
  };
}

const queuesUp = (e: StatusEvent) => e.components.filter((c) => c.name.startsWith('queue:')).every((c) => c.ok);
const queuesDown = (e: StatusEvent) => e.components.filter((c) => c.name.startsWith('queue:')).every((c) => !c.ok);

describe('processes talking through Redis', () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.stop();
  });

  it('delivers what a worker publishes to a subscriber on another API process', async () => {
    // The worker's first report follows its start at once: on a machine busy with the other test files,
    // a ping job may take longer than the 1 s the tests use elsewhere.
    stack = await startStack({ label: 'events', apis: 2, worker: false, env: { STATUS_TIMEOUT_MS: '4000' } });
    const [, apiB] = stack.apis;
    const subscriber = subscribeStatus(apiB!.wsUrl);
    // Let the subscription reach the server before the worker speaks.
    await new Promise((r) => setTimeout(r, 500));
    await stack.startWorker();
    const fromWorker = await subscriber.next((e) => e.checkedBy.startsWith('worker:'));
    expect(fromWorker.ok).toBe(true);
    expect(queuesUp(fromWorker)).toBe(true);
    expect(fromWorker.components.find((c) => c.name === 'api')?.ok).toBe(true);

    // A crashed worker is noticed by the monitor of one API process and reaches B.
    await stack.worker?.kill();
    const down = await subscriber.next((e) => queuesDown(e));
    expect(down.checkedBy).toMatch(/^api:/);
    expect(down.ok).toBe(false);
    await subscriber.client.dispose();
  });

  it('stops gracefully on SIGTERM, leaving no process behind', async () => {
    const api = stack!.apis[0]!;
    await api.stop();
    expect(await api.exited).toBe(0);
    expect(api.output.some((l) => l.includes('"stopped"'))).toBe(true);
    expect(spawnSync('kill', ['-0', String(api.child.pid)]).status).not.toBe(0);
  });

  it('refuses to start in production without its secrets, naming each missing variable', async () => {
    const { status, stderr } = spawnSync(process.execPath, ['dist/server/src/main.js'], {
      env: { PATH: process.env.PATH ?? '', ...testEnv('prod'), NODE_ENV: 'production', JWT_SECRET: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(status).toBe(78);
    expect(stderr).toContain('JWT_SECRET: is required when NODE_ENV=production');
    expect(stderr).toContain('SHARE_TOKEN_SECRET: is required when NODE_ENV=production');
    expect(stderr).toContain('PUBLIC_URL: is required when NODE_ENV=production');
  });
});
