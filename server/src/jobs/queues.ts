import { FlowProducer, Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, SCHEDULED_JOBS, type JobName, type JobPayload, type QueueName, type ScheduledJob } from './contract.js';

export interface QueueSet {
  queues: Record<QueueName, Queue>;
  /** Adds a parent job with its children at once (a discovery run and its jobs). */
  flows: FlowProducer;
  enqueue<N extends JobName>(queue: QueueName, name: N, payload: JobPayload<N>, opts?: JobsOptions): ReturnType<Queue['add']>;
  /** Runs `name` every `everyMs`, whatever the number of processes that ask: one scheduler per job, in Redis. */
  schedule<N extends ScheduledJob>(name: N, everyMs: number, payload: JobPayload<N>): Promise<void>;
  close(): Promise<void>;
}

/** One BullMQ Queue per queue name, sharing one connection for commands. */
export function createQueueSet(connection: Redis, prefix: string): QueueSet {
  const queues = Object.fromEntries(
    QUEUE_NAMES.map((name) => [name, new Queue(name, { connection, prefix: `${prefix}:bull` })]),
  ) as Record<QueueName, Queue>;
  const flows = new FlowProducer({ connection, prefix: `${prefix}:bull` });
  return {
    queues,
    flows,
    enqueue(queue, name, payload, opts) {
      return queues[queue].add(name, payload, opts);
    },
    async schedule(name, everyMs, payload) {
      await queues[SCHEDULED_JOBS[name]].upsertJobScheduler(
        name,
        { every: everyMs },
        // Only the latest runs are kept, for inspection.
        { name, data: payload, opts: { removeOnComplete: { count: 20 }, removeOnFail: { count: 50 } } },
      );
    },
    async close() {
      await Promise.all([...Object.values(queues).map((q) => q.close()), flows.close()]);
    },
  };
}
