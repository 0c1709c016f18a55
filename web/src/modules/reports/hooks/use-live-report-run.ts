import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useSubscription, type CombinedError } from 'urql';
import { useLiveConnectionState } from '../../../app/live-connection-context.ts';
import { ReportRunChangedDocument, ReportRunDocument, type ReportRunChangedSubscription, type ReportRunViewFragment } from '../../../gql/graphql.ts';
import { isReportRunFinished, latestReportRun } from '../report-runs.ts';

/**
 * While a run is under way it is also asked for this often: a run can end
 * between the page's first read and the moment its live link listens.
 */
const SAFETY_REFRESH_MS = 5_000;

export interface LiveReportRun {
  run: ReportRunViewFragment | null;
  fetching: boolean;
  error: CombinedError | undefined;
  liveError: CombinedError | undefined;
  /** Reports of the run received live so far. */
  events: number;
  /** Takes a report of the run from elsewhere (the answer to a cancel). */
  receive(run: ReportRunViewFragment): void;
}

interface Received {
  run: ReportRunViewFragment | null;
  events: number;
}

function receive(previous: Received | undefined, data: ReportRunChangedSubscription): Received {
  return { run: latestReportRun(previous?.run, data.reportRunChanged), events: (previous?.events ?? 0) + 1 };
}

/**
 * A report run kept current without reloading: the `reportRun` query, then
 * every `reportRunChanged` event of the run, whichever got further. A run
 * already ended when the page opens is not listened to. It is asked for
 * again when the live link comes back, and now and then while under way.
 */
export function useLiveReportRun(id: string): LiveReportRun {
  const [query, reexecute] = useQuery({ query: ReportRunDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const queried = query.data?.reportRun ?? null;
  const [heard, setHeard] = useState(false);
  const [subscription] = useSubscription(
    { query: ReportRunChangedDocument, variables: { runId: id }, pause: !heard && queried !== null && isReportRunFinished(queried.status) },
    receive,
  );
  const received = subscription.data;
  if (received && !heard) setHeard(true);
  const [local, setLocal] = useState<ReportRunViewFragment | null>(null);
  const run = latestReportRun(latestReportRun(queried, received?.run), local);
  const finished = run !== null && isReportRunFinished(run.status);
  const { reconnects } = useLiveConnectionState();

  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);

  const seenReconnects = useRef(reconnects);
  useEffect(() => {
    if (reconnects === seenReconnects.current) return;
    seenReconnects.current = reconnects;
    refresh();
  }, [reconnects, refresh]);

  useEffect(() => {
    if (finished || !queried) return;
    const timer = setInterval(refresh, SAFETY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [finished, queried, refresh]);

  return { run, fetching: query.fetching, error: query.error, liveError: subscription.error, events: received?.events ?? 0, receive: setLocal };
}
