import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useSubscription, type CombinedError } from 'urql';
import { useLiveConnectionState } from '../../../app/live-connection-context.ts';
import { StatusChangedDocument, StatusDocument } from '../../../gql/graphql.ts';
import { latestStatus, type StatusView } from '../status-view.ts';

export interface LiveStatus {
  /** The latest full report, from the query or from a live event. */
  status: StatusView | undefined;
  /** Where `status` came from. */
  source: 'check' | 'event' | undefined;
  /** A check is running (first load, "Check now" or a refetch after reconnecting). */
  checking: boolean;
  error: CombinedError | undefined;
  liveError: CombinedError | undefined;
  /** Runs the check again on the server, bypassing any cache. */
  checkNow(): void;
}

/**
 * The status of the stack, kept current without reloading: a `status` query,
 * then every `statusChanged` event replaces what is shown. When the live link
 * comes back after a drop, the query runs again, since events sent while it was
 * down are lost.
 */
export function useLiveStatus(): LiveStatus {
  const [query, reexecuteQuery] = useQuery({ query: StatusDocument, requestPolicy: 'network-only' });
  const [subscription] = useSubscription({ query: StatusChangedDocument });
  const { reconnects } = useLiveConnectionState();

  const checkNow = useCallback(() => reexecuteQuery({ requestPolicy: 'network-only' }), [reexecuteQuery]);

  const seenReconnects = useRef(reconnects);
  useEffect(() => {
    if (reconnects === seenReconnects.current) return;
    seenReconnects.current = reconnects;
    checkNow();
  }, [reconnects, checkNow]);

  const checked = query.data?.status;
  const event = subscription.data?.statusChanged;
  const fresh = latestStatus(checked, event);
  // A failed check clears the query's data: keep showing the last known report meanwhile.
  const [kept, setKept] = useState(fresh);
  if (fresh && fresh !== kept && latestStatus(kept, fresh) === fresh) setKept(fresh);
  const status = latestStatus(kept, fresh);
  return {
    status,
    source: status === undefined ? undefined : status === event ? 'event' : 'check',
    checking: query.fetching,
    error: query.error,
    liveError: subscription.error,
    checkNow,
  };
}
