import type { ExportFormat, ItemState, PivotLevel, PivotLevelInput, ReportDetailFragment, ReportInput, ReportKind, ReportScheduleInput } from '../../gql/graphql.ts';
import { FILTER_PARTS, draftOfFilter, filterInput, type FieldInfo, type FilterDraft } from './report-filters.ts';
import { DEFAULT_PIVOT_LEVELS, MIN_REPORT_INTERVAL_MINUTES, PIVOT_LEVELS, PIVOT_LEVEL_TYPES, nameFieldOf } from './report-labels.ts';

/**
 * A report's definition as the builder holds it, and the API's input made
 * from it. Every control's problems are keyed by the path the API names
 * (after `input.`): `name`, `filters.2.numberTo`, `levels.3.columns`,
 * `schedule.cron`; the form's own checks and the API's land in the same place.
 */

export interface LevelDraft {
  level: PivotLevel;
  enabled: boolean;
  /** Fields shown after the level's name, in the order picked. */
  columns: readonly string[];
  filters: readonly FilterDraft[];
  state: ItemState;
  /** Only paths that reach this level. */
  required: boolean;
}

export type ScheduleTiming = 'interval' | 'cron';

export interface ReportScheduleDraft {
  /** Whether the report has a schedule at all. */
  on: boolean;
  /** Whether it runs (off: paused, kept). */
  enabled: boolean;
  timing: ScheduleTiming;
  /** Minutes, as typed. */
  interval: string;
  cron: string;
  timezone: string;
  formats: readonly ExportFormat[];
  /** Global ids of users and teams. */
  recipients: readonly string[];
}

export interface ReportDraft {
  name: string;
  description: string;
  kind: ReportKind;
  /** SINGLE: the type listed. */
  entity: string;
  /** SINGLE: fields shown, in the order picked; none: the type's main fields. */
  columns: readonly string[];
  filters: readonly FilterDraft[];
  state: ItemState;
  /** PIVOT: the six levels, top down. */
  levels: readonly LevelDraft[];
  schedule: ReportScheduleDraft;
}

/** The fields each part of a report can use, once read from the API. */
export interface ReportFieldSets {
  entity?: readonly FieldInfo[] | undefined;
  levels: Partial<Record<PivotLevel, readonly FieldInfo[]>>;
}

export interface ReportDraftResult {
  input: ReportInput;
  problems: Record<string, string>;
}

export const DEFAULT_ENTITY = 'Server';
/** A new schedule runs once a day. */
export const DEFAULT_SCHEDULE_INTERVAL = '1440';
const MAX_INTERVAL_MINUTES = 90 * 24 * 60;

export function newLevelDraft(level: PivotLevel, enabled: boolean): LevelDraft {
  return { level, enabled, columns: [], filters: [], state: 'ACTIVE', required: false };
}

/** A new report: a list of active servers, no schedule (one would e-mail `me`). */
export function newReportDraft(timezone: string, me: string | null): ReportDraft {
  return {
    name: '',
    description: '',
    kind: 'SINGLE',
    entity: DEFAULT_ENTITY,
    columns: [],
    filters: [],
    state: 'ACTIVE',
    levels: PIVOT_LEVELS.map((level) => newLevelDraft(level, DEFAULT_PIVOT_LEVELS.includes(level))),
    schedule: { on: false, enabled: true, timing: 'interval', interval: DEFAULT_SCHEDULE_INTERVAL, cron: '', timezone, formats: ['CSV'], recipients: me ? [me] : [] },
  };
}

/** The draft of a stored report. */
export function draftOfReport(report: ReportDetailFragment, timezone: string, me: string | null): ReportDraft {
  const blank = newReportDraft(timezone, me);
  const schedule = report.schedule;
  return {
    name: report.name,
    description: report.description ?? '',
    kind: report.kind,
    entity: report.entity ?? DEFAULT_ENTITY,
    columns: report.kind === 'SINGLE' ? [...report.columns] : [],
    filters: report.filters.map(draftOfFilter),
    state: report.state,
    levels: PIVOT_LEVELS.map((level) => {
      const stored = report.levels.find((candidate) => candidate.level === level);
      if (!stored) return newLevelDraft(level, false);
      const name = nameFieldOf(PIVOT_LEVEL_TYPES[level]);
      return {
        level,
        enabled: stored.enabled,
        columns: stored.columns.filter((column) => column !== name),
        filters: stored.filters.map(draftOfFilter),
        state: stored.state,
        required: stored.required,
      };
    }),
    schedule: schedule
      ? {
          on: true,
          enabled: schedule.enabled,
          timing: schedule.cron ? 'cron' : 'interval',
          interval: schedule.intervalMinutes ? String(schedule.intervalMinutes) : DEFAULT_SCHEDULE_INTERVAL,
          cron: schedule.cron ?? '',
          timezone: schedule.timezone ?? timezone,
          formats: [...schedule.formats],
          recipients: schedule.recipients.flatMap((principal) => (principal ? [principal.id] : [])),
        }
      : blank.schedule,
  };
}

/** `list` with `item` added at the end, or taken out. */
export function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  const without = list.filter((entry) => entry !== item);
  return on ? [...without, item] : without;
}

/** The interval typed, when it is a whole number of minutes a report's schedule takes. */
export function reportIntervalOf(text: string): number | null {
  const trimmed = text.trim();
  const minutes = Number(trimmed);
  return /^\d+$/.test(trimmed) && minutes >= MIN_REPORT_INTERVAL_MINUTES && minutes <= MAX_INTERVAL_MINUTES ? minutes : null;
}

function filtersInput(filters: readonly FilterDraft[], fields: readonly FieldInfo[] | undefined, path: string, problems: Record<string, string>) {
  return filters.map((filter, index) => filterInput(filter, fields?.find((field) => field.key === filter.field), `${path}.${index}`, problems));
}

function scheduleInput(draft: ReportScheduleDraft, problems: Record<string, string>): ReportScheduleInput {
  const input: ReportScheduleInput = { enabled: draft.enabled, formats: [...draft.formats], recipients: [...draft.recipients] };
  if (draft.timing === 'interval') {
    const minutes = reportIntervalOf(draft.interval);
    if (minutes === null) problems['schedule.intervalMinutes'] = `A whole number of minutes from ${MIN_REPORT_INTERVAL_MINUTES} to ${MAX_INTERVAL_MINUTES}`;
    input.intervalMinutes = minutes;
    input.cron = null;
    input.timezone = null;
  } else {
    const cron = draft.cron.trim().replace(/\s+/g, ' ');
    if (!cron) problems['schedule.cron'] = 'Required: minute hour day month weekday, like 0 7 * * 1';
    input.cron = cron;
    input.timezone = draft.timezone || 'UTC';
    input.intervalMinutes = null;
  }
  if (draft.formats.length === 0) problems['schedule.formats'] = 'Pick at least one format to attach';
  if (draft.enabled && draft.recipients.length === 0) problems['schedule.recipients'] = 'Pick at least one person or team to e-mail the result to';
  return input;
}

function levelInput(level: LevelDraft, fields: readonly FieldInfo[] | undefined, path: string, problems: Record<string, string>): PivotLevelInput {
  const name = nameFieldOf(PIVOT_LEVEL_TYPES[level.level]);
  const columns = level.columns.filter((column) => column !== name);
  return {
    level: level.level,
    enabled: level.enabled,
    // The name always comes first; naming it alone asks for nothing more.
    columns: columns.length > 0 ? columns : [name],
    filters: filtersInput(level.filters, fields, `${path}.filters`, problems),
    state: level.state,
    required: level.required,
  };
}

/**
 * The input of a create or an edit: the whole definition as the form holds
 * it (the API keeps fields not given, so all of them are given). A schedule
 * switched off is removed (null) on an edit, and left out of a create.
 */
export function reportInput(draft: ReportDraft, fields: ReportFieldSets, editing: boolean): ReportDraftResult {
  const problems: Record<string, string> = {};
  const name = draft.name.trim();
  if (!name) problems.name = 'Required';
  const input: ReportInput = { name, description: draft.description.trim() || null, kind: draft.kind };
  if (draft.kind === 'SINGLE') {
    input.entity = draft.entity;
    input.columns = draft.columns.length > 0 ? [...draft.columns] : null;
    input.filters = filtersInput(draft.filters, fields.entity, 'filters', problems);
    input.state = draft.state;
  } else {
    if (!draft.levels.some((level) => level.enabled)) problems.levels = 'Switch at least one level on';
    input.levels = draft.levels.map((level, index) => levelInput(level, fields.levels[level.level], `levels.${index}`, problems));
  }
  if (draft.schedule.on) input.schedule = scheduleInput(draft.schedule, problems);
  else if (editing) input.schedule = null;
  return { input, problems };
}

function filterPaths(filters: readonly FilterDraft[], base: string): string[] {
  return filters.flatMap((_, index) => [`${base}.${index}`, ...FILTER_PARTS.map((part) => `${base}.${index}.${part}`)]);
}

/** Every path the form shows a problem next to: the API's problems about others go above the form. */
export function knownPaths(draft: ReportDraft): string[] {
  const paths = ['name', 'description', 'kind', 'schedule', 'schedule.enabled', 'schedule.intervalMinutes', 'schedule.cron', 'schedule.timezone', 'schedule.formats', 'schedule.recipients'];
  if (draft.kind === 'SINGLE') {
    paths.push('entity', 'columns', 'state', 'filters', ...filterPaths(draft.filters, 'filters'));
  } else {
    paths.push('levels');
    draft.levels.forEach((level, index) => {
      const base = `levels.${index}`;
      paths.push(base, `${base}.enabled`, `${base}.columns`, `${base}.state`, `${base}.required`, `${base}.filters`, ...filterPaths(level.filters, `${base}.filters`));
    });
  }
  return paths;
}

/** `problems` without those at `prefix` or under it. */
export function withoutProblemsAt(problems: Record<string, string>, ...prefixes: string[]): Record<string, string> {
  const kept = Object.entries(problems).filter(([path]) => !prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}.`)));
  return kept.length === Object.keys(problems).length ? problems : Object.fromEntries(kept);
}
