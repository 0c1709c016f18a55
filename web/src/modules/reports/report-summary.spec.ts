import { describe, expect, it } from 'vitest';
import type { ReportDetailFragment } from '../../gql/graphql.ts';
import { describeReport, describeReportSchedule, reportSubject } from './report-summary.ts';

const filter = { text: null, values: null, number: null, numberTo: null, date: null, dateTo: null, days: null };
const LABELS: Record<string, string> = { hostname: 'Hostname', environment: 'Environment', cpu: 'CPU', name: 'Name' };
const labelOf = (_type: string, key: string) => LABELS[key] ?? key;

type Definition = Pick<ReportDetailFragment, 'kind' | 'entity' | 'state' | 'columns' | 'filters' | 'levels'>;

const single: Definition = {
  kind: 'SINGLE',
  entity: 'Server',
  state: 'ACTIVE',
  columns: ['hostname', 'environment'],
  filters: [
    { ...filter, field: 'environment', comparer: 'IN', values: ['PRODUCTION'] },
    { ...filter, field: 'cpu', comparer: 'GREATER_THAN', number: 4 },
  ],
  levels: [],
};

const level = (name: ReportDetailFragment['levels'][number]['level'], enabled: boolean, change: Partial<ReportDetailFragment['levels'][number]> = {}) => ({ level: name, enabled, columns: [], required: false, state: 'ACTIVE' as const, filters: [], ...change });

const pivot: Definition = {
  kind: 'PIVOT',
  entity: null,
  state: 'ACTIVE',
  columns: [],
  filters: [],
  levels: [
    level('CLIENT', true),
    level('SYSTEM', false),
    level('APPLICATION', true),
    level('SERVER', true, { columns: ['hostname', 'cpu'], filters: [{ ...filter, field: 'environment', comparer: 'IN', values: ['PRODUCTION'] }], required: true, state: 'ANY' }),
    level('DATABASE', false),
    level('LOAD_BALANCER', false),
  ],
};

describe('report summaries', () => {
  it('names what a report lists', () => {
    expect(reportSubject(single)).toBe('Servers');
    expect(reportSubject(pivot)).toBe('Clients → Applications → Servers');
    expect(reportSubject({ kind: 'PIVOT', entity: null, levels: [] })).toBe('No level on');
    expect(reportSubject({ kind: 'SINGLE', entity: 'LoadBalancer', levels: [] })).toBe('Load balancers');
  });

  it('says a single-entity report in words', () => {
    expect(describeReport(single, labelOf)).toEqual([
      ['Lists', 'Servers (active items)'],
      ['Where', 'Environment is one of Production and CPU is greater than 4'],
      ['Columns', 'Hostname, Environment'],
    ]);
    expect(describeReport({ ...single, filters: [] })[1]).toEqual(['Where', 'No filter: every one']);
  });

  it('says a pivot in words, level by level', () => {
    expect(describeReport(pivot, labelOf)).toEqual([
      ['Lists', 'One row per path: Clients → Applications → Servers'],
      ['Clients', 'Name · active items'],
      ['Applications', 'Name · active items'],
      ['Servers', 'Hostname, CPU · active and deleted items · where Environment is one of Production · only paths that reach this level'],
    ]);
  });

  it('says a schedule in words', () => {
    const schedule = { enabled: true, intervalMinutes: 1440, cron: null, timezone: null, formats: ['CSV' as const, 'XLSX' as const, 'PDF' as const], recipients: [{ __typename: 'User' as const, id: 'u', name: 'Ada', email: null }] };
    expect(describeReportSchedule(schedule)).toBe('every day, e-mailed as CSV, XLSX and PDF to 1 recipient');
    expect(describeReportSchedule({ ...schedule, enabled: false, intervalMinutes: null, cron: '0 7 * * 1', timezone: 'Europe/Paris', formats: ['CSV'] })).toBe(
      'Paused: cron 0 7 * * 1 (Europe/Paris), e-mailed as CSV to 1 recipient',
    );
    expect(describeReportSchedule(null)).toBe('No schedule');
  });
});
