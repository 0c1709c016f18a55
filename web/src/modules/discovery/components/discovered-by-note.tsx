import { Link } from 'react-router';
import { useQuery } from 'urql';
import { DiscoveredByDocument, type ActorViewFragment } from '../../../gql/graphql.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { connectionPath } from '../connection-paths.ts';
import { discoveredByText, lastSeenOf, type SeenItem } from '../discovered-item.ts';

/** Recent runs read to tell when one last saw the item. */
const RECENT_RUNS = 10;

export interface DiscoveredByNoteProps {
  /** The item's origin: a discovery connection. */
  origin: ActorViewFragment;
  item: SeenItem;
}

/**
 * On the page of an item a connection discovered: "Discovered by aws-prod,
 * last seen 4 min ago", the name linked to the connection for those who
 * can read it (others see the name it had when it found the item).
 */
export function DiscoveredByNote({ origin, item }: DiscoveredByNoteProps) {
  const now = useNow(30_000);
  const connectionId = origin.id;
  const [{ data }] = useQuery({
    query: DiscoveredByDocument,
    variables: { connectionId: connectionId ?? '', runs: RECENT_RUNS },
    pause: !connectionId,
    requestPolicy: 'cache-and-network',
  });
  const connection = data?.connection ?? null;
  const runs = data?.runs.edges.map((edge) => edge.node) ?? [];
  const name = connection?.name ?? origin.name ?? 'a discovery connection';
  const lastSeen = connectionId ? lastSeenOf(item, connectionId, runs) : null;
  const text = discoveredByText(name, lastSeen, now);
  const prefix = 'Discovered by ';
  const rest = text.slice(prefix.length + name.length);
  return (
    <p className="item-notes__discovered" data-testid="discovered-by" title={lastSeen ? `Last seen ${formatDateTime(lastSeen)}` : undefined}>
      {prefix}
      {connection ? (
        <Link to={connectionPath(connection.id)} data-testid="discovered-by-connection">
          {name}
        </Link>
      ) : (
        <strong>{name}</strong>
      )}
      {rest}
    </p>
  );
}
