import type { ReportRunStatus, ReportRunSummaryFragment } from '../../gql/graphql.ts';
import { formatDateTime, plural } from '../../shared/format.ts';

/**
 * Report runs as pages show them: whether one has ended, which of two
 * reports of one run got further (the page's query and a live event arrive
 * in either order), a report's runs merged with those heard of live, and
 * how far a run is in words.
 */

type RunState = Pick<ReportRunSummaryFragment, 'status' | 'progress' | 'cancelRequested'>;

const FINISHED: ReadonlySet<ReportRunStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function isReportRunFinished(status: ReportRunStatus): boolean {
  return FINISHED.has(status);
}

/** How far a report of a run has got: it only moves forward. */
function progressKey(run: RunState): number[] {
  const stage = isReportRunFinished(run.status) ? 2 : run.status === 'RUNNING' ? 1 : 0;
  return [stage, run.progress.done, run.progress.total, run.cancelRequested ? 1 : 0];
}

/** The newer of two reports of one run; the second when they are as far. */
export function latestReportRun<T extends RunState>(a: T | null | undefined, b: T | null | undefined): T | null {
  if (!a) return b ?? null;
  if (!b) return a;
  const ka = progressKey(a);
  const kb = progressKey(b);
  for (let i = 0; i < ka.length; i += 1) {
    if (ka[i]! > kb[i]!) return a;
    if (ka[i]! < kb[i]!) return b;
  }
  return b;
}

/** A report's runs as read, with the live reports received since: each run once, newest first, at most `max`. */
export function mergeReportRuns<T extends RunState & Pick<ReportRunSummaryFragment, 'id' | 'createdAt'>>(listed: readonly T[], heard: readonly T[], max = 20): T[] {
  const byId = new Map<string, T>(listed.map((run) => [run.id, run]));
  for (const run of heard) byId.set(run.id, latestReportRun(byId.get(run.id), run) ?? run);
  return [...byId.values()].sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt) || y.id.localeCompare(x.id)).slice(0, max);
}

/** A run's bar, from 0 to 1: empty while queued, moving while running with nothing counted yet (null), full once ended. */
export function runFraction(run: Pick<ReportRunSummaryFragment, 'status' | 'progress'>): number | null {
  if (isReportRunFinished(run.status)) return 1;
  if (run.status === 'QUEUED') return 0;
  if (run.progress.total <= 0) return null;
  return Math.min(1, Math.max(0, run.progress.percent / 100));
}

/** "Waiting for a worker", "120 of 300 done (40%)", "1,100 rows", "Cancelled". */
export function progressText(run: Pick<ReportRunSummaryFragment, 'status' | 'progress' | 'rowCount' | 'cancelRequested'>): string {
  switch (run.status) {
    case 'QUEUED':
      return run.cancelRequested ? 'Cancelling…' : 'Waiting for a worker';
    case 'RUNNING':
      if (run.cancelRequested) return 'Cancelling at the next batch…';
      return run.progress.total > 0 ? `${run.progress.done} of ${run.progress.total} done (${Math.round(run.progress.percent)}%)` : 'Starting…';
    case 'SUCCEEDED':
      return plural(run.rowCount, 'row');
    case 'FAILED':
      return 'Failed';
    case 'CANCELLED':
      return 'Cancelled';
  }
}

/** How long a run has taken: its duration once ended, else the time since it started; null before it starts. */
export function runElapsedMs(run: Pick<ReportRunSummaryFragment, 'status' | 'durationMs' | 'startedAt'>, now: number): number | null {
  if (run.durationMs !== null) return run.durationMs;
  if (!run.startedAt || isReportRunFinished(run.status)) return null;
  const started = Date.parse(run.startedAt);
  return Number.isNaN(started) ? null : Math.max(0, now - started);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Lines of the API's that the page says in its own way: when it finished, how long it took. */
const SAID_ELSEWHERE: ReadonlySet<string> = new Set(['Finished', 'Took']);

/**
 * The API's lines about a run (label, value) as the Info tab shows them:
 * times readable, without those the tab shows itself, and without the row
 * count until the run has ended.
 */
export function runInfoLines(info: readonly (readonly string[])[], status: ReportRunStatus): Array<[string, string]> {
  const finished = isReportRunFinished(status);
  return info.flatMap((line): Array<[string, string]> => {
    const [label = '', value = ''] = line;
    if (SAID_ELSEWHERE.has(label) || (label === 'Rows' && !finished)) return [];
    return [[label, ISO_TIME.test(value) ? formatDateTime(value) : value]];
  });
}
