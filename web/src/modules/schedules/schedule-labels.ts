import type { ScheduleRunStatus, ScheduleTarget, ScheduleTrigger } from '../../gql/graphql.ts';
import type { StatusTone } from '../discovery/discovery-labels.ts';

/**
 * Schedules in the dashboard's words: what each runs, their timing, where a
 * run is, what started it, and the next run times of an interval.
 */

/** The methods the API takes, GET first (its default). */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods whose calls carry a body. */
export const BODY_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export function hasBody(method: string): boolean {
  return BODY_METHODS.includes(method.toUpperCase());
}

/** The longest interval the API takes: 90 days. */
export const MAX_INTERVAL_MINUTES = 90 * 24 * 60;
export const MIN_TIMEOUT_MS = 100;
export const MAX_TIMEOUT_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 10_000;

/** What a schedule runs. */
export const SCHEDULE_TARGET_LABELS: Readonly<Record<ScheduleTarget, string>> = {
  HTTP: 'HTTP call',
  DISCOVERY: 'Discovery',
  REPORT: 'Report',
};

export const SCHEDULE_RUN_STATUS_LABELS: Readonly<Record<ScheduleRunStatus, string>> = {
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  SKIPPED: 'Skipped',
};

export const SCHEDULE_TRIGGER_LABELS: Readonly<Record<ScheduleTrigger, string>> = {
  SCHEDULE: 'On schedule',
  MANUAL: 'Run now',
  FOLLOW_UP: 'Follow-up',
};

export function scheduleRunTone(status: ScheduleRunStatus): StatusTone {
  switch (status) {
    case 'SUCCEEDED':
      return 'up';
    case 'FAILED':
      return 'down';
    case 'SKIPPED':
      return 'warn';
    case 'RUNNING':
      return 'busy';
  }
}

const UNITS = [
  { minutes: 7 * 24 * 60, one: 'week' },
  { minutes: 24 * 60, one: 'day' },
  { minutes: 60, one: 'hour' },
  { minutes: 1, one: 'minute' },
] as const;

/** "every minute", "every 5 minutes", "every hour", "every 2 days": the largest whole unit. */
export function describeInterval(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) return '—';
  const unit = UNITS.find((candidate) => minutes % candidate.minutes === 0) ?? UNITS[UNITS.length - 1]!;
  const count = minutes / unit.minutes;
  return count === 1 ? `every ${unit.one}` : `every ${count} ${unit.one}s`;
}

export interface Timing {
  intervalMinutes?: number | null;
  cron?: string | null;
  timezone?: string | null;
}

/** "every 5 minutes", or "cron 0 3 * * * (Europe/Paris)". */
export function describeTiming(timing: Timing): string {
  if (timing.cron) return `cron ${timing.cron} (${timing.timezone ?? 'UTC'})`;
  if (timing.intervalMinutes) return describeInterval(timing.intervalMinutes);
  return '—';
}

/**
 * The next `count` run times of an interval, as ISO strings: from `first`
 * when the next one is known (a saved schedule's nextRunAt), else one
 * interval after `now` (a schedule about to be saved starts its clock then).
 */
export function nextIntervalRuns(minutes: number, now: number, count = 5, first?: string | null): string[] {
  if (!Number.isInteger(minutes) || minutes <= 0 || count <= 0) return [];
  const step = minutes * 60_000;
  const known = first ? Date.parse(first) : Number.NaN;
  const start = Number.isNaN(known) ? now + step : known;
  return Array.from({ length: count }, (_, index) => new Date(start + index * step).toISOString());
}

/** The first lines of an answer's body, and whether more was cut. */
export function bodyExcerpt(body: string | null | undefined, lines = 6, chars = 600): { text: string; cut: boolean } {
  if (!body) return { text: '', cut: false };
  const all = body.split(/\r?\n/);
  let text = all.slice(0, lines).join('\n');
  let cut = all.length > lines;
  if (text.length > chars) {
    text = text.slice(0, chars);
    cut = true;
  }
  return { text, cut };
}

/** "850 ms", "1.2 s", "2 min 5 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** The time zones the browser knows, the given one included (kept first when it is unknown to the list). */
export function timeZoneChoices(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = known.includes('UTC') ? [...known] : ['UTC', ...known];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

/** The browser's time zone, UTC when it says none. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
