import { listCdn, transformCdn } from './cdn.crawler.js';
import { listDatabases, transformDatabases } from './databases.crawler.js';
import { listImages, transformImages } from './images.crawler.js';
import { listLoadBalancers, transformLoadBalancers } from './load-balancers.crawler.js';
import { listNetworks, transformNetworks } from './networks.crawler.js';
import { listObjectStorage, transformObjectStorage } from './object-storage.crawler.js';
import type { RelationKind } from '../../../../server/src/modules/relations/relation.model.js';
import type { AwsClients, CrawlContext, DiscoveredRecord } from './records.js';
import { listServers, transformServers } from './servers.crawler.js';
import { listSnapshots, transformSnapshots } from './snapshots.crawler.js';
import { listVolumes, transformVolumes } from './volumes.crawler.js';

export const CRAWLER_KINDS = ['servers', 'volumes', 'snapshots', 'images', 'networks', 'databases', 'loadBalancers', 'objectStorage', 'cdn'] as const;
export type CrawlerKind = (typeof CRAWLER_KINDS)[number];

/**
 * One kind of AWS resource: `list` reads everything of that kind (and what
 * its records need) in one account and region, following every page, and
 * throws when any call fails; `transform` turns that into records, without
 * I/O.
 */
export interface Crawler<Raw> {
  kind: CrawlerKind;
  /** Inventory types its records have. */
  types: readonly string[];
  /**
   * `region`: run once per region of the connection, and its records cover
   * that region. `account`: the resource is not regional (S3, CloudFront):
   * run once per account (with any region's clients), its records cover
   * the whole account.
   */
  scope: 'region' | 'account';
  /** Kinds of the links its records carry: the edges a clean crawl compares with what it saw, to unlink what vanished. */
  linkKinds: readonly RelationKind[];
  /** Types of other kinds' items its records link to or take from (`ctx.known`): read with its own before it lists. */
  reads?: readonly string[];
  /** Field values that tell its items from another crawler's of the same type and scope (S3 buckets and CloudFront both make resources). */
  only?: Readonly<Record<string, string>>;
  list(clients: AwsClients, ctx: CrawlContext): Promise<Raw>;
  transform(raw: Raw, ctx: CrawlContext): DiscoveredRecord[];
}

/** Every crawler by kind, so that a job runs one kind. */
export const CRAWLERS = {
  servers: { kind: 'servers', types: ['Server'], scope: 'region', linkKinds: ['LOCATED_IN', 'USES', 'ATTACHED_TO'], reads: ['Network', 'Volume'], list: listServers, transform: transformServers },
  volumes: { kind: 'volumes', types: ['Volume'], scope: 'region', linkKinds: ['LOCATED_IN'], list: listVolumes, transform: transformVolumes },
  snapshots: { kind: 'snapshots', types: ['Snapshot'], scope: 'region', linkKinds: ['LOCATED_IN'], list: listSnapshots, transform: transformSnapshots },
  images: { kind: 'images', types: ['Image'], scope: 'region', linkKinds: ['LOCATED_IN'], list: listImages, transform: transformImages },
  networks: { kind: 'networks', types: ['Network'], scope: 'region', linkKinds: ['LOCATED_IN'], list: listNetworks, transform: transformNetworks },
  databases: { kind: 'databases', types: ['Database'], scope: 'region', linkKinds: ['LOCATED_IN'], list: listDatabases, transform: transformDatabases },
  loadBalancers: { kind: 'loadBalancers', types: ['LoadBalancer'], scope: 'region', linkKinds: ['LOCATED_IN', 'TARGETS'], reads: ['Server'], list: listLoadBalancers, transform: transformLoadBalancers },
  objectStorage: { kind: 'objectStorage', types: ['Resource'], scope: 'account', linkKinds: ['LOCATED_IN'], only: { family: 'OBJECT_STORAGE' }, list: listObjectStorage, transform: transformObjectStorage },
  cdn: { kind: 'cdn', types: ['Resource'], scope: 'account', linkKinds: ['LOCATED_IN'], only: { family: 'CDN' }, list: listCdn, transform: transformCdn },
} as const satisfies { [K in CrawlerKind]: Crawler<unknown> & { kind: K } };

/** Lists and transforms one kind. */
export async function crawl(kind: CrawlerKind, clients: AwsClients, ctx: CrawlContext): Promise<DiscoveredRecord[]> {
  const crawler: Crawler<unknown> = CRAWLERS[kind];
  return crawler.transform(await crawler.list(clients, ctx), ctx);
}
