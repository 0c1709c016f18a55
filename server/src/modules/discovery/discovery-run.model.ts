import type { ObjectId } from 'mongodb';
import type { DiscoveryKind } from './connection.model.js';

/** The global id type of a discovery run; changes it makes carry its hex id as their run. */
export const DISCOVERY_RUN_TYPE = 'DiscoveryRun';

export const DISCOVERY_TRIGGERS = ['MANUAL', 'SCHEDULE'] as const;
export type DiscoveryTrigger = (typeof DISCOVERY_TRIGGERS)[number];

export const DISCOVERY_RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'SKIPPED'] as const;
export type DiscoveryRunStatus = (typeof DISCOVERY_RUN_STATUSES)[number];

/**
 * One (kind, region) of a run: `RETRYING` after an attempt failed with
 * attempts left, `SKIPPED` when the same (connection, region, kind) was
 * already being discovered by another run.
 */
export const DISCOVERY_ENTRY_STATUSES = ['QUEUED', 'RUNNING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const;
export type DiscoveryEntryStatus = (typeof DISCOVERY_ENTRY_STATUSES)[number];

/** Kinds that are not regional (S3, CloudFront): one job per account, under this region name. */
export const ACCOUNT_WIDE_KINDS: readonly DiscoveryKind[] = ['OBJECT_STORAGE', 'CDN'];
export const ACCOUNT_REGION = 'global';

/**
 * Kinds whose records link to items of another kind run after it in the
 * same region (servers use networks and have volumes attached, whose sizes
 * they show; load balancers point at servers), so the other end is there
 * on a first run.
 */
export const KIND_ORDER: readonly DiscoveryKind[] = ['NETWORKS', 'VOLUMES', 'SERVERS', 'LOAD_BALANCERS'];

/** The counts of one attempt: set as a whole by each attempt, never added to. */
export interface DiscoveryCounts {
  found: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  keptByLock: number;
  failed: number;
  linked: number;
  unlinked: number;
  /** Links whose other end is not in the inventory (yet): left for a later run. */
  linksSkipped: number;
}

export interface DiscoveryEntry extends DiscoveryCounts {
  kind: DiscoveryKind;
  region: string;
  status: DiscoveryEntryStatus;
  /** What went wrong, in words (the provider's error code and message), of the last failed attempt. */
  error: string | null;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * A discovery run of one connection: a BullMQ flow whose parent job is the
 * run and whose children are its (region, kind) jobs. Read by those who can
 * read its connection (a copy of the connection's readers is kept for
 * events; reads check the connection itself).
 */
export interface DiscoveryRunDoc {
  _id: ObjectId;
  connectionId: string;
  trigger: DiscoveryTrigger;
  status: DiscoveryRunStatus;
  /** The AWS account, from STS GetCallerIdentity, asked once per run. */
  account: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When the connection's run before this one started: what a snapshot says an item no longer seen was last seen at. */
  previousRunAt: Date | null;
  /** By `entryKey(kind, region)`: each job writes only its own entry. */
  entries: Record<string, DiscoveryEntry>;
  /** Who could read the connection when the run started (for the events' first filter). */
  readers: string[];
  createdBy: string;
}

export function entryKey(kind: DiscoveryKind, region: string): string {
  return `${kind}:${region}`;
}

export function zeroCounts(): DiscoveryCounts {
  return { found: 0, created: 0, updated: 0, unchanged: 0, deactivated: 0, keptByLock: 0, failed: 0, linked: 0, unlinked: 0, linksSkipped: 0 };
}

/**
 * What a run ended as: SUCCEEDED when no job failed (a kind and region
 * another run was discovering is skipped, not failed), FAILED when every
 * job that ran failed, PARTIAL when some did; SKIPPED when it had nothing
 * to do but skip.
 */
export function finalStatus(entries: readonly DiscoveryEntry[]): DiscoveryRunStatus {
  if (entries.length === 0) return 'SUCCEEDED';
  const ran = entries.filter((e) => e.status !== 'SKIPPED');
  if (ran.length === 0) return 'SKIPPED';
  const failed = ran.filter((e) => e.status !== 'SUCCEEDED').length;
  if (failed === 0) return 'SUCCEEDED';
  return failed === ran.length ? 'FAILED' : 'PARTIAL';
}

/**
 * The deterministic id of the job of one (connection, region, kind): two
 * syncs of it never run at once. BullMQ 6 refuses `:` in job ids.
 */
export function discoveryJobId(connectionId: string, region: string, kind: DiscoveryKind): string {
  return `discovery/${connectionId}/${region}/${kind}`;
}
