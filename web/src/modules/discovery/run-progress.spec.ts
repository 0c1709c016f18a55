import { describe, expect, it } from 'vitest';
import type { DiscoveryEntryStatus, DiscoveryKind, DiscoveryRunStatus } from '../../gql/graphql.ts';
import {
  COUNT_FIELDS,
  elapsedMs,
  entryFraction,
  formatCounts,
  formatDuration,
  isRunFinished,
  scheduledFailureMessage,
  latestRun,
  mergeRuns,
  newestRun,
  runProgress,
  sortedEntries,
  totalsOf,
  type DiscoveryRunEntry,
  type DiscoveryRunView,
} from './run-progress.ts';

const zero = Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as Record<(typeof COUNT_FIELDS)[number], number>;

function entry(kind: DiscoveryRunEntry['kind'], region: string, status: DiscoveryEntryStatus, extra: Partial<DiscoveryRunEntry> = {}): DiscoveryRunEntry {
  return { kind, region, status, ...zero, error: null, attempts: status === 'QUEUED' ? 0 : 1, startedAt: null, finishedAt: null, ...extra };
}

function run(id: string, status: DiscoveryRunStatus, entries: DiscoveryRunEntry[], createdAt = '2026-03-12T10:00:00.000Z'): DiscoveryRunView {
  return { id, connectionId: 'c1', trigger: 'MANUAL', status, account: null, createdAt, startedAt: null, finishedAt: null, durationMs: null, entries };
}

describe('run progress', () => {
  it('sums the counts of every entry, and says them in words', () => {
    const totals = totalsOf([entry('SERVERS', 'us-east-1', 'SUCCEEDED', { found: 3, created: 2, unchanged: 1 }), entry('VOLUMES', 'us-east-1', 'SUCCEEDED', { found: 1, failed: 1 })]);
    expect(totals).toMatchObject({ found: 4, created: 2, unchanged: 1, failed: 1, updated: 0 });
    expect(formatCounts(totals)).toBe('4 found · 2 created · 1 unchanged · 1 failed');
    expect(formatCounts(zero)).toBe('Nothing found');
  });

  it('counts the jobs done; a finished run is complete whatever its entries say', () => {
    const entries = [entry('SERVERS', 'us-east-1', 'SUCCEEDED'), entry('VOLUMES', 'us-east-1', 'RUNNING'), entry('CDN', 'global', 'SKIPPED'), entry('IMAGES', 'us-east-1', 'QUEUED')];
    expect(runProgress(run('r', 'RUNNING', entries))).toEqual({ done: 2, total: 4, fraction: 0.5 });
    expect(runProgress(run('r', 'FAILED', entries)).fraction).toBe(1);
    expect(runProgress(run('r', 'QUEUED', [])).fraction).toBe(0);
    expect([entryFraction('QUEUED'), entryFraction('RUNNING'), entryFraction('RETRYING'), entryFraction('FAILED')]).toEqual([0, null, null, 1]);
  });

  it('says durations in the largest units that matter', () => {
    expect([formatDuration(null), formatDuration(850), formatDuration(12_400), formatDuration(185_000), formatDuration(120_000), formatDuration(3_720_000)]).toEqual([
      '—',
      '850 ms',
      '12 s',
      '3 min 5 s',
      '2 min',
      '1 h 2 min',
    ]);
    const now = Date.parse('2026-03-12T10:00:30.000Z');
    expect(elapsedMs({ durationMs: null, startedAt: '2026-03-12T10:00:00.000Z', status: 'RUNNING' }, now)).toBe(30_000);
    expect(elapsedMs({ durationMs: 4000, startedAt: '2026-03-12T10:00:00.000Z', status: 'SUCCEEDED' }, now)).toBe(4000);
    expect(elapsedMs({ durationMs: null, startedAt: null, status: 'QUEUED' }, now)).toBeNull();
  });

  it('keeps the report of a run that has got further, whichever arrived last', () => {
    const queued = run('r', 'QUEUED', [entry('SERVERS', 'us-east-1', 'QUEUED'), entry('VOLUMES', 'us-east-1', 'QUEUED')]);
    const running = run('r', 'RUNNING', [entry('SERVERS', 'us-east-1', 'RUNNING'), entry('VOLUMES', 'us-east-1', 'QUEUED')]);
    const halfway = run('r', 'RUNNING', [entry('SERVERS', 'us-east-1', 'SUCCEEDED', { found: 2 }), entry('VOLUMES', 'us-east-1', 'QUEUED')]);
    const retrying = run('r', 'RUNNING', [entry('SERVERS', 'us-east-1', 'SUCCEEDED', { found: 2 }), entry('VOLUMES', 'us-east-1', 'RETRYING', { attempts: 1 })]);
    const done = run('r', 'SUCCEEDED', [entry('SERVERS', 'us-east-1', 'SUCCEEDED', { found: 2 }), entry('VOLUMES', 'us-east-1', 'SUCCEEDED', { attempts: 2 })]);
    expect(latestRun(queued, running)).toBe(running);
    expect(latestRun(halfway, running)).toBe(halfway);
    expect(latestRun(retrying, halfway)).toBe(retrying);
    expect(latestRun(done, retrying)).toBe(done);
    expect(latestRun(null, queued)).toBe(queued);
    expect(latestRun(queued, undefined)).toBe(queued);
  });

  it('finds the newest run of a connection, and merges live reports into its list', () => {
    const old = run('a', 'SUCCEEDED', [], '2026-03-12T09:00:00.000Z');
    const fresh = run('b', 'QUEUED', [entry('SERVERS', 'us-east-1', 'QUEUED')], '2026-03-12T10:00:00.000Z');
    const freshDone = run('b', 'SUCCEEDED', [entry('SERVERS', 'us-east-1', 'SUCCEEDED')], '2026-03-12T10:00:00.000Z');
    expect(newestRun(old, fresh)).toBe(fresh);
    expect(newestRun(fresh, old)).toBe(fresh);
    expect(newestRun(freshDone, fresh)).toBe(freshDone);
    expect(mergeRuns([old], [fresh, freshDone]).map((r) => `${r.id} ${r.status}`)).toEqual(['b SUCCEEDED', 'a SUCCEEDED']);
    expect(mergeRuns([freshDone, old], [fresh]).map((r) => `${r.id} ${r.status}`)).toEqual(['b SUCCEEDED', 'a SUCCEEDED']);
  });

  it('orders entries by kind as the forms do, then by region', () => {
    const entries = [entry('CDN', 'global', 'QUEUED'), entry('SERVERS', 'us-east-1', 'QUEUED'), entry('SERVERS', 'eu-west-1', 'QUEUED'), entry('NETWORKS', 'eu-west-1', 'QUEUED')];
    expect(sortedEntries(entries).map((e) => `${e.kind} ${e.region}`)).toEqual(['SERVERS eu-west-1', 'SERVERS us-east-1', 'NETWORKS eu-west-1', 'CDN global']);
  });

  it('counts a run finished once it succeeded, partly or wholly failed, or only skipped', () => {
    const statuses: DiscoveryRunStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'SKIPPED'];
    expect(statuses.filter(isRunFinished)).toEqual(['SUCCEEDED', 'PARTIAL', 'FAILED', 'SKIPPED']);
  });

  it('words a toast for a scheduled discovery that failed, and for nothing else', () => {
    const entry = (kind: DiscoveryKind, status: DiscoveryEntryStatus, error: string | null = null) => ({ kind, status, error }) as DiscoveryRunView['entries'][number];
    const failed = { trigger: 'SCHEDULE' as const, status: 'PARTIAL' as const, entries: [entry('SERVERS', 'SUCCEEDED'), entry('SERVERS', 'FAILED', 'AccessDenied: not authorized')] };
    expect(scheduledFailureMessage('aws-prod', failed)).toBe('Scheduled discovery of servers with aws-prod failed: AccessDenied: not authorized');
    expect(scheduledFailureMessage('aws-prod', { ...failed, trigger: 'MANUAL' })).toBeNull();
    expect(scheduledFailureMessage('aws-prod', { ...failed, status: 'SUCCEEDED' })).toBeNull();
  });
});
