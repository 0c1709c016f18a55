import type { Job } from 'bullmq';
import type { Config } from '../../server/src/config/env.js';
import type { Services } from '../../server/src/graphql/context.js';
import { QUEUE_JOBS, QUEUE_NAMES, type JobName, type JobPayload, type JobResult, type QueueName } from '../../server/src/jobs/contract.js';
import type { Logger } from '../../server/src/logger.js';

/** What a processor runs with: the same services as the API (one place for each rule). */
export interface JobContext {
  queue: QueueName;
  /** The worker process, e.g. `worker:host:1234:ab12cd34`. */
  worker: string;
  config: Config;
  services: Services;
  logger: Logger;
}

/** Handles one job. At-least-once delivery: safe to run twice. */
export type Processor<N extends JobName> = (job: Job<JobPayload<N>, JobResult<N>, N>, context: JobContext) => Promise<JobResult<N>>;

export interface ProcessorEntry {
  queue: QueueName;
  name: JobName;
  process: Processor<JobName>;
}

/** A processor entry for the job `name` on `queue`, typed by that job's payload and result. */
export function processorOf<N extends JobName>(queue: QueueName, name: N, process: Processor<N>): ProcessorEntry {
  // The dispatcher calls it only with jobs named `name` (buildRegistry keys it so).
  return { queue, name, process: process as unknown as Processor<JobName> };
}

export class RegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`Job processors do not match the job contract:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RegistryError';
  }
}

/**
 * Checks that every (queue, job) pair of the contract has exactly one
 * processor and that no processor serves a pair the contract lacks; returns
 * the processors by queue, then by job name.
 */
export function buildRegistry(entries: readonly ProcessorEntry[]): Map<QueueName, Map<JobName, Processor<JobName>>> {
  const problems: string[] = [];
  const byQueue = new Map<QueueName, Map<JobName, Processor<JobName>>>();
  for (const entry of entries) {
    if (!(QUEUE_JOBS[entry.queue] as readonly string[] | undefined)?.includes(entry.name)) {
      problems.push(`${entry.queue}/${entry.name} has a processor but is not in the job contract`);
      continue;
    }
    const jobs = byQueue.get(entry.queue) ?? new Map<JobName, Processor<JobName>>();
    if (jobs.has(entry.name)) problems.push(`${entry.queue}/${entry.name} has more than one processor`);
    jobs.set(entry.name, entry.process);
    byQueue.set(entry.queue, jobs);
  }
  for (const queue of QUEUE_NAMES) {
    for (const name of QUEUE_JOBS[queue]) {
      if (!byQueue.get(queue)?.has(name)) problems.push(`${queue}/${name} has no processor`);
    }
  }
  if (problems.length > 0) throw new RegistryError(problems);
  return byQueue;
}
