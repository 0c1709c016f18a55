import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { DiscoveryTickPayload } from '../../jobs/contract.js';
import { ensureScheduler, nextTick, pruneSchedulers } from '../../jobs/job-schedulers.js';
import type { ConnectionDoc, DiscoveryKind } from './connection.model.js';

/** The id of the BullMQ job scheduler that ticks one kind of one connection. */
export function tickSchedulerId(connectionId: string, kind: DiscoveryKind): string {
  return `discovery-tick/${connectionId}/${kind}`;
}

const PREFIX = 'discovery-tick/';

/**
 * Discovery that keeps itself current: each enabled kind of each enabled
 * connection has a BullMQ job scheduler on the `discovery` queue that adds
 * a `discoveryTick` job every interval. The schedule lives in Redis, not in
 * any process: BullMQ adds one job per tick (its id is the scheduler's and
 * the tick's time) however many API and worker processes there are, and a
 * restart of every process loses none. A process that changes a connection
 * makes its schedulers what the connection now says; a worker, as it
 * starts, does so for every connection (healing a crash between a change
 * and its schedulers) and removes the schedulers of connections that are
 * gone. A scheduler already as wanted is left alone, so no start adds a
 * tick of its own.
 */
export class DiscoverySchedules {
  constructor(
    private readonly queue: Queue,
    /** How long a schedule's minute lasts: 60,000 ms, shorter only in tests (SCHEDULE_MINUTE_MS). */
    private readonly minuteMs: number,
    private readonly logger: Logger,
  ) {}

  /** The schedulers one connection wants: interval in ms by scheduler id. */
  private wanted(connection: ConnectionDoc): Map<string, { kind: DiscoveryKind; everyMs: number }> {
    const wanted = new Map<string, { kind: DiscoveryKind; everyMs: number }>();
    if (!connection.active || !connection.enabled) return wanted;
    for (const setting of connection.kinds) {
      if (setting.enabled) wanted.set(tickSchedulerId(connection._id.toHexString(), setting.kind), { kind: setting.kind, everyMs: setting.intervalMinutes * this.minuteMs });
    }
    return wanted;
  }

  /** Makes the connection's schedulers what it says: one per enabled kind, at its interval; none when it is paused or deleted. Idempotent. */
  async sync(connection: ConnectionDoc): Promise<void> {
    const wanted = this.wanted(connection);
    const connectionId = connection._id.toHexString();
    for (const setting of connection.kinds) {
      const id = tickSchedulerId(connectionId, setting.kind);
      const want = wanted.get(id);
      if (want) await ensureScheduler(this.queue, id, { every: want.everyMs }, { name: 'discoveryTick', data: { connectionId, kind: want.kind } satisfies DiscoveryTickPayload });
      else await this.queue.removeJobScheduler(id);
    }
  }

  /** Every connection's schedulers as the database says; those of connections no longer listed are removed. */
  async syncAll(connections: readonly ConnectionDoc[]): Promise<{ schedulers: number; removed: number }> {
    const keep = new Set<string>();
    for (const connection of connections) {
      await this.sync(connection);
      for (const id of this.wanted(connection).keys()) keep.add(id);
    }
    const removed = await pruneSchedulers(this.queue, PREFIX, keep);
    if (removed > 0) this.logger.info({ removed }, 'removed the discovery schedules of connections that are gone');
    return { schedulers: keep.size, removed };
  }

  /** When the connection's kind ticks next; null when it does not. */
  nextTick(connectionId: string, kind: DiscoveryKind): Promise<Date | null> {
    return nextTick(this.queue, tickSchedulerId(connectionId, kind));
  }
}
