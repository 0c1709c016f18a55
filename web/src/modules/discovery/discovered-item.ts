import type { DiscoveredByQuery, DiscoveryKind, FieldProvenanceViewFragment } from '../../gql/graphql.ts';
import { formatAgo } from '../history/change-format.ts';
import { ACCOUNT_REGION } from './discovery-labels.ts';

/**
 * What an item's page says of the connection that discovered it: "Discovered
 * by aws-prod, last seen 4 min ago". Discovery writes nothing to an item it
 * finds unchanged, so when it last saw one is read from the connection's
 * runs: the last job of the item's kind, in its region, that succeeded (a
 * job that succeeded without seeing an item marks it deleted); or, at the
 * least, when discovery last set one of its fields.
 */

export type DiscoveryRunsSeen = DiscoveredByQuery['runs']['edges'][number]['node'][];

/** The kind of discovery that finds items of an inventory type (resources by family); null for types none finds. */
export function discoveryKindOf(type: string, family?: unknown): DiscoveryKind | null {
  switch (type) {
    case 'Server':
      return 'SERVERS';
    case 'Volume':
      return 'VOLUMES';
    case 'Snapshot':
      return 'SNAPSHOTS';
    case 'Image':
      return 'IMAGES';
    case 'Network':
      return 'NETWORKS';
    case 'Database':
      return 'DATABASES';
    case 'LoadBalancer':
      return 'LOAD_BALANCERS';
    case 'Resource':
      return family === 'OBJECT_STORAGE' ? 'OBJECT_STORAGE' : family === 'CDN' ? 'CDN' : null;
    default:
      return null;
  }
}

/** The region of the jobs that see an item: its own, or the whole account for S3 and CloudFront. */
export function jobRegionOf(kind: DiscoveryKind, itemRegion: string | null | undefined): string | null {
  if (kind === 'OBJECT_STORAGE' || kind === 'CDN') return ACCOUNT_REGION;
  return itemRegion || null;
}

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** When the connection's runs last finished a job of this kind and region that succeeded; any region when it is not known. */
export function lastSucceededJob(runs: DiscoveryRunsSeen, kind: DiscoveryKind, region: string | null): string | null {
  let last: string | null = null;
  for (const run of runs) {
    for (const entry of run.entries) {
      if (entry.kind !== kind || entry.status !== 'SUCCEEDED' || (region !== null && entry.region !== region)) continue;
      last = later(last, entry.finishedAt);
    }
  }
  return last;
}

/** When the connection last set one of the item's fields. */
export function lastWrittenBy(provenance: readonly FieldProvenanceViewFragment[], connectionId: string): string | null {
  let last: string | null = null;
  for (const entry of provenance) if (entry.source.kind === 'DISCOVERY' && entry.source.id === connectionId) last = later(last, entry.at);
  return last;
}

export interface SeenItem {
  type: string;
  active: boolean;
  /** Set when discovery no longer saw it: when it last did. */
  lastSeenAt: string | null;
  provenance: readonly FieldProvenanceViewFragment[];
  /** Its region (a server's placement region) and family (resources), when it has them. */
  region?: string | null;
  family?: unknown;
}

/** When the connection last saw the item, as far as the dashboard can tell; null when it cannot. */
export function lastSeenOf(item: SeenItem, connectionId: string, runs: DiscoveryRunsSeen): string | null {
  if (!item.active && item.lastSeenAt) return item.lastSeenAt;
  const written = lastWrittenBy(item.provenance, connectionId);
  if (!item.active) return written;
  const kind = discoveryKindOf(item.type, item.family);
  const seen = kind ? lastSucceededJob(runs, kind, jobRegionOf(kind, item.region)) : null;
  return later(seen, written);
}

/** "Discovered by aws-prod, last seen 4 min ago"; without the time when it is not known. */
export function discoveredByText(connectionName: string, lastSeen: string | null, now: number): string {
  return lastSeen ? `Discovered by ${connectionName}, last seen ${formatAgo(lastSeen, now)}` : `Discovered by ${connectionName}`;
}
