import { useCallback, useEffect, useRef } from 'react';
import { useQuery, useSubscription, type CombinedError } from 'urql';
import { useLiveConnectionState } from '../../../app/live-connection-context.ts';
import { ReportRunsChangedDocument, ReportRunsDocument, type ReportRunSummaryFragment, type ReportRunsChangedSubscription } from '../../../gql/graphql.ts';
import { mergeReportRuns } from '../report-runs.ts';

const RUNS_SHOWN = 20;

export interface LiveReportRuns {
  runs: ReportRunSummaryFragment[];
  fetching: boolean;
  error: CombinedError | undefined;
  liveError: CombinedError | undefined;
  /** Reports received live so far: the page reads its report again when one ends. */
  heard: readonly ReportRunSummaryFragment[];
}

function receive(previous: ReportRunSummaryFragment[] | undefined, data: ReportRunsChangedSubscription): ReportRunSummaryFragment[] {
  return [...(previous ?? []), data.reportRunChanged].slice(-200);
}

/**
 * The reader's runs of a report kept current without reloading: the runs
 * read, then every `reportRunChanged` report of the report's runs (those
 * started elsewhere, or by its schedule, included). Read again when the live
 * link comes back.
 */
export function useReportRuns(reportId: string): LiveReportRuns {
  const [query, reexecute] = useQuery({ query: ReportRunsDocument, variables: { id: reportId, first: RUNS_SHOWN }, requestPolicy: 'cache-and-network' });
  const [subscription] = useSubscription({ query: ReportRunsChangedDocument, variables: { reportId } }, receive);
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
    runs: mergeReportRuns(query.data?.report?.runs ?? [], heard, RUNS_SHOWN),
    fetching: query.fetching,
    error: query.error,
    liveError: subscription.error,
    heard,
  };
}
