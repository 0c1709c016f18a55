import type { DiscoveryEntryStatus, DiscoveryKind, DiscoveryRunStatus, DiscoveryTrigger } from '../../gql/graphql.ts';

/**
 * Discovery in the dashboard's words: what each kind finds, how often,
 * and where a run or one of its jobs is.
 */

/** Every kind a connection discovers, in the order forms and tables list them. */
export const DISCOVERY_KINDS: readonly DiscoveryKind[] = ['SERVERS', 'VOLUMES', 'SNAPSHOTS', 'IMAGES', 'NETWORKS', 'DATABASES', 'LOAD_BALANCERS', 'OBJECT_STORAGE', 'CDN'];

export const KIND_LABELS: Readonly<Record<DiscoveryKind, string>> = {
  SERVERS: 'Servers',
  VOLUMES: 'Volumes',
  SNAPSHOTS: 'Snapshots',
  IMAGES: 'Images',
  NETWORKS: 'Networks',
  DATABASES: 'Databases',
  LOAD_BALANCERS: 'Load balancers',
  OBJECT_STORAGE: 'Object storage',
  CDN: 'CDN',
};

/** What each kind reads at the provider. */
export const KIND_HINTS: Readonly<Record<DiscoveryKind, string>> = {
  SERVERS: 'EC2 instances',
  VOLUMES: 'EBS volumes',
  SNAPSHOTS: 'EBS snapshots the account owns',
  IMAGES: 'Machine images the account owns',
  NETWORKS: 'VPCs, subnets and security groups',
  DATABASES: 'RDS instances and clusters',
  LOAD_BALANCERS: 'Classic, application and network load balancers',
  OBJECT_STORAGE: 'S3 buckets, once for the whole account',
  CDN: 'CloudFront distributions, once for the whole account',
};

/** The API's defaults, in minutes: servers every 5 minutes, networks every 2 weeks. */
export const DEFAULT_INTERVAL_MINUTES: Readonly<Record<DiscoveryKind, number>> = {
  SERVERS: 5,
  VOLUMES: 60,
  SNAPSHOTS: 1440,
  IMAGES: 1440,
  NETWORKS: 20_160,
  DATABASES: 60,
  LOAD_BALANCERS: 60,
  OBJECT_STORAGE: 1440,
  CDN: 1440,
};

/** The longest interval the API takes: 90 days. */
export const MAX_INTERVAL_MINUTES = 90 * 24 * 60;

/** The region name of the jobs of account-wide kinds (S3, CloudFront). */
export const ACCOUNT_REGION = 'global';

export const RUN_STATUS_LABELS: Readonly<Record<DiscoveryRunStatus, string>> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  PARTIAL: 'Partly failed',
  FAILED: 'Failed',
  SKIPPED: 'Skipped: another run was at it',
};

export const ENTRY_STATUS_LABELS: Readonly<Record<DiscoveryEntryStatus, string>> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  RETRYING: 'Retrying',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  SKIPPED: 'Skipped',
};

export const TRIGGER_LABELS: Readonly<Record<DiscoveryTrigger, string>> = {
  MANUAL: 'Run now',
  SCHEDULE: 'On schedule',
};

/** How a status looks: good, bad, in between, under way, or waiting. */
export type StatusTone = 'up' | 'down' | 'warn' | 'busy' | 'idle';

export function statusTone(status: DiscoveryRunStatus | DiscoveryEntryStatus): StatusTone {
  switch (status) {
    case 'SUCCEEDED':
      return 'up';
    case 'FAILED':
      return 'down';
    case 'PARTIAL':
    case 'RETRYING':
    case 'SKIPPED':
      return 'warn';
    case 'RUNNING':
      return 'busy';
    case 'QUEUED':
      return 'idle';
  }
}

const MINUTES_PER = { week: 7 * 24 * 60, day: 24 * 60, hour: 60 } as const;

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "5 min", "1 hour", "2 days", "2 weeks": the largest whole unit. */
export function formatInterval(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return '—';
  if (minutes % MINUTES_PER.week === 0) return count(minutes / MINUTES_PER.week, 'week');
  if (minutes % MINUTES_PER.day === 0) return count(minutes / MINUTES_PER.day, 'day');
  if (minutes % MINUTES_PER.hour === 0) return count(minutes / MINUTES_PER.hour, 'hour');
  return `${minutes} min`;
}

/** "us-east-1, eu-west-1", or what an empty list means. */
export function formatRegions(regions: readonly string[]): string {
  return regions.length === 0 ? 'Every enabled region' : regions.join(', ');
}

/** A job's region as people read it: account-wide kinds have none. */
export function regionLabel(region: string): string {
  return region === ACCOUNT_REGION ? 'Whole account' : region;
}
