import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { S3Client } from '@aws-sdk/client-s3';
import type { RelationKind } from '../../../../server/src/modules/relations/relation.model.js';

/**
 * What an AWS crawler hands on: one inventory item as AWS sees it, keyed by
 * its provider id, with the edges it has to other items of the same
 * account and region (or to the connection's datacenter).
 */
export interface DiscoveredRecord {
  /** Inventory type: 'Server', 'Volume', 'Snapshot', 'Image', 'Network', 'Database', 'LoadBalancer', 'Resource'. */
  type: string;
  /** The natural key: never an IP address or a name. */
  external: { provider: 'aws'; account: string; region: string; id: string };
  /**
   * Values of the type's declared fields (see `definitions.ts`), validated
   * later by the inventory's own validation. Every field a crawler owns is
   * present: `null` (or `[]`) when AWS says nothing of it, so a value AWS no
   * longer reports is cleared; fields people curate (environment, role,
   * services…) are never present, so a write leaves them. A few things AWS
   * knows only sometimes (a server's OS, its key pair, the size of an
   * instance type it could not describe) are present only when it says
   * them; nested objects carry only the parts AWS knows.
   */
  fields: Record<string, unknown>;
  links: DiscoveredLink[];
  /**
   * Present at the provider. AWS crawlers never set it: what exists is
   * emitted (a stopped instance too, its `state` says so) and what is gone
   * (terminated, deleted) is left out, which retires it in a snapshot.
   */
  active?: boolean;
}

export interface DiscoveredLink {
  kind: RelationKind;
  /** `out`: the record is the relation's `from`; `in`: its `to`. */
  direction: 'out' | 'in';
  /** The other end: an item by its provider id in the same account and region, or the connection's datacenter. */
  to: { type: string; id: string } | { datacenter: true };
}

/** Where a crawl runs: the account (from STS) and the region its clients talk to. */
export interface CrawlContext {
  account: string;
  region: string;
  /**
   * What the inventory already holds of this account and region, as
   * discovery left it (the processor reads it while the crawler lists): a
   * transform may take from it what another kind's crawl says better (a
   * server's disk sizes, from its volumes) instead of asking AWS again.
   */
  known?: readonly KnownItem[];
}

/** An item of the inventory, by its provider id, with its fields. */
export interface KnownItem {
  type: string;
  id: string;
  fields: Readonly<Record<string, unknown>>;
}

/** The SDK clients of one account and region. S3 needs `followRegionRedirects: true` to read buckets of other regions. */
export interface AwsClients {
  ec2: EC2Client;
  rds: RDSClient;
  elbv2: ElasticLoadBalancingV2Client;
  elb: ElasticLoadBalancingClient;
  s3: S3Client;
  cloudfront: CloudFrontClient;
}

/** The record's natural key in `ctx`'s account and region (or another region, for account-wide kinds). */
export function externalOf(ctx: CrawlContext, id: string, region: string = ctx.region): DiscoveredRecord['external'] {
  return { provider: 'aws', account: ctx.account, region, id };
}

export const IN_DATACENTER: DiscoveredLink = { kind: 'LOCATED_IN', direction: 'out', to: { datacenter: true } };

export function linkTo(kind: RelationKind, type: string, id: string): DiscoveredLink {
  return { kind, direction: 'out', to: { type, id } };
}

/** `text` cut to `max` characters (the inventory rejects longer text rather than cutting it). */
export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** Text that is empty or absent becomes null. */
export function textOrNull(text: string | null | undefined, max = 200): string | null {
  const trimmed = text?.trim();
  return trimmed ? clip(trimmed, max) : null;
}

export function numberOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Each item of `ids` once, in first-seen order, without empty ones. */
export function unique<T extends string>(ids: ReadonlyArray<T | undefined | null>): T[] {
  return [...new Set(ids.filter((id): id is T => typeof id === 'string' && id !== ''))];
}

/** `items` in slices of at most `size` (for calls that take a bounded list of ids). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every item of every page, in order. A page that fails rejects the whole listing. */
export async function collect<P, T>(pages: AsyncIterable<P>, itemsOf: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(itemsOf(page) ?? []));
  return out;
}
