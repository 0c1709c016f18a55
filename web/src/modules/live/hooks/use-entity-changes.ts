import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { useLiveConnectionState } from '../../../app/live-connection-context.ts';
import { useSession } from '../../../app/session/session-context.ts';
import { EntityChangedDocument, type ChangeViewFragment } from '../../../gql/graphql.ts';

/** What a page shows, for `entityChanged`: items of these types, or these items. */
export interface WatchedEntities {
  types?: readonly string[];
  ids?: readonly string[];
}

export interface LiveRefresh {
  /** Changes received since the last call, oldest first; empty after a reconnect. */
  changes: readonly ChangeViewFragment[];
  /** The live link came back after a drop: events sent meanwhile are lost, so ask again. */
  reconnected: boolean;
}

/** The last change someone else made to what a page shows, and when it arrived (epoch ms). */
export interface LastChange {
  change: ChangeViewFragment;
  receivedAt: number;
}

export interface LiveOptions {
  /** False: no subscription (the page shows nothing live). */
  enabled?: boolean;
  /**
   * Events of one burst (an import, a tree saved, a discovery run) are passed
   * on together, this long after the first: at most one refresh per window.
   */
  burstMs?: number;
}

/**
 * Calls `onRefresh` when something a page shows changes (seen through the
 * `entityChanged` subscription, which only carries what the user can read),
 * and when the live link comes back after a drop. The page asks the API
 * again (network-only) or merges what it got. Returns the last change made
 * by someone else, for an "updated just now by …" note.
 */
export function useEntityChanges(watched: WatchedEntities, onRefresh: (refresh: LiveRefresh) => void, options: LiveOptions = {}): LastChange | null {
  const { enabled = true, burstMs = 200 } = options;
  const client = useClient();
  const { reconnects } = useLiveConnectionState();
  const meId = useSession().user?.id ?? null;
  const [lastChange, setLastChange] = useState<LastChange | null>(null);
  const onRefreshRef = useRef(onRefresh);
  const meRef = useRef(meId);
  useEffect(() => {
    onRefreshRef.current = onRefresh;
    meRef.current = meId;
  });

  const typesKey = [...(watched.types ?? [])].sort().join(' ');
  const idsKey = [...(watched.ids ?? [])].sort().join(' ');

  useEffect(() => {
    if (!enabled) return;
    const variables = { types: typesKey ? typesKey.split(' ') : null, ids: idsKey ? idsKey.split(' ') : null };
    let pending: ChangeViewFragment[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const changes = pending;
      pending = [];
      const byOthers = changes.filter((change) => change.actor.id === null || change.actor.id !== meRef.current);
      const last = byOthers.at(-1);
      if (last) setLastChange({ change: last, receivedAt: Date.now() });
      onRefreshRef.current({ changes, reconnected: false });
    };
    const subscription = client.subscription(EntityChangedDocument, variables).subscribe((result) => {
      const change = result.data?.entityChanged;
      if (!change) return;
      pending.push(change);
      timer ??= setTimeout(flush, burstMs);
    });
    return () => {
      clearTimeout(timer);
      subscription.unsubscribe();
    };
  }, [client, typesKey, idsKey, enabled, burstMs]);

  const seenReconnects = useRef(reconnects);
  useEffect(() => {
    if (reconnects === seenReconnects.current) return;
    seenReconnects.current = reconnects;
    if (enabled) onRefreshRef.current({ changes: [], reconnected: true });
  }, [reconnects, enabled]);

  return lastChange;
}
