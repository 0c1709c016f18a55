import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventBus } from '../../events/pubsub.js';
import { statusSignature, type StatusReport } from './status.model.js';
import type { StatusService } from './status.service.js';

/** Take the lease when free, renew it when ours; 1 when we hold it after the call. */
const LEASE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
elseif not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

export interface StatusMonitorDeps {
  service: StatusService;
  events: EventBus;
  redis: Redis;
  prefix: string;
  self: string;
  intervalMs: number;
  /** Lifetime of the lease: longer than a round (a check, then the interval), see the config. */
  leaseMs: number;
  logger: Logger;
}

/**
 * Watches the stack and publishes `statusChanged` when a component turns up
 * or down. Every API process runs one, but only the holder of a Redis lease
 * checks and publishes, so subscribers get one event per change whatever the
 * number of API processes; if the holder dies, another takes over when the
 * lease expires. Each process also records its heartbeat on every tick, so
 * the lease and the heartbeats last longer than a round: the check (up to
 * the status timeout) and the pause after it.
 */
export class StatusMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: StatusMonitorDeps) {}

  private get leaseKey(): string {
    return `${this.deps.prefix}:status:monitor`;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'status monitor tick failed'))
        .finally(() => this.schedule(this.deps.intervalMs));
    }, delay);
    this.timer.unref();
  }

  /** One round: heartbeat, then check and publish if this process holds the lease. */
  async tick(): Promise<void> {
    await this.deps.service.heartbeat(this.deps.self);
    const holds = await this.deps.redis.eval(LEASE_SCRIPT, 1, this.leaseKey, this.deps.self, String(this.deps.leaseMs));
    if (holds !== 1) return;
    const report = await this.deps.service.check();
    await publishIfChanged(this.deps.redis, statusLastKey(this.deps.prefix), this.deps.events, report);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    try {
      await this.deps.service.leave(this.deps.self);
      // Hand the lease over at once rather than letting it expire.
      const holder = await this.deps.redis.get(this.leaseKey);
      if (holder === this.deps.self) await this.deps.redis.del(this.leaseKey);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not release the status lease');
    }
  }
}

/**
 * Publishes a status report when its signature differs from the last one
 * published by any process. Returns whether it published.
 */
export async function publishIfChanged(
  redis: Redis,
  lastKey: string,
  events: EventBus,
  report: StatusReport,
): Promise<boolean> {
  const signature = statusSignature(report);
  const previous = await redis.getset(lastKey, signature);
  if (previous === signature) return false;
  events.publish('statusChanged', report);
  return true;
}

export function statusLastKey(prefix: string): string {
  return `${prefix}:status:last`;
}

/** Publishes a report whatever the last one was, e.g. when a worker comes online. */
export async function publishStatus(redis: Redis, prefix: string, events: EventBus, report: StatusReport): Promise<void> {
  await redis.set(statusLastKey(prefix), statusSignature(report));
  events.publish('statusChanged', report);
}
