import { describe, expect, it } from 'vitest';
import type { ReportDetailFragment } from '../../gql/graphql.ts';
import { draftOfReport, knownPaths, newReportDraft, reportInput, reportIntervalOf, toggled, withoutProblemsAt, type ReportDraft, type ReportFieldSets } from './report-draft.ts';
import type { FieldInfo } from './report-filters.ts';

const ENVIRONMENT: FieldInfo = { key: 'environment', label: 'Environment', kind: 'ENUM', values: ['PRODUCTION', 'STAGING'], comparers: ['IN', 'NOT_IN', 'IS_EMPTY', 'IS_NOT_EMPTY'] };
const CPU: FieldInfo = { key: 'cpu', label: 'CPU', kind: 'NUMBER', values: null, comparers: ['EQUALS', 'LESS_THAN', 'GREATER_THAN', 'BETWEEN', 'IS_EMPTY', 'IS_NOT_EMPTY'] };
const NAME: FieldInfo = { key: 'name', label: 'Name', kind: 'TEXT', values: null, comparers: ['EQUALS', 'CONTAINS', 'IS_EMPTY'] };
const FIELDS: ReportFieldSets = { entity: [ENVIRONMENT, CPU], levels: { CLIENT: [NAME], SERVER: [ENVIRONMENT, CPU] } };
const ME = 'VXNlcjphYmM';

const stored: ReportDetailFragment = {
  id: 'r1',
  name: 'Production servers',
  description: null,
  kind: 'SINGLE',
  entity: 'Server',
  state: 'ACTIVE',
  active: true,
  revision: 2,
  myRole: 'ADMIN',
  nextRunAt: null,
  updatedAt: '2026-03-01T00:00:00.000Z',
  createdAt: '2026-03-01T00:00:00.000Z',
  columns: ['hostname', 'environment'],
  filters: [{ field: 'environment', comparer: 'IN', text: null, values: ['PRODUCTION'], number: null, numberTo: null, date: null, dateTo: null, days: null }],
  levels: [],
  schedule: {
    enabled: false,
    intervalMinutes: null,
    cron: '0 7 * * 1',
    timezone: 'Europe/Paris',
    formats: ['CSV', 'XLSX'],
    recipients: [{ __typename: 'Team', id: 'VGVhbTp4', name: 'Ops' }],
  },
  lastGoodRun: null,
  owner: null,
  access: [],
};

function named(change: Partial<ReportDraft> = {}): ReportDraft {
  return { ...newReportDraft('Europe/Paris', ME), name: ' Servers ', ...change };
}

describe('report drafts', () => {
  it('starts as a list of active servers, with no schedule but one ready to e-mail me', () => {
    const draft = newReportDraft('Asia/Tokyo', ME);
    expect(draft).toMatchObject({ kind: 'SINGLE', entity: 'Server', columns: [], state: 'ACTIVE' });
    expect(draft.levels.map((level) => `${level.level}:${level.enabled}`)).toEqual(['CLIENT:true', 'SYSTEM:true', 'APPLICATION:true', 'SERVER:true', 'DATABASE:false', 'LOAD_BALANCER:false']);
    expect(draft.schedule).toMatchObject({ on: false, timezone: 'Asia/Tokyo', recipients: [ME], formats: ['CSV'] });
  });

  it('makes a single-entity input: columns in the order picked (none: the type’s main ones) and the filters', () => {
    const draft = named({ columns: ['hostname', 'environment', 'tags'], filters: [{ field: 'environment', comparer: 'IN', text: '', choices: ['PRODUCTION'], values: '', number: '', numberTo: '', date: '', dateTo: '', days: '' }] });
    const { input, problems } = reportInput(draft, FIELDS, false);
    expect(problems).toEqual({});
    expect(input).toEqual({
      name: 'Servers',
      description: null,
      kind: 'SINGLE',
      entity: 'Server',
      columns: ['hostname', 'environment', 'tags'],
      filters: [{ field: 'environment', comparer: 'IN', values: ['PRODUCTION'] }],
      state: 'ACTIVE',
    });
    expect(reportInput(named(), FIELDS, false).input.columns).toBeNull();
    // On an edit, a schedule switched off is removed.
    expect(reportInput(named(), FIELDS, true).input.schedule).toBeNull();
  });

  it('makes a pivot input with all six levels, each level’s name first and never alone asked for twice', () => {
    const draft = named({ kind: 'PIVOT' });
    const levels = draft.levels.map((level) => (level.level === 'SERVER' ? { ...level, columns: ['environment'], filters: [{ field: 'cpu', comparer: 'GREATER_THAN' as const, text: '', choices: [], values: '', number: '4', numberTo: '', date: '', dateTo: '', days: '' }], required: true } : level));
    const { input, problems } = reportInput({ ...draft, levels }, FIELDS, false);
    expect(problems).toEqual({});
    expect(input.entity).toBeUndefined();
    expect(input.levels).toHaveLength(6);
    expect(input.levels?.[0]).toEqual({ level: 'CLIENT', enabled: true, columns: ['name'], filters: [], state: 'ACTIVE', required: false });
    expect(input.levels?.[3]).toEqual({ level: 'SERVER', enabled: true, columns: ['environment'], filters: [{ field: 'cpu', comparer: 'GREATER_THAN', number: 4 }], state: 'ACTIVE', required: true });
    expect(input.levels?.[3]?.columns).not.toContain('hostname');
    const none = reportInput({ ...draft, levels: draft.levels.map((level) => ({ ...level, enabled: false })) }, FIELDS, false);
    expect(none.problems.levels).toMatch(/at least one level/);
  });

  it('makes a schedule: an interval or a cron expression, formats and recipients', () => {
    const interval = reportInput(named({ schedule: { ...named().schedule, on: true, interval: '60' } }), FIELDS, false);
    expect(interval.problems).toEqual({});
    expect(interval.input.schedule).toEqual({ enabled: true, formats: ['CSV'], recipients: [ME], intervalMinutes: 60, cron: null, timezone: null });
    const cron = reportInput(named({ schedule: { ...named().schedule, on: true, timing: 'cron', cron: ' 0  7 * * 1 ' } }), FIELDS, false);
    expect(cron.input.schedule).toMatchObject({ cron: '0 7 * * 1', timezone: 'Europe/Paris', intervalMinutes: null });
    const wrong = reportInput(named({ name: '', schedule: { ...named().schedule, on: true, interval: '2', formats: [], recipients: [] } }), FIELDS, false);
    expect(Object.keys(wrong.problems).sort()).toEqual(['name', 'schedule.formats', 'schedule.intervalMinutes', 'schedule.recipients']);
    // A paused schedule needs nobody to e-mail.
    expect(reportInput(named({ schedule: { ...named().schedule, on: true, enabled: false, recipients: [] } }), FIELDS, false).problems).toEqual({});
  });

  it('edits a stored report: its definition and schedule in the form, and the same input back', () => {
    const draft = draftOfReport(stored, 'UTC', ME);
    expect(draft).toMatchObject({ name: 'Production servers', kind: 'SINGLE', entity: 'Server', columns: ['hostname', 'environment'] });
    expect(draft.filters[0]).toMatchObject({ field: 'environment', comparer: 'IN', choices: ['PRODUCTION'] });
    expect(draft.schedule).toMatchObject({ on: true, enabled: false, timing: 'cron', cron: '0 7 * * 1', timezone: 'Europe/Paris', formats: ['CSV', 'XLSX'], recipients: ['VGVhbTp4'] });
    const { input, problems } = reportInput(draft, FIELDS, true);
    expect(problems).toEqual({});
    expect(input).toMatchObject({ name: 'Production servers', columns: ['hostname', 'environment'], filters: [{ field: 'environment', comparer: 'IN', values: ['PRODUCTION'] }] });
    expect(input.schedule).toMatchObject({ enabled: false, cron: '0 7 * * 1', recipients: ['VGVhbTp4'] });
    const pivot = draftOfReport({ ...stored, kind: 'PIVOT', entity: null, levels: [{ level: 'SERVER', enabled: true, columns: ['hostname', 'cpu'], required: false, state: 'ANY', filters: [] }] }, 'UTC', ME);
    expect(pivot.levels.find((level) => level.level === 'SERVER')).toMatchObject({ enabled: true, columns: ['cpu'], state: 'ANY' });
    expect(pivot.levels.find((level) => level.level === 'CLIENT')?.enabled).toBe(false);
  });

  it('knows the paths its controls show problems at', () => {
    const single = knownPaths(named({ filters: [{ field: 'cpu', comparer: 'BETWEEN', text: '', choices: [], values: '', number: '', numberTo: '', date: '', dateTo: '', days: '' }] }));
    expect(single).toEqual(expect.arrayContaining(['name', 'columns', 'filters', 'filters.0.numberTo', 'schedule.cron']));
    expect(single).not.toContain('levels');
    const pivot = knownPaths(named({ kind: 'PIVOT' }));
    expect(pivot).toEqual(expect.arrayContaining(['levels', 'levels.3', 'levels.3.columns', 'levels.5.required']));
    expect(withoutProblemsAt({ 'filters.0.number': 'x', 'filters.1.text': 'y', filters: 'z', name: 'n' }, 'filters.0', 'name')).toEqual({ 'filters.1.text': 'y', filters: 'z' });
  });

  it('toggles picks in order, and reads intervals', () => {
    expect(toggled(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(toggled(['a', 'b'], 'a', true)).toEqual(['b', 'a']);
    expect(toggled(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(reportIntervalOf('5')).toBe(5);
    expect(reportIntervalOf('4')).toBeNull();
    expect(reportIntervalOf('1.5')).toBeNull();
    expect(reportIntervalOf(String(90 * 24 * 60 + 1))).toBeNull();
  });
});
