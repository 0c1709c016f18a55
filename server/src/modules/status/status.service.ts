import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { EventBus } from '../../events/pubsub.js';
import { pingMongo } from '../../infra/mongo.js';
import { pingRedis } from '../../infra/redis.js';
import { QUEUE_NAMES, componentNameOfQueue, type QueueName } from '../../jobs/contract.js';
import type { QueueSet } from '../../jobs/queues.js';
import type { HeartbeatRepository } from './heartbeat.repository.js';
import type { ComponentReport, StatusReport } from './status.model.js';

export interface StatusDeps {
  db: Db;
  redis: Redis;
  queues: QueueSet;
  heartbeats: HeartbeatRepository;
  events: EventBus;
  /** Name of this process, e.g. `api:host:1234`. */
  self: string;
  /** How long a check waits for each component; a worker's heartbeat older than this is not trusted. */
  timeoutMs: number;
  /** How long an API process's heartbeat counts as alive (it beats once per round of its monitor). */
  apiHeartbeatTtlMs: number;
}

/** The heartbeat group of API processes; workers beat in the group of each queue they serve. */
export const API_GROUP = 'api';

/** How often a worker beats: four times per lifetime, so one late beat never turns it down. */
export function workerBeatEveryMs(timeoutMs: number): number {
  return Math.floor(timeoutMs / 4);
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
 * The "ping" of the whole stack. Every check is a real round trip, and none
 * waits for a job slot: MongoDB and Redis answer a ping; API processes and
 * the workers of each queue are alive while their heartbeat in Redis is
 * fresh. A worker beats on a timer of its own, however busy its queues are,
 * so a worker running long jobs at full concurrency is up, and a killed one
 * is down once its last beat is older than the status timeout.
 */
export class StatusService {
  constructor(private readonly deps: StatusDeps) {}

  /** Records that the API process `name` is alive now. */
  async heartbeat(name: string): Promise<void> {
    await this.deps.heartbeats.beat([API_GROUP], name, this.deps.apiHeartbeatTtlMs);
  }

  /** Forgets an API process that is shutting down. */
  async leave(name: string): Promise<void> {
    await this.deps.heartbeats.leave([API_GROUP], name);
  }

  /** Records that the worker `name` serves `queues` now; its beat lasts the status timeout. */
  async workerHeartbeat(name: string, queues: readonly QueueName[]): Promise<void> {
    await this.deps.heartbeats.beat(queues.map(componentNameOfQueue), name, this.deps.timeoutMs);
  }

  /** Forgets a worker that is shutting down: it takes no new job. */
  async workerLeave(name: string, queues: readonly QueueName[]): Promise<void> {
    await this.deps.heartbeats.leave(queues.map(componentNameOfQueue), name);
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

  /**
   * The status now, then every change published by any process. The
   * listener is attached before the check runs (the process listens on
   * every event channel from its start), so a change that happens after the
   * first report is never missed.
   */
  watch(): AsyncIterableIterator<StatusReport> {
    const changes = this.deps.events.subscribe('statusChanged')[Symbol.asyncIterator]();
    // Asking for the first change is what attaches the listener.
    let firstChange: Promise<IteratorResult<StatusReport>> | undefined = changes.next();
    let current: Promise<IteratorResult<StatusReport>> | undefined = this.check().then((value) => ({ done: false, value }));
    const iterator: AsyncIterableIterator<StatusReport> = {
      next: () => {
        const next = current ?? firstChange ?? changes.next();
        if (current) current = undefined;
        else firstChange = undefined;
        return next;
      },
      return: async () => {
        current = undefined;
        firstChange = undefined;
        return changes.return ? changes.return() : { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
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
      const live = await withTimeout(this.deps.heartbeats.live(API_GROUP, this.deps.apiHeartbeatTtlMs), this.deps.timeoutMs, 'redis');
      const latencyMs = round(performance.now() - started);
      const count = live.length;
      return {
        name: 'api',
        kind: 'API',
        ok: count > 0,
        latencyMs,
        detail: count > 0 ? `${count} API process${count === 1 ? '' : 'es'} live` : 'no API process has reported in',
      };
    } catch (error) {
      return { name: 'api', kind: 'API', ok: false, latencyMs: null, detail: `cannot read heartbeats: ${describe(error)}` };
    }
  }

  /**
   * A queue is up while at least one worker serving it has beaten within the
   * status timeout. Its jobs are counted on the way, for the detail; neither
   * read waits for a worker to take a job.
   */
  private async checkQueue(queue: QueueName): Promise<ComponentReport> {
    const name = componentNameOfQueue(queue);
    const started = performance.now();
    try {
      const [workers, counts] = await withTimeout(
        Promise.all([this.deps.heartbeats.live(name, this.deps.timeoutMs), this.deps.queues.queues[queue].getJobCounts('active', 'wait')]),
        this.deps.timeoutMs,
        'redis',
      );
      const latencyMs = round(performance.now() - started);
      const jobs = `${counts.active ?? 0} active, ${counts.wait ?? 0} waiting`;
      if (workers.length === 0) {
        return { name, kind: 'QUEUE', ok: false, latencyMs, detail: `no worker serves this queue (none reported in within ${this.deps.timeoutMs} ms); ${jobs}` };
      }
      return { name, kind: 'QUEUE', ok: true, latencyMs, detail: `served by ${listWorkers(workers)}; ${jobs}` };
    } catch (error) {
      return { name, kind: 'QUEUE', ok: false, latencyMs: null, detail: `cannot read heartbeats: ${describe(error)}` };
    }
  }
}

/** `worker:a`, `worker:a, worker:b`, `worker:a, worker:b, worker:c and 2 more`. */
function listWorkers(workers: string[]): string {
  const shown = [...workers].sort().slice(0, 3).join(', ');
  return workers.length > 3 ? `${shown} and ${workers.length - 3} more` : shown;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
