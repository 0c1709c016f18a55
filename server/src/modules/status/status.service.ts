import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import { pingMongo } from '../../infra/mongo.js';
import { pingRedis } from '../../infra/redis.js';
import { QUEUE_NAMES, componentNameOfQueue, type QueueName } from '../../jobs/contract.js';
import type { QueueSet } from '../../jobs/queues.js';
import type { ComponentReport, StatusReport } from './status.model.js';

export interface StatusDeps {
  db: Db;
  redis: Redis;
  queues: QueueSet;
  /** Prefix of every Redis key Maestro writes. */
  prefix: string;
  /** Name of this process, e.g. `api:host:1234`. */
  self: string;
  timeoutMs: number;
  /** How long an API heartbeat counts as alive. */
  heartbeatTtlMs: number;
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'check failed';
}

/**
 * The "ping" of the whole stack. Every check is a real round trip: MongoDB
 * and Redis answer a ping, each worker queue answers a ping job that a live
 * worker processed, and API processes are alive when their heartbeat is fresh.
 */
export class StatusService {
  constructor(private readonly deps: StatusDeps) {}

  private get heartbeatKey(): string {
    return `${this.deps.prefix}:api-processes`;
  }

  /** Records that the API process `name` is alive now. */
  async heartbeat(name: string): Promise<void> {
    const now = Date.now();
    await this.deps.redis
      .multi()
      .zadd(this.heartbeatKey, now, name)
      .zremrangebyscore(this.heartbeatKey, '-inf', now - this.deps.heartbeatTtlMs)
      .exec();
  }

  /** Forgets an API process that is shutting down. */
  async leave(name: string): Promise<void> {
    await this.deps.redis.zrem(this.heartbeatKey, name);
  }

  async check(): Promise<StatusReport> {
    const components = await Promise.all([
      this.checkApi(),
      this.timed('mongodb', 'DATABASE', () => pingMongo(this.deps.db)),
      this.timed('redis', 'REDIS', () => pingRedis(this.deps.redis)),
      ...QUEUE_NAMES.map((queue) => this.checkQueue(queue)),
    ]);
    return {
      ok: components.every((c) => c.ok),
      checkedAt: new Date().toISOString(),
      checkedBy: this.deps.self,
      components,
    };
  }

  private async timed(
    name: string,
    kind: ComponentReport['kind'],
    ping: () => Promise<number>,
  ): Promise<ComponentReport> {
    try {
      const latencyMs = await withTimeout(ping(), this.deps.timeoutMs, name);
      return { name, kind, ok: true, latencyMs: round(latencyMs), detail: null };
    } catch (error) {
      return { name, kind, ok: false, latencyMs: null, detail: describe(error) };
    }
  }

  private async checkApi(): Promise<ComponentReport> {
    const started = performance.now();
    try {
      const since = Date.now() - this.deps.heartbeatTtlMs;
      const live = await withTimeout(
        this.deps.redis.zcount(this.heartbeatKey, since, '+inf'),
        this.deps.timeoutMs,
        'redis',
      );
      const latencyMs = round(performance.now() - started);
      return {
        name: 'api',
        kind: 'API',
        ok: live > 0,
        latencyMs,
        detail: live > 0 ? `${live} API process${live === 1 ? '' : 'es'} live` : 'no API process has reported in',
      };
    } catch (error) {
      return { name: 'api', kind: 'API', ok: false, latencyMs: null, detail: `cannot read heartbeats: ${describe(error)}` };
    }
  }

  /** A ping job through the queue, answered by whichever worker takes it. */
  private async checkQueue(queue: QueueName): Promise<ComponentReport> {
    const name = componentNameOfQueue(queue);
    const started = performance.now();
    try {
      const events = this.deps.queues.events(queue);
      await withTimeout(events.waitUntilReady(), this.deps.timeoutMs, 'redis');
      const job = await this.deps.queues.enqueue(
        queue,
        'ping',
        { requestedBy: this.deps.self, requestedAt: Date.now() },
        // Kept briefly so that a fast answer is still there when the wait starts.
        { removeOnComplete: { age: 60, count: 1000 }, removeOnFail: { age: 60, count: 1000 }, attempts: 1 },
      );
      const result = (await job.waitUntilFinished(events, this.deps.timeoutMs)) as { worker?: string } | undefined;
      return {
        name,
        kind: 'QUEUE',
        ok: true,
        latencyMs: round(performance.now() - started),
        detail: result?.worker ? `answered by ${result.worker}` : null,
      };
    } catch (error) {
      return { name, kind: 'QUEUE', ok: false, latencyMs: null, detail: await this.queueFailure(queue, error) };
    }
  }

  private async queueFailure(queue: QueueName, error: unknown): Promise<string> {
    const timedOut = error instanceof TimeoutError || /timed out|Job wait/i.test(describe(error));
    if (!timedOut) return describe(error);
    try {
      const workers = await withTimeout(this.deps.queues.queues[queue].getWorkersCount(), this.deps.timeoutMs, 'redis');
      if (workers === 0) return `no worker is listening on this queue (no answer within ${this.deps.timeoutMs} ms)`;
      return `${workers} worker(s) connected but none answered within ${this.deps.timeoutMs} ms`;
    } catch {
      return `no worker answered within ${this.deps.timeoutMs} ms`;
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
