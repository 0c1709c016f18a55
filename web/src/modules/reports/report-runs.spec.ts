import { describe, expect, it } from 'vitest';
import type { ReportRunSummaryFragment } from '../../gql/graphql.ts';
import { formatDateTime } from '../../shared/format.ts';
import { isReportRunFinished, latestReportRun, mergeReportRuns, progressText, runElapsedMs, runFraction, runInfoLines } from './report-runs.ts';

function run(id: string, createdAt: string, change: Partial<ReportRunSummaryFragment> = {}): ReportRunSummaryFragment {
  return {
    id,
    name: 'r',
    kind: 'SINGLE',
    trigger: 'MANUAL',
    status: 'QUEUED',
    cancelRequested: false,
    progress: { done: 0, total: 0, percent: 0 },
    rowCount: 0,
    attempts: 0,
    error: null,
    createdAt,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    expiresAt: '2026-04-01T00:00:00.000Z',
    ...change,
  };
}

describe('report runs', () => {
  it('tells runs that have ended', () => {
    expect(isReportRunFinished('SUCCEEDED')).toBe(true);
    expect(isReportRunFinished('CANCELLED')).toBe(true);
    expect(isReportRunFinished('FAILED')).toBe(true);
    expect(isReportRunFinished('RUNNING')).toBe(false);
    expect(isReportRunFinished('QUEUED')).toBe(false);
  });

  it('keeps the report of a run that got further, whichever came last', () => {
    const queued = run('a', '2026-03-01T00:00:00Z');
    const half = run('a', '2026-03-01T00:00:00Z', { status: 'RUNNING', progress: { done: 5, total: 10, percent: 50 } });
    const later = run('a', '2026-03-01T00:00:00Z', { status: 'RUNNING', progress: { done: 8, total: 10, percent: 80 } });
    const done = run('a', '2026-03-01T00:00:00Z', { status: 'SUCCEEDED', progress: { done: 10, total: 10, percent: 100 }, rowCount: 10 });
    expect(latestReportRun(queued, half)).toBe(half);
    expect(latestReportRun(later, half)).toBe(later);
    expect(latestReportRun(done, later)).toBe(done);
    expect(latestReportRun(null, queued)).toBe(queued);
    expect(latestReportRun(queued, undefined)).toBe(queued);
  });

  it('merges runs read and heard, each once, newest first', () => {
    const listed = [run('b', '2026-03-01T00:02:00Z', { status: 'SUCCEEDED' }), run('a', '2026-03-01T00:01:00Z', { status: 'RUNNING' })];
    const heard = [run('c', '2026-03-01T00:03:00Z'), run('a', '2026-03-01T00:01:00Z', { status: 'SUCCEEDED' })];
    expect(mergeReportRuns(listed, heard).map((r) => `${r.id}:${r.status}`)).toEqual(['c:QUEUED', 'b:SUCCEEDED', 'a:SUCCEEDED']);
    expect(mergeReportRuns(listed, heard, 1)).toHaveLength(1);
  });

  it('fills its bar and says how far it is', () => {
    expect(runFraction(run('a', 'x'))).toBe(0);
    expect(runFraction(run('a', 'x', { status: 'RUNNING' }))).toBeNull();
    expect(runFraction(run('a', 'x', { status: 'RUNNING', progress: { done: 1, total: 4, percent: 25 } }))).toBe(0.25);
    expect(runFraction(run('a', 'x', { status: 'FAILED' }))).toBe(1);
    expect(progressText(run('a', 'x'))).toBe('Waiting for a worker');
    expect(progressText(run('a', 'x', { status: 'RUNNING', progress: { done: 120, total: 300, percent: 40 } }))).toBe('120 of 300 done (40%)');
    expect(progressText(run('a', 'x', { status: 'RUNNING', cancelRequested: true }))).toMatch(/^Cancelling/);
    expect(progressText(run('a', 'x', { status: 'SUCCEEDED', rowCount: 1 }))).toBe('1 row');
    expect(progressText(run('a', 'x', { status: 'SUCCEEDED', rowCount: 30 }))).toBe('30 rows');
  });

  it('counts how long it has taken', () => {
    const now = Date.parse('2026-03-01T00:00:10Z');
    expect(runElapsedMs(run('a', 'x', { status: 'RUNNING', startedAt: '2026-03-01T00:00:04Z' }), now)).toBe(6000);
    expect(runElapsedMs(run('a', 'x', { status: 'SUCCEEDED', durationMs: 1500 }), now)).toBe(1500);
    expect(runElapsedMs(run('a', 'x'), now)).toBeNull();
  });

  it('shows the API’s lines about a run, times readable, without what the page says itself', () => {
    const info = [
      ['Report', 'Production servers'],
      ['Kind', 'Server list'],
      ['Filters', 'environment in PRODUCTION'],
      ['Rows', '10'],
      ['Finished', '2026-03-01T10:00:00.000Z'],
      ['Took', '0.1 s'],
      ['Since', '2026-03-01T09:00:00Z'],
    ];
    expect(runInfoLines(info, 'SUCCEEDED')).toEqual([
      ['Report', 'Production servers'],
      ['Kind', 'Server list'],
      ['Filters', 'environment in PRODUCTION'],
      ['Rows', '10'],
      ['Since', formatDateTime('2026-03-01T09:00:00Z')],
    ]);
    expect(runInfoLines(info, 'RUNNING').map(([label]) => label)).toEqual(['Report', 'Kind', 'Filters', 'Since']);
    expect(runInfoLines([['Lonely']], 'QUEUED')).toEqual([['Lonely', '']]);
  });
});
