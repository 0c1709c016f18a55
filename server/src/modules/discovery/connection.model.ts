import type { ObjectId } from 'mongodb';
import type { AccessControlled } from '../access/access.model.js';
import type { SealedSecret } from '../../shared/secret-box.js';

/** The global id type of a connection, and its entity type in history and grants. */
export const CONNECTION_TYPE = 'Connection';

/** Providers a connection can discover. */
export const DISCOVERY_PROVIDERS = ['AWS'] as const;
export type DiscoveryProvider = (typeof DISCOVERY_PROVIDERS)[number];

/** What a connection discovers, each on its own schedule. */
export const DISCOVERY_KINDS = ['SERVERS', 'VOLUMES', 'SNAPSHOTS', 'IMAGES', 'NETWORKS', 'DATABASES', 'LOAD_BALANCERS', 'OBJECT_STORAGE', 'CDN'] as const;
export type DiscoveryKind = (typeof DISCOVERY_KINDS)[number];

/**
 * How often each kind is discovered by default, in minutes: servers every
 * 5 minutes and networks every 2 weeks, as Maestro always did; the rest in
 * between, by how fast they change.
 */
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

/** The longest interval: 90 days. */
export const MAX_INTERVAL_MINUTES = 90 * 24 * 60;

export interface KindSetting {
  kind: DiscoveryKind;
  enabled: boolean;
  intervalMinutes: number;
}

export function defaultKinds(): KindSetting[] {
  return DISCOVERY_KINDS.map((kind) => ({ kind, enabled: true, intervalMinutes: DEFAULT_INTERVAL_MINUTES[kind] }));
}

/**
 * A discovery connection: the credentials of one cloud account and what to
 * discover in it. Access-controlled like an inventory item; versioned, with
 * its changes in the history (the `connections` change store).
 */
export interface ConnectionDoc extends AccessControlled {
  _id: ObjectId;
  name: string;
  nameLower: string;
  /**
   * Unique (one unique index): `<owner kind>:<owner id>:<lower-cased name>`
   * while the connection is active, `deleted:<id>` once deleted, so a name
   * is unique per owner and free again after a delete.
   */
  nameKey: string;
  provider: DiscoveryProvider;
  accessKeyId: string;
  /** The secret access key, sealed (AES-256-GCM): opened in memory only, for a call to the provider. */
  secret: SealedSecret;
  roleArn: string | null;
  externalId: string | null;
  /** Regions to discover; empty: every region enabled in the account. */
  regions: string[];
  /** Hex id of the Datacenter item the connection fills. */
  datacenterId: string;
  kinds: KindSetting[];
  enabled: boolean;
  active: boolean;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  /** Hex id of the user who created it. */
  createdBy: string;
  /** Changes not yet recorded in the history (see `ChangeStore`). */
  pending?: Record<string, unknown>;
}

/** What a diff shows of the secret: never its value, sealed or not. */
export const SECRET_CHANGED = '(changed)';

/** `AKIA…WXYZ`: enough of the access key id to tell keys apart. */
export function accessKeyIdHint(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '…' : `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

export function nameKeyOf(owner: ConnectionDoc['owner'], name: string): string {
  return `${owner.kind}:${owner.id}:${name.toLowerCase()}`;
}
