import type { ScheduleRunViewFragment } from '../../gql/graphql.ts';

/**
 * A schedule's runs as a page shows them: those it read, with the live
 * reports received since, each run once, newest first.
 */

export function isRunFinished(run: Pick<ScheduleRunViewFragment, 'status'>): boolean {
  return run.status !== 'RUNNING';
}

/** The report of one run that got further: a late "running" never undoes an end. */
export function laterRun(known: ScheduleRunViewFragment | undefined, incoming: ScheduleRunViewFragment): ScheduleRunViewFragment {
  if (!known) return incoming;
  if (isRunFinished(known) && !isRunFinished(incoming)) return known;
  return incoming;
}

/** The runs read and those heard of live, each once, newest first, at most `max`. */
export function mergeRuns(read: readonly ScheduleRunViewFragment[], heard: readonly ScheduleRunViewFragment[], max = 50): ScheduleRunViewFragment[] {
  const byId = new Map<string, ScheduleRunViewFragment>();
  for (const run of [...read, ...heard]) byId.set(run.id, laterRun(byId.get(run.id), run));
  return [...byId.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || b.id.localeCompare(a.id)).slice(0, max);
}

/** "Schedule nightly failed: HTTP 500", for a failed run; null for any other. */
export function failureMessage(name: string, run: Pick<ScheduleRunViewFragment, 'status' | 'error' | 'httpStatus'>): string | null {
  if (run.status !== 'FAILED') return null;
  const why = run.error?.trim() || (run.httpStatus ? `HTTP ${run.httpStatus}` : 'no reason given');
  return `Schedule ${name} failed: ${why}`;
}
