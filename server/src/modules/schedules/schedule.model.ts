import { ObjectId } from 'mongodb';
import { InputError } from '../../graphql/errors.js';
import { DISCOVERY_KINDS, type DiscoveryKind } from '../discovery/connection.model.js';
import type { AccessControlled } from '../access/access.model.js';
import type { SealedSecret } from '../../shared/secret-box.js';

/** The global id type of an HTTP schedule, and its entity type in history and grants. */
export const SCHEDULE_TYPE = 'Schedule';

/** How a schedule's run ended. */
export const SCHEDULE_RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const;
export type ScheduleRunStatus = (typeof SCHEDULE_RUN_STATUSES)[number];

/** What started a schedule's run. */
export const SCHEDULE_TRIGGERS = ['SCHEDULE', 'MANUAL', 'FOLLOW_UP'] as const;
export type ScheduleTrigger = (typeof SCHEDULE_TRIGGERS)[number];

export interface HttpHeader {
  name: string;
  value: string;
}

/** A header whose value is sealed like a connection's secret: opened in memory only, for the call. */
export interface SealedHeader {
  name: string;
  sealed: SealedSecret;
}

/** The call an HTTP schedule makes. */
export interface HttpCall {
  method: string;
  url: string;
  /** Headers shown and kept in the history. */
  headers: HttpHeader[];
  body: string | null;
  /** Statuses that count as success; empty: any 2xx. */
  expectedStatus: number[];
  timeoutMs: number;
}

/**
 * A custom HTTP schedule ("normally a REST call"): a call made every
 * `intervalMinutes`, or on a cron expression in a time zone, with follow-ups
 * run after it succeeds or fails. Access-controlled and versioned like a
 * connection; its secret headers are sealed and never returned.
 */
export interface ScheduleDoc extends AccessControlled {
  _id: ObjectId;
  name: string;
  nameLower: string;
  http: HttpCall;
  secretHeaders: SealedHeader[];
  intervalMinutes: number | null;
  cron: string | null;
  timezone: string | null;
  /** Hex ids of the schedules run after a run that succeeded, or failed. */
  onSuccess: string[];
  onFailure: string[];
  enabled: boolean;
  active: boolean;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  pending?: Record<string, unknown>;
}

/**
 * One run of an HTTP schedule, by the id of the job that made it (a tick, a
 * "run now", a follow-up): a job run again after a crash finds its run and
 * calls nothing twice.
 */
export interface ScheduleRunDoc {
  _id: string;
  scheduleId: string;
  trigger: ScheduleTrigger;
  /** The run whose outcome started this follow-up. */
  after: string | null;
  /** The first run of its chain of follow-ups (itself, for a tick or a "run now"). */
  root: string;
  status: ScheduleRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  httpStatus: number | null;
  /** The first bytes of the answer. */
  bodyStart: string | null;
  error: string | null;
  /** Who could read the schedule when it ran (for the events' first filter). */
  readers: string[];
}

/** Follow-ups chain at most this deep (A after B after C…): a loop of schedules stops there. */
export const MAX_FOLLOW_UP_DEPTH = 10;

/** The global id of a connection's schedule for one kind: `Schedule:<connection>:<KIND>`. */
export function discoveryScheduleId(connectionId: string, kind: DiscoveryKind): string {
  return Buffer.from(`${SCHEDULE_TYPE}:${connectionId}:${kind}`).toString('base64url');
}

/** The global id of a report's schedule: `Schedule:<report>:REPORT`. */
export function reportScheduleId(reportId: string): string {
  return Buffer.from(`${SCHEDULE_TYPE}:${reportId}:REPORT`).toString('base64url');
}

export type ScheduleRef =
  | { target: 'HTTP'; id: ObjectId }
  | { target: 'DISCOVERY'; connectionId: ObjectId; kind: DiscoveryKind }
  | { target: 'REPORT'; reportId: ObjectId };

/** What a schedule's global id names: an HTTP schedule, a connection's schedule for one kind, or a report's schedule. */
export function scheduleRef(globalId: string, path = 'id'): ScheduleRef {
  const decoded = /^Schedule:([0-9a-f]{24})(?::([A-Z_]+))?$/.exec(Buffer.from(globalId, 'base64url').toString('utf8'));
  if (!decoded) throw new InputError(`${path} is not the id of a Schedule.`, [{ path, message: 'must be the id of a Schedule' }]);
  if (decoded[2] === undefined) return { target: 'HTTP', id: new ObjectId(decoded[1]!) };
  if (decoded[2] === 'REPORT') return { target: 'REPORT', reportId: new ObjectId(decoded[1]!) };
  const kind = decoded[2] as DiscoveryKind;
  if (!DISCOVERY_KINDS.includes(kind)) throw new InputError(`${path} is not the id of a Schedule.`, [{ path, message: 'must be the id of a Schedule' }]);
  return { target: 'DISCOVERY', connectionId: new ObjectId(decoded[1]!), kind };
}
