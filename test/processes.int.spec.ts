import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createQueueSet } from '../server/src/jobs/queues.ts';
import { testEnv } from './support/env.ts';
import { record, until, type Recorded } from './support/live.ts';
import { gql, startStack, type Stack } from './support/stack.ts';

interface StatusEvent {
  ok: boolean;
  checkedBy: string;
  components: Array<{ name: string; ok: boolean; latencyMs: number | null; detail: string | null }>;
}

const STATUS_FIELDS = 'ok checkedBy components { name ok latencyMs detail }';

type StatusData = { statusChanged: StatusEvent };

function subscribeStatus(wsUrl: string): Recorded<StatusData> {
  return record<StatusData>(wsUrl, null, `subscription { statusChanged { ${STATUS_FIELDS} } }`);
}

/** The first event received after `seen` was taken that matches. */
async function nextAfter(subscription: Recorded<StatusData>, seen: ReadonlySet<StatusData>, match: (e: StatusEvent) => boolean, what: string): Promise<StatusEvent> {
  return (await subscription.next((d) => !seen.has(d) && match(d.statusChanged), what)).statusChanged;
}

const queues = (e: StatusEvent) => e.components.filter((c) => c.name.startsWith('queue:'));
const queuesUp = (e: StatusEvent) => queues(e).every((c) => c.ok);
const queuesDown = (e: StatusEvent) => queues(e).every((c) => !c.ok);
const component = (e: StatusEvent, name: string) => e.components.find((c) => c.name === name);

describe('processes talking through Redis', () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.stop();
  });

  it('sends the current status to a subscriber as soon as it subscribes', async () => {
    stack = await startStack({ label: 'events', apis: 2, worker: false });
    const subscriber = subscribeStatus(stack.apis[1]!.wsUrl);
    try {
      // Nothing turns up or down meanwhile: the first event is the state of the stack, not a change.
      const current = (await subscriber.next(() => true, 'the current status')).statusChanged;
      expect(current.checkedBy).toMatch(/^api:/);
      expect(component(current, 'api')?.ok).toBe(true);
      expect(component(current, 'mongodb')?.ok).toBe(true);
      expect(queuesDown(current)).toBe(true);
      expect(current.ok).toBe(false);
    } finally {
      await subscriber.dispose();
    }
  });

  it('delivers what a worker publishes to a subscriber on another API process', async () => {
    const [, apiB] = stack!.apis;
    const subscriber = subscribeStatus(apiB!.wsUrl);
    try {
      // The current status comes once the subscription listens: from here on, nothing published is missed.
      await subscriber.next(() => true, 'the current status');
      const beforeStart = new Set(subscriber.data);
      await stack!.startWorker();
      const fromWorker = await nextAfter(subscriber, beforeStart, (e) => e.checkedBy.startsWith('worker:'), 'the status the worker announces');
      expect(fromWorker.ok).toBe(true);
      expect(queuesUp(fromWorker)).toBe(true);
      expect(component(fromWorker, 'api')?.ok).toBe(true);

      // A crashed worker is noticed by the monitor of one API process and reaches B.
      const beforeKill = new Set(subscriber.data);
      await stack!.worker?.kill();
      const down = await nextAfter(subscriber, beforeKill, queuesDown, 'the queues down');
      expect(down.checkedBy).toMatch(/^api:/);
      expect(down.ok).toBe(false);
    } finally {
      await subscriber.dispose();
    }
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
    expect(stderr).toContain('MAESTRO_ENCRYPTION_KEYS: is required when NODE_ENV=production');
    expect(stderr).toContain('PUBLIC_URL: is required when NODE_ENV=production');
  });

  it('refuses to start with a status lease that does not outlast one round of checks, naming the variables', async () => {
    for (const script of ['dist/server/src/main.js', 'dist/workers/src/main.js']) {
      const { status, stderr } = spawnSync(process.execPath, [script], {
        env: { PATH: process.env.PATH ?? '', ...testEnv('timings'), STATUS_INTERVAL_MS: '1000', STATUS_TIMEOUT_MS: '1000', STATUS_LEASE_MS: '1500' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(status, script).toBe(78);
      expect(stderr).toContain('STATUS_LEASE_MS, STATUS_INTERVAL_MS, STATUS_TIMEOUT_MS: the monitor lease and API heartbeats (1500 ms) must outlast');
    }
  });
});

describe('status of a busy worker', () => {
  it('keeps the queues of a worker busy with long jobs up, and turns them down within the status timeout once it is killed', async () => {
    const timeoutMs = 3000;
    const concurrency = 2;
    // hold-jobs (a test fault): every job the worker takes holds its slot for a minute.
    const stack = await startStack({
      label: 'busy',
      apis: 1,
      worker: true,
      env: { STATUS_TIMEOUT_MS: String(timeoutMs), WORKER_CONCURRENCY: String(concurrency), MAESTRO_FAULTS: 'hold-jobs' },
    });
    const redis = new Redis(stack.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const jobs = createQueueSet(redis, stack.env.REDIS_PREFIX!);
    const maintenance = jobs.queues.maintenance;
    const status = async () => {
      const { data, errors } = await gql<{ status: StatusEvent }>(stack.apis[0]!.url, `{ status { ${STATUS_FIELDS} } }`);
      if (!data) throw new Error(JSON.stringify(errors));
      return data.status;
    };
    try {
      // Every slot of the maintenance queue taken by a long job, and more waiting.
      for (let i = 0; i < concurrency + 2; i += 1) await jobs.enqueue('maintenance', 'repair-history', {}, { jobId: `long-${i}` });
      await until(async () => {
        const counts = await maintenance.getJobCounts('active', 'wait');
        return counts.active === concurrency && (counts.wait ?? 0) >= 1;
      }, 'the maintenance queue to be full', 30_000);

      // Up on every check, for longer than a heartbeat lives, while no slot frees.
      const watchUntil = Date.now() + 2 * timeoutMs;
      let checks = 0;
      while (Date.now() < watchUntil) {
        const report = await status();
        const queue = component(report, 'queue:maintenance')!;
        expect(queue.ok, queue.detail ?? '').toBe(true);
        expect(queue.detail).toMatch(new RegExp(`^served by worker:.*; ${concurrency} active, [1-9]\\d* waiting$`));
        expect(queue.latencyMs).toBeGreaterThanOrEqual(0);
        expect(report.ok).toBe(true);
        checks += 1;
      }
      expect(checks).toBeGreaterThan(1);
      expect(await maintenance.getJobCounts('active', 'completed')).toEqual({ active: concurrency, completed: 0 });

      // Killed: its last heartbeat stops counting once older than the status timeout.
      const killedAt = Date.now();
      await stack.worker!.kill();
      const trustedUntil = killedAt + timeoutMs + 250;
      let afterwards: StatusEvent | undefined;
      await until(async () => {
        const startedAt = Date.now();
        const report = await status();
        if (startedAt >= trustedUntil) afterwards = report;
        return afterwards !== undefined;
      }, 'a status check started once the last heartbeat expired', timeoutMs + 30_000);
      const queue = component(afterwards!, 'queue:maintenance')!;
      expect(queue.ok).toBe(false);
      expect(queue.detail).toMatch(/^no worker serves this queue/);
      expect(queuesDown(afterwards!)).toBe(true);
      expect(component(afterwards!, 'api')?.ok).toBe(true);
    } finally {
      await jobs.close();
      redis.disconnect();
      await stack.stop();
    }
  }, 90_000);
});
