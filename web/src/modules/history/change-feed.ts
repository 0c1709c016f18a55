import type { ChangePageFragment } from '../../gql/graphql.ts';

/**
 * A list of changes, newest first, that grows at both ends: older pages
 * are appended on request, and new changes are merged in on top when the
 * first page is asked again (after a live event or a reconnect).
 */

export type FeedEdge = ChangePageFragment['edges'][number];

export interface FeedState {
  edges: readonly FeedEdge[];
  /** Whether older changes remain to be loaded. */
  hasOlder: boolean;
  /** The API's count of every change the feed's query matches. */
  totalCount: number;
}

function newestFirst(a: FeedEdge, b: FeedEdge): number {
  return Date.parse(b.node.at) - Date.parse(a.node.at);
}

/**
 * The feed after asking for the first page again: changes not seen yet go on
 * top. When none of the page was seen and more lie beyond it, too much
 * happened to stitch the two together: the page replaces the feed.
 */
export function mergeNewest(current: FeedState | null, page: ChangePageFragment): FeedState {
  if (!current || current.edges.length === 0) {
    return { edges: page.edges, hasOlder: page.pageInfo.hasNextPage, totalCount: page.totalCount };
  }
  const known = new Set(current.edges.map((edge) => edge.node.id));
  const overlaps = page.edges.some((edge) => known.has(edge.node.id));
  if (!overlaps && page.pageInfo.hasNextPage) {
    return { edges: page.edges, hasOlder: true, totalCount: page.totalCount };
  }
  const fresh = page.edges.filter((edge) => !known.has(edge.node.id));
  if (fresh.length === 0) return { ...current, totalCount: page.totalCount };
  return { edges: [...fresh, ...current.edges].sort(newestFirst), hasOlder: current.hasOlder, totalCount: page.totalCount };
}

/** The feed with the next older page at its end (changes already there are not repeated). */
export function appendOlder(current: FeedState, page: ChangePageFragment): FeedState {
  const known = new Set(current.edges.map((edge) => edge.node.id));
  return {
    edges: [...current.edges, ...page.edges.filter((edge) => !known.has(edge.node.id))],
    hasOlder: page.pageInfo.hasNextPage,
    totalCount: Math.max(current.totalCount, page.totalCount),
  };
}
