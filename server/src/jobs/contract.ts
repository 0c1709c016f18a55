/**
 * The contract between the API (producer) and the workers (processors):
 * queue names, job names, payload and result types. Both sides import it;
 * nothing else names a queue or a job.
 */

import type { StrandedRepairResult } from '../modules/history/stranded-repair.js';

export const QUEUE_NAMES = ['discovery', 'reports', 'graphs', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** The periodic sweep that records changes a crash kept from being recorded. Nothing to say: it looks at everything. */
export type RepairHistoryPayload = Record<string, never>;

/** Every job: its payload and the result its processor returns. */
export interface JobMap {
  'repair-history': { payload: RepairHistoryPayload; result: StrandedRepairResult };
}

export type JobName = keyof JobMap;
export type JobPayload<N extends JobName> = JobMap[N]['payload'];
export type JobResult<N extends JobName> = JobMap[N]['result'];

/**
 * Which jobs each queue carries. Each (queue, job) pair needs exactly one
 * processor. Every queue is served by every worker process whether or not
 * it carries jobs yet, and its status comes from the workers' heartbeats.
 */
export const QUEUE_JOBS: Readonly<Record<QueueName, readonly JobName[]>> = {
  discovery: [],
  reports: [],
  graphs: [],
  maintenance: ['repair-history'],
};

/**
 * Jobs that run on a schedule, each kept by one BullMQ job scheduler whose id
 * is the job's name (`upsertJobScheduler` is idempotent on it, so every
 * process may declare it).
 */
export const SCHEDULED_JOBS = {
  'repair-history': 'maintenance',
} as const satisfies Partial<Record<JobName, QueueName>>;
export type ScheduledJob = keyof typeof SCHEDULED_JOBS;

export function componentNameOfQueue(queue: QueueName): string {
  return `queue:${queue}`;
}
