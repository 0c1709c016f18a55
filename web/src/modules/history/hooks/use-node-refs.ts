import { useMemo } from 'react';
import { useQuery } from 'urql';
import { NodeNamesDocument, type NodeRefFragment } from '../../../gql/graphql.ts';

/** At most this many names per look-up (the API takes up to 1,000). */
const MAX_IDS = 500;

export interface NodeRefs {
  /** The item of each id: null when the reader cannot see it (any more), absent while loading. */
  byId: ReadonlyMap<string, NodeRefFragment | null>;
  fetching: boolean;
}

/** Names of the items that changes mention, in one `nodes(ids)` request. */
export function useNodeRefs(ids: readonly string[]): NodeRefs {
  const wanted = useMemo(() => [...new Set(ids)].sort().slice(0, MAX_IDS), [ids]);
  const variables = useMemo(() => ({ ids: wanted }), [wanted]);
  const [{ data, fetching, operation }] = useQuery({ query: NodeNamesDocument, variables, pause: wanted.length === 0 });
  const answered = operation?.variables.ids;
  const byId = useMemo(() => {
    const map = new Map<string, NodeRefFragment | null>();
    const nodes = data?.nodes;
    // While other ids are asked for, the previous answer is about those: match by the ids it answered.
    if (!nodes || !answered) return map;
    answered.forEach((id, index) => map.set(id, nodes[index] ?? null));
    return map;
  }, [data, answered]);
  return { byId, fetching };
}
