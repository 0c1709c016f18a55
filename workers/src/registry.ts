import type { Job } from 'bullmq';
import { QUEUE_JOBS, QUEUE_NAMES, type JobName, type JobPayload, type JobResult, type QueueName } from '../../server/src/jobs/contract.js';

export type Processor<N extends JobName> = (job: Job<JobPayload<N>, JobResult<N>, N>, queue: QueueName) => Promise<JobResult<N>>;

export interface ProcessorEntry {
  queue: QueueName;
  name: JobName;
  process: Processor<JobName>;
}

/** One processor of the registry, typed by its job: its payload and result are those of the contract. */
export function processorOf<N extends JobName>(queue: QueueName, name: N, process: Processor<N>): ProcessorEntry {
  // Dispatch is by job name (worker-app.ts), so each processor only ever gets jobs of its own name.
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
