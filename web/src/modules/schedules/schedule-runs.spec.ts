import { describe, expect, it } from 'vitest';
import type { ScheduleRunViewFragment } from '../../gql/graphql.ts';
import { failureMessage, laterRun, mergeRuns } from './schedule-runs.ts';

function run(id: string, startedAt: string, status: ScheduleRunViewFragment['status'] = 'SUCCEEDED'): ScheduleRunViewFragment {
  return { id, scheduleId: 's', trigger: 'MANUAL', status, startedAt, finishedAt: null, durationMs: null, httpStatus: null, bodyStart: null, error: null };
}

describe('schedule runs', () => {
  it('keeps the report that got further', () => {
    const running = run('a', '2026-01-01T00:00:00Z', 'RUNNING');
    const done = run('a', '2026-01-01T00:00:00Z', 'SUCCEEDED');
    expect(laterRun(undefined, running)).toBe(running);
    expect(laterRun(running, done)).toBe(done);
    expect(laterRun(done, running)).toBe(done);
  });

  it('merges runs read and heard, each once, newest first', () => {
    const read = [run('b', '2026-01-01T00:02:00Z'), run('a', '2026-01-01T00:01:00Z')];
    const heard = [run('c', '2026-01-01T00:03:00Z', 'RUNNING'), run('c', '2026-01-01T00:03:00Z', 'FAILED'), run('a', '2026-01-01T00:01:00Z', 'RUNNING')];
    const merged = mergeRuns(read, heard);
    expect(merged.map((r) => `${r.id}:${r.status}`)).toEqual(['c:FAILED', 'b:SUCCEEDED', 'a:SUCCEEDED']);
    expect(mergeRuns(read, heard, 2)).toHaveLength(2);
  });

  it('words a failure for a toast', () => {
    expect(failureMessage('ping', { status: 'FAILED', error: 'connection refused', httpStatus: null })).toBe('Schedule ping failed: connection refused');
    expect(failureMessage('ping', { status: 'FAILED', error: null, httpStatus: 500 })).toBe('Schedule ping failed: HTTP 500');
    expect(failureMessage('ping', { status: 'SUCCEEDED', error: null, httpStatus: 200 })).toBeNull();
  });
});
