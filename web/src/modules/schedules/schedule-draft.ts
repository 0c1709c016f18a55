import type { HttpHeaderInput, ScheduleDetailFragment, ScheduleInput } from '../../gql/graphql.ts';
import { DEFAULT_TIMEOUT_MS, MAX_INTERVAL_MINUTES, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, hasBody } from './schedule-labels.ts';

/**
 * A schedule's form as the user types it, and the API input made from it.
 * Secret headers are write-only: the form never holds the stored ones, and
 * on an edit they are sent (replacing those stored) only when some are typed.
 */

export interface HeaderDraft {
  name: string;
  value: string;
}

export type TimingMode = 'interval' | 'cron';

export interface ScheduleDraft {
  name: string;
  method: string;
  url: string;
  headers: readonly HeaderDraft[];
  secretHeaders: readonly HeaderDraft[];
  body: string;
  /** Statuses as typed, separated by commas; empty: any 2xx. */
  expectedStatus: string;
  /** Milliseconds, as typed. */
  timeoutMs: string;
  timing: TimingMode;
  /** Minutes, as typed. */
  interval: string;
  cron: string;
  timezone: string;
  onSuccess: readonly string[];
  onFailure: readonly string[];
  enabled: boolean;
}

export interface DraftResult {
  input: ScheduleInput;
  /** What the form can tell before asking the API, by field. */
  problems: Record<string, string>;
}

/** The form's fields, as API errors name them after `input.`. */
export const SCHEDULE_FORM_FIELDS: readonly string[] = [
  'name',
  'method',
  'url',
  'headers',
  'secretHeaders',
  'body',
  'expectedStatus',
  'timeoutMs',
  'intervalMinutes',
  'cron',
  'timezone',
  'onSuccess',
  'onFailure',
  'enabled',
];

export const DEFAULT_INTERVAL = '60';

export function newScheduleDraft(timezone: string): ScheduleDraft {
  return {
    name: '',
    method: 'GET',
    url: '',
    headers: [],
    secretHeaders: [],
    body: '',
    expectedStatus: '',
    timeoutMs: String(DEFAULT_TIMEOUT_MS),
    timing: 'interval',
    interval: DEFAULT_INTERVAL,
    cron: '',
    timezone,
    onSuccess: [],
    onFailure: [],
    enabled: true,
  };
}

type StoredSchedule = Pick<ScheduleDetailFragment, 'name' | 'http' | 'intervalMinutes' | 'cron' | 'timezone' | 'enabled' | 'onSuccess' | 'onFailure'>;

/** The form of a stored schedule; its secret headers left empty (kept unless typed). */
export function draftOfSchedule(schedule: StoredSchedule, fallbackTimezone: string): ScheduleDraft {
  const blank = newScheduleDraft(fallbackTimezone);
  const http = schedule.http;
  return {
    name: schedule.name,
    method: http?.method ?? blank.method,
    url: http?.url ?? blank.url,
    headers: http ? http.headers.map(({ name, value }) => ({ name, value })) : blank.headers,
    secretHeaders: [],
    body: http?.body ?? '',
    expectedStatus: http ? http.expectedStatus.join(', ') : blank.expectedStatus,
    timeoutMs: http ? String(http.timeoutMs) : blank.timeoutMs,
    timing: schedule.cron ? 'cron' : 'interval',
    interval: String(schedule.intervalMinutes ?? DEFAULT_INTERVAL),
    cron: schedule.cron ?? '',
    timezone: schedule.timezone ?? fallbackTimezone,
    onSuccess: schedule.onSuccess.map((other) => other.id),
    onFailure: schedule.onFailure.map((other) => other.id),
    enabled: schedule.enabled,
  };
}

/** Rows with a name or a value; a row with a value and no name is a problem. */
function headersOf(rows: readonly HeaderDraft[], field: string, problems: Record<string, string>): HttpHeaderInput[] {
  const kept = rows.map((row) => ({ name: row.name.trim(), value: row.value })).filter((row) => row.name !== '' || row.value !== '');
  if (kept.some((row) => row.name === '')) problems[field] = 'Every header needs a name';
  return kept;
}

/** "200, 204" → [200, 204]; a problem for anything that is not a status. */
export function parseStatuses(text: string, problems: Record<string, string>): number[] {
  const parts = text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const statuses: number[] = [];
  for (const part of parts) {
    const status = Number(part);
    if (!/^\d+$/.test(part) || status < 100 || status > 599) {
      problems.expectedStatus = 'HTTP statuses from 100 to 599, separated by commas';
      continue;
    }
    if (!statuses.includes(status)) statuses.push(status);
  }
  return statuses;
}

/** The interval typed, when it is a whole number of minutes the API takes. */
export function intervalOf(text: string): number | null {
  const trimmed = text.trim();
  const minutes = Number(trimmed);
  return /^\d+$/.test(trimmed) && minutes >= 1 && minutes <= MAX_INTERVAL_MINUTES ? minutes : null;
}

/**
 * The input of a create or an edit: the whole schedule as the form holds it
 * (the API keeps the fields not given, so all of them are given), but the
 * secret headers only when some are typed, and on a create.
 */
export function scheduleInput(draft: ScheduleDraft, editing: boolean): DraftResult {
  const problems: Record<string, string> = {};
  const name = draft.name.trim();
  if (!name) problems.name = 'Required';
  const url = draft.url.trim();
  if (!url) problems.url = 'Required';
  const method = draft.method.toUpperCase();
  const timeoutText = draft.timeoutMs.trim();
  const timeoutMs = Number(timeoutText);
  if (!/^\d+$/.test(timeoutText) || timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
    problems.timeoutMs = `Milliseconds, from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`;
  }
  const input: ScheduleInput = {
    name,
    method,
    url,
    headers: headersOf(draft.headers, 'headers', problems),
    body: hasBody(method) ? draft.body : '',
    expectedStatus: parseStatuses(draft.expectedStatus, problems),
    timeoutMs: Number.isInteger(timeoutMs) ? timeoutMs : null,
    onSuccess: [...draft.onSuccess],
    onFailure: [...draft.onFailure],
    enabled: draft.enabled,
  };
  const secretHeaders = headersOf(draft.secretHeaders, 'secretHeaders', problems);
  if (secretHeaders.length > 0 || !editing) input.secretHeaders = secretHeaders;
  if (draft.timing === 'interval') {
    const minutes = intervalOf(draft.interval);
    if (minutes === null) problems.intervalMinutes = `A whole number of minutes from 1 to ${MAX_INTERVAL_MINUTES}`;
    input.intervalMinutes = minutes;
  } else {
    const cron = draft.cron.trim().replace(/\s+/g, ' ');
    if (!cron) problems.cron = 'Required: minute hour day month weekday, like 0 3 * * *';
    input.cron = cron;
    input.timezone = draft.timezone || 'UTC';
  }
  return { input, problems };
}
