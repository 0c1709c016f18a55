/**
 * The contract between the API (producer) and the workers (processors):
 * queue names, job names, payload and result types. Both sides import it;
 * nothing else names a queue or a job.
 */

export const QUEUE_NAMES = ['discovery', 'reports', 'graphs', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface PingPayload {
  /** Who asked: the process that runs the status check. */
  requestedBy: string;
  /** Epoch milliseconds; a ping older than the status timeout is answered without work. */
  requestedAt: number;
}

export interface PingResult {
  worker: string;
  queue: QueueName;
  stale: boolean;
}

/** Every job: its payload and the result its processor returns. */
export interface JobMap {
  ping: { payload: PingPayload; result: PingResult };
}

export type JobName = keyof JobMap;
export type JobPayload<N extends JobName> = JobMap[N]['payload'];
export type JobResult<N extends JobName> = JobMap[N]['result'];

/** Which jobs each queue carries. Each (queue, job) pair needs exactly one processor. */
export const QUEUE_JOBS: Readonly<Record<QueueName, readonly JobName[]>> = {
  discovery: ['ping'],
  reports: ['ping'],
  graphs: ['ping'],
  maintenance: ['ping'],
};

export function componentNameOfQueue(queue: QueueName): string {
  return `queue:${queue}`;
}
