import { useCallback, useEffect, useState } from 'react';
import { useQuery, useSubscription, type CombinedError } from 'urql';
import { GraphBuildChangedDocument, GraphBuildDocument, type GraphBuildChangedSubscription, type GraphBuildStatusViewFragment } from '../../../gql/graphql.ts';
import { isGraphBuildFinished } from '../graph-labels.ts';

/** While a build is under way it is also asked for this often, in case an event was missed. */
const SAFETY_REFRESH_MS = 3_000;

const ORDER = { QUEUED: 0, RUNNING: 1, SUCCEEDED: 2, FAILED: 2 } as const;

/** Of two reports of builds, the newer build, or the one further along. */
export function laterBuild<T extends GraphBuildStatusViewFragment>(a: T | null | undefined, b: T | null | undefined): T | null {
  if (!a) return b ?? null;
  if (!b) return a;
  if (a.id !== b.id) return a.createdAt >= b.createdAt ? a : b;
  if (ORDER[a.status] !== ORDER[b.status]) return ORDER[a.status] > ORDER[b.status] ? a : b;
  return a.progress.nodes >= b.progress.nodes ? a : b;
}

export interface LiveGraphBuild {
  /** The reader's newest build of the graph, whatever its status. */
  current: GraphBuildStatusViewFragment | null;
  /** Takes a build started here (the answer to Build). */
  started(build: GraphBuildStatusViewFragment): void;
  liveError: CombinedError | undefined;
}

function keep(previous: GraphBuildStatusViewFragment | null | undefined, data: GraphBuildChangedSubscription): GraphBuildStatusViewFragment | null {
  return laterBuild(previous, data.graphBuildChanged);
}

/** A graph's newest build kept current: the page's first read, what Build answered, then `graphBuildChanged`. */
export function useLiveGraphBuild(graphId: string, initial: GraphBuildStatusViewFragment | null): LiveGraphBuild {
  const [local, setLocal] = useState<GraphBuildStatusViewFragment | null>(null);
  const [subscription] = useSubscription({ query: GraphBuildChangedDocument, variables: { graphId } }, keep);
  const known = laterBuild(laterBuild(initial, local), subscription.data);
  const under = known !== null && !isGraphBuildFinished(known.status);
  const [polled, poll] = useQuery({ query: GraphBuildDocument, variables: { id: known?.id ?? '' }, pause: !under, requestPolicy: 'network-only' });
  const refresh = useCallback(() => poll({ requestPolicy: 'network-only' }), [poll]);
  useEffect(() => {
    if (!under) return;
    const timer = setInterval(refresh, SAFETY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [under, refresh]);
  const current = laterBuild(known, polled.data?.graphBuild?.id === known?.id ? polled.data?.graphBuild : null);
  return { current, started: setLocal, liveError: subscription.error };
}
