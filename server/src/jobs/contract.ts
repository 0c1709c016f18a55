/**
 * The contract between the API (producer) and the workers (processors):
 * queue names, job names, payload and result types. Both sides import it;
 * nothing else names a queue or a job.
 */

import type { DiscoveryKind } from '../modules/discovery/connection.model.js';
import type { DiscoveryCounts, DiscoveryRunStatus } from '../modules/discovery/discovery-run.model.js';
import type { StrandedRepairResult } from '../modules/history/stranded-repair.js';

export const QUEUE_NAMES = ['discovery', 'reports', 'graphs', 'maintenance', 'mail'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** The periodic sweep that records changes a crash kept from being recorded. Nothing to say: it looks at everything. */
export type RepairHistoryPayload = Record<string, never>;

/** A password reset someone asked for: the worker looks the address up, and e-mails a link if it has an account. */
export interface PasswordResetMailPayload {
  /** Random, made by the API: the id of the reset and of its link, so a job run twice sends the same link. */
  requestId: string;
  /** As typed, lower-cased. */
  email: string;
  /** Epoch milliseconds: the link expires an hour after the request, however long the e-mail waited. */
  requestedAt: number;
}

/** An invitation to a team, e-mailed to the address it was made for. */
export interface TeamInvitationMailPayload {
  invitationId: string;
}

/** What a mail job did: `sent` false when there was nothing to send (unknown address, invitation withdrawn). */
export interface MailResult {
  sent: boolean;
}

/** A discovery run: the parent job of its flow, run once every child job has finished (or failed for good). */
export interface DiscoveryRunPayload {
  runId: string;
}

/** One (connection, region, kind) of a run: a child job of the run's flow. */
export interface DiscoverKindPayload {
  runId: string;
  connectionId: string;
  /** An AWS region, or `global` for kinds that are not regional. */
  region: string;
  kind: DiscoveryKind;
}

/** A tick of a connection's schedule for one kind: discovery of that kind in its regions, unless it is paused or still running. */
export interface DiscoveryTickPayload {
  connectionId: string;
  kind: DiscoveryKind;
}

/** A run of an HTTP schedule: a tick of its job scheduler, a "run now", or a follow-up of another's run. */
export interface ScheduleTickPayload {
  scheduleId: string;
  trigger: 'SCHEDULE' | 'MANUAL' | 'FOLLOW_UP';
  /** The run whose outcome started this follow-up. */
  after: string | null;
  /** How many follow-ups led here. */
  depth: number;
  /** The first run of its chain of follow-ups; null for a tick or a "run now". */
  root: string | null;
}

/** A run of a report, made by the API (or a schedule's tick) before it is queued: the job's id is the run's. */
export interface ReportRunPayload {
  runId: string;
}

/** A tick of a report's schedule: a run for each person it is e-mailed to, as that person. */
export interface ReportTickPayload {
  reportId: string;
  /** "Run now": runs even while the schedule is paused. */
  manual?: boolean;
}

/** The e-mail of a scheduled run's result, with its exports attached. */
export interface ReportMailPayload {
  runId: string;
}

/** A build of a dependency graph, made by the API (or a schedule's tick) before it is queued. */
export interface GraphBuildPayload {
  buildId: string;
}

/** A tick of a graph's schedule: a build for its creator. */
export interface GraphTickPayload {
  graphId: string;
}

/** The periodic sweep of report runs past their retention. */
export type PruneReportRunsPayload = Record<string, never>;

/** Every job: its payload and the result its processor returns. */
export interface JobMap {
  'repair-history': { payload: RepairHistoryPayload; result: StrandedRepairResult };
  passwordResetMail: { payload: PasswordResetMailPayload; result: MailResult };
  teamInvitationMail: { payload: TeamInvitationMailPayload; result: MailResult };
  discoveryRun: { payload: DiscoveryRunPayload; result: { status: DiscoveryRunStatus } };
  discoverKind: { payload: DiscoverKindPayload; result: DiscoveryCounts };
  discoveryTick: { payload: DiscoveryTickPayload; result: { runId: string | null; skipped: string | null } };
  scheduleTick: { payload: ScheduleTickPayload; result: { status: string | null } };
  reportRun: { payload: ReportRunPayload; result: { status: string } };
  reportTick: { payload: ReportTickPayload; result: { runs: number } };
  reportMail: { payload: ReportMailPayload; result: MailResult };
  'prune-report-runs': { payload: PruneReportRunsPayload; result: { deleted: number } };
  graphBuild: { payload: GraphBuildPayload; result: { status: string } };
  graphTick: { payload: GraphTickPayload; result: { built: boolean } };
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
  discovery: ['discoveryRun', 'discoverKind', 'discoveryTick'],
  reports: ['reportRun', 'reportTick'],
  graphs: ['graphBuild', 'graphTick'],
  maintenance: ['repair-history', 'scheduleTick', 'prune-report-runs'],
  mail: ['passwordResetMail', 'teamInvitationMail', 'reportMail'],
};

/**
 * Jobs that run on a schedule, each kept by one BullMQ job scheduler whose id
 * is the job's name (`upsertJobScheduler` is idempotent on it, so every
 * process may declare it).
 */
export const SCHEDULED_JOBS = {
  'repair-history': 'maintenance',
  'prune-report-runs': 'maintenance',
} as const satisfies Partial<Record<JobName, QueueName>>;
export type ScheduledJob = keyof typeof SCHEDULED_JOBS;

/** The jobs of the mail queue: every e-mail Maestro sends is one. */
export type MailJobName = 'passwordResetMail' | 'teamInvitationMail' | 'reportMail';

/**
 * How mail jobs are delivered: an SMTP server that is down is tried again
 * with exponential back-off (1 s, 2 s, 4 s … about 70 minutes in all); a
 * delivered job leaves nothing behind (its payload holds an address), a
 * failed one stays for a week for inspection.
 */
export const MAIL_DELIVERY = {
  attempts: 13,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * How the jobs of a discovery run are delivered: each (region, kind) job is
 * tried 3 times with exponential back-off (2 s, then 4 s); its failure is
 * its own (the run goes on, PARTIAL); finished jobs leave nothing behind, so
 * that their deterministic ids are free for the next run (the run keeps
 * their counts and errors).
 */
export const DISCOVERY_DELIVERY = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: true,
  ignoreDependencyOnFailure: true,
} as const;

/**
 * How report runs are delivered: a run whose worker died is taken up again
 * (BullMQ's stalled-job check) and starts over from its first row, writing
 * its pages in place; an error is tried twice more (5 s, then 10 s) before
 * the run is FAILED. The run keeps its outcome, the job leaves nothing.
 */
export const REPORT_DELIVERY = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: true,
  removeOnFail: true,
} as const;

export function componentNameOfQueue(queue: QueueName): string {
  return `queue:${queue}`;
}
