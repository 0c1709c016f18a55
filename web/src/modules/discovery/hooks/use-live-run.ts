import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useSubscription, type CombinedError } from 'urql';
import { useLiveConnectionState } from '../../../app/live-connection-context.ts';
import { DiscoveryRunChangedDocument, DiscoveryRunDocument, type DiscoveryRunChangedSubscription } from '../../../gql/graphql.ts';
import { isRunFinished, latestRun, type DiscoveryRunView } from '../run-progress.ts';

/** While a run is under way, it is also asked for this often, in case its last event came before the page listened. */
const SAFETY_REFRESH_MS = 30_000;

export interface LiveRun {
  run: DiscoveryRunView | null;
  fetching: boolean;
  error: CombinedError | undefined;
  liveError: CombinedError | undefined;
  /** Reports of the run received live so far. */
  events: number;
}

interface Received {
  run: DiscoveryRunView | null;
  events: number;
}

function receive(previous: Received | undefined, data: DiscoveryRunChangedSubscription): Received {
  return { run: latestRun(previous?.run, data.discoveryRunChanged), events: (previous?.events ?? 0) + 1 };
}

/**
 * A discovery run kept current without reloading: the `discoveryRun`
 * query, then every `discoveryRunChanged` event of the run, whichever has
 * got further. A run already finished when the page opens is not listened
 * to. The run is asked for again when the live link comes back (events
 * sent while it was down are lost).
 */
export function useLiveRun(id: string): LiveRun {
  const [query, reexecute] = useQuery({ query: DiscoveryRunDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const queried = query.data?.discoveryRun ?? null;
  // A run already finished when the page opened needs no listening; one followed live is listened to until the page closes.
  const [heard, setHeard] = useState(false);
  const [subscription] = useSubscription(
    { query: DiscoveryRunChangedDocument, variables: { runId: id }, pause: !heard && queried !== null && isRunFinished(queried.status) },
    receive,
  );
  const received = subscription.data;
  if (received && !heard) setHeard(true);
  const run = latestRun(queried, received?.run);
  const finished = run !== null && isRunFinished(run.status);
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

  return { run, fetching: query.fetching, error: query.error, liveError: subscription.error, events: received?.events ?? 0 };
}
