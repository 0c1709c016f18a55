import type { ReportDetailFragment, ReportScheduleFieldsFragment, ReportSummaryFragment } from '../../gql/graphql.ts';
import { plural } from '../../shared/format.ts';
import { describeTiming } from '../schedules/schedule-labels.ts';
import { describeFilter } from './report-filters.ts';
import { EXPORT_FORMAT_LABELS, ITEM_STATE_LABELS, PIVOT_LEVELS, PIVOT_LEVEL_LABELS, PIVOT_LEVEL_TYPES, entityPluralLabel, nameFieldOf } from './report-labels.ts';

/**
 * A report's definition and schedule in words, for its list and its page.
 */

/** A field's label for a type (`Server`, `hostname` → "Hostname"); the key itself when unknown. */
export type FieldLabeler = (type: string, key: string) => string;

const byKey: FieldLabeler = (_type, key) => key;

/** What a report lists: "Servers", or a pivot's levels that are on, "Clients → Systems → Applications". */
export function reportSubject(report: Pick<ReportSummaryFragment, 'kind' | 'entity' | 'levels'>): string {
  if (report.kind === 'SINGLE') return entityPluralLabel(report.entity);
  const on = PIVOT_LEVELS.filter((level) => report.levels.some((entry) => entry.level === level && entry.enabled));
  return on.length > 0 ? on.map((level) => PIVOT_LEVEL_LABELS[level]).join(' → ') : 'No level on';
}

function stateNote(state: ReportDetailFragment['state']): string {
  return ITEM_STATE_LABELS[state].toLowerCase();
}

/**
 * The definition line by line (label, words): what it lists and which items,
 * the filters that must all hold, the columns; for a pivot, each level on.
 */
export function describeReport(report: Pick<ReportDetailFragment, 'kind' | 'entity' | 'state' | 'columns' | 'filters' | 'levels'>, labelOf: FieldLabeler = byKey): Array<[string, string]> {
  if (report.kind === 'SINGLE') {
    const type = report.entity ?? '';
    return [
      ['Lists', `${entityPluralLabel(report.entity)} (${stateNote(report.state)})`],
      ['Where', report.filters.length > 0 ? report.filters.map((filter) => describeFilter(filter, labelOf(type, filter.field))).join(' and ') : 'No filter: every one'],
      ['Columns', report.columns.map((key) => labelOf(type, key)).join(', ') || '—'],
    ];
  }
  const lines: Array<[string, string]> = [['Lists', `One row per path: ${reportSubject(report)}`]];
  for (const level of PIVOT_LEVELS) {
    const setting = report.levels.find((entry) => entry.level === level);
    if (!setting?.enabled) continue;
    const type = PIVOT_LEVEL_TYPES[level];
    const name = nameFieldOf(type);
    const columns = [name, ...setting.columns.filter((column) => column !== name)].map((key) => labelOf(type, key)).join(', ');
    const parts = [columns, stateNote(setting.state)];
    if (setting.filters.length > 0) parts.push(`where ${setting.filters.map((filter) => describeFilter(filter, labelOf(type, filter.field))).join(' and ')}`);
    if (setting.required) parts.push('only paths that reach this level');
    lines.push([PIVOT_LEVEL_LABELS[level], parts.join(' · ')]);
  }
  return lines;
}

/** "every day, e-mailed as CSV and XLSX to 2 recipients"; "Paused: …"; "No schedule". */
export function describeReportSchedule(schedule: Pick<ReportScheduleFieldsFragment, 'enabled' | 'intervalMinutes' | 'cron' | 'timezone' | 'formats' | 'recipients'> | null | undefined): string {
  if (!schedule) return 'No schedule';
  const formats = schedule.formats.map((format) => EXPORT_FORMAT_LABELS[format]);
  const attached = formats.length > 1 ? `${formats.slice(0, -1).join(', ')} and ${formats.at(-1)}` : (formats[0] ?? 'nothing');
  const text = `${describeTiming(schedule)}, e-mailed as ${attached} to ${plural(schedule.recipients.length, 'recipient')}`;
  return schedule.enabled ? text : `Paused: ${text}`;
}
