import { useCallback, useEffect, useRef } from 'react';
import { useQuery, useSubscription, type CombinedError } from 'urql';
import { useLiveConnectionState } from '../../../app/live-connection-context.ts';
import { ScheduleRunChangedDocument, ScheduleRunsDocument, type ScheduleRunChangedSubscription, type ScheduleRunViewFragment } from '../../../gql/graphql.ts';
import { mergeRuns } from '../schedule-runs.ts';

const RUNS_SHOWN = 20;

export interface LiveScheduleRuns {
  runs: ScheduleRunViewFragment[];
  fetching: boolean;
  error: CombinedError | undefined;
  liveError: CombinedError | undefined;
  /** Reports received live so far: the page asks for its schedule again when one ends. */
  heard: readonly ScheduleRunViewFragment[];
}

function receive(previous: ScheduleRunViewFragment[] | undefined, data: ScheduleRunChangedSubscription): ScheduleRunViewFragment[] {
  return [...(previous ?? []), data.scheduleRunChanged].slice(-200);
}

/**
 * A schedule's runs kept current without reloading: the runs read, then
 * every `scheduleRunChanged` report of the schedule. They are read again
 * when the live link comes back (reports sent while it was down are lost).
 */
export function useScheduleRuns(scheduleId: string): LiveScheduleRuns {
  const [query, reexecute] = useQuery({ query: ScheduleRunsDocument, variables: { id: scheduleId, first: RUNS_SHOWN }, requestPolicy: 'cache-and-network' });
  const [subscription] = useSubscription({ query: ScheduleRunChangedDocument, variables: { scheduleId } }, receive);
  const { reconnects } = useLiveConnectionState();
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const seenReconnects = useRef(reconnects);
  useEffect(() => {
    if (reconnects === seenReconnects.current) return;
    seenReconnects.current = reconnects;
    refresh();
  }, [reconnects, refresh]);
  const heard = subscription.data ?? [];
  return {
    runs: mergeRuns(query.data?.schedule?.runs ?? [], heard, RUNS_SHOWN),
    fetching: query.fetching,
    error: query.error,
    liveError: subscription.error,
    heard,
  };
}
