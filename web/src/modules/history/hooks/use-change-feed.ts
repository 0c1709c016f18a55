import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, type Client, type CombinedError } from 'urql';
import type { ChangePageFragment } from '../../../gql/graphql.ts';
import { appendOlder, mergeNewest, type FeedEdge, type FeedState } from '../change-feed.ts';

export interface PageAnswer {
  page: ChangePageFragment | undefined;
  error: CombinedError | undefined;
}

/** Asks the API for the page of changes after `after` (null: the newest). */
export type PageFetcher = (client: Client, after: string | null) => Promise<PageAnswer>;

export interface ChangeFeed {
  edges: readonly FeedEdge[];
  hasOlder: boolean;
  totalCount: number | null;
  /** The first page is on its way (nothing to show yet). */
  loading: boolean;
  loadingOlder: boolean;
  error: CombinedError | undefined;
  loadOlder(): void;
  /** Asks for the newest changes again and puts those not seen yet on top. */
  refresh(): void;
}

interface FeedMemory {
  key: string;
  feed: FeedState | null;
  loadingOlder: boolean;
  error: CombinedError | undefined;
}

/**
 * Changes newest first, with "load older" and live refreshes. `key` names
 * what is listed (an item, a set of filters): a new key starts afresh, and
 * answers to requests made for an old key are dropped.
 */
export function useChangeFeed(key: string, fetchPage: PageFetcher): ChangeFeed {
  const client = useClient();
  const [memory, setMemory] = useState<FeedMemory>({ key, feed: null, loadingOlder: false, error: undefined });
  const current = memory.key === key ? memory : { key, feed: null, loadingOlder: false, error: undefined };
  if (memory.key !== key) setMemory(current);

  const fetchRef = useRef(fetchPage);
  const keyRef = useRef(key);
  const feedRef = useRef(current.feed);
  useEffect(() => {
    fetchRef.current = fetchPage;
    keyRef.current = key;
    feedRef.current = current.feed;
  });

  const loadNewest = useCallback(
    (forKey: string) => {
      void fetchRef.current(client, null).then(({ page, error }) => {
        setMemory((state) => {
          if (state.key !== forKey) return state;
          if (!page) return { ...state, error };
          return { ...state, feed: mergeNewest(state.feed, page), error: undefined };
        });
      });
    },
    [client],
  );

  useEffect(() => {
    loadNewest(key);
  }, [key, loadNewest]);

  const refresh = useCallback(() => loadNewest(keyRef.current), [loadNewest]);

  const loadOlder = useCallback(() => {
    const forKey = keyRef.current;
    const after = feedRef.current?.edges.at(-1)?.cursor;
    if (!after) return;
    setMemory((state) => (state.key === forKey ? { ...state, loadingOlder: true } : state));
    void fetchRef.current(client, after).then(({ page, error }) => {
      setMemory((state) => {
        if (state.key !== forKey) return state;
        if (!page || !state.feed) return { ...state, loadingOlder: false, error };
        return { ...state, feed: appendOlder(state.feed, page), loadingOlder: false, error: undefined };
      });
    });
  }, [client]);

  return {
    edges: current.feed?.edges ?? [],
    hasOlder: current.feed?.hasOlder ?? false,
    totalCount: current.feed?.totalCount ?? null,
    loading: current.feed === null && current.error === undefined,
    loadingOlder: current.loadingOlder,
    error: current.error,
    loadOlder,
    refresh,
  };
}
