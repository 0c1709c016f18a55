import { useSubscription } from 'urql';
import { DiscoveryRunsChangedDocument, type DiscoveryRunsChangedSubscription } from '../../../gql/graphql.ts';
import { latestRun, type DiscoveryRunView } from '../run-progress.ts';

type Received = ReadonlyMap<string, DiscoveryRunView>;

function receive(previous: Received | undefined, data: DiscoveryRunsChangedSubscription): Received {
  const event = data.discoveryRunChanged;
  const next = new Map(previous ?? []);
  next.set(event.id, latestRun(next.get(event.id), event) ?? event);
  return next;
}

/**
 * The latest live report of every discovery run the reader can see that
 * started or moved since the page opened (`discoveryRunChanged` for all
 * runs): lists merge them into what they read, to follow their runs live.
 */
export function useRunEvents(): readonly DiscoveryRunView[] {
  const [{ data }] = useSubscription({ query: DiscoveryRunsChangedDocument }, receive);
  return data ? [...data.values()] : [];
}
