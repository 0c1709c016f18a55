import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { connectionType, Node } from '../../graphql/types/node.type.js';
import { toGlobalId } from '../../shared/ids.js';
import {
  accessKeyIdHint,
  CONNECTION_TYPE,
  DISCOVERY_KINDS,
  DISCOVERY_PROVIDERS,
  type ConnectionDoc,
  type DiscoveryKind,
  type DiscoveryProvider,
} from './connection.model.js';

export const DiscoveryProviderEnum = graphqlEnum(DISCOVERY_PROVIDERS, { name: 'DiscoveryProvider', description: 'A provider a connection can discover.' });
export const DiscoveryKindEnum = graphqlEnum(DISCOVERY_KINDS, { name: 'DiscoveryKind', description: 'What a connection discovers, each on its own schedule.' });

@ObjectType({ description: 'Whether a connection discovers one kind of resource, and how often.' })
export class ConnectionKind {
  @Field(() => DiscoveryKindEnum)
  kind!: DiscoveryKind;

  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => Int, { description: 'Minutes between two discoveries of this kind.' })
  intervalMinutes!: number;

  /** The connection's hex id, for `nextRunAt`. */
  connectionId!: string;
}

@ObjectType({
  implements: Node,
  description: 'A discovery connection: the credentials of one cloud account and what to discover in it. Its secret is stored encrypted and never shown.',
})
export class Connection extends Node {
  /** The stored connection, for field resolvers. */
  doc!: ConnectionDoc;

  @Field(() => String)
  name!: string;

  @Field(() => DiscoveryProviderEnum)
  provider!: DiscoveryProvider;

  @Field(() => String, { description: 'The first and last four characters of the access key id, e.g. AKIA…WXYZ.' })
  accessKeyIdHint!: string;

  @Field(() => Boolean, { description: 'Whether a secret access key is stored (it is never shown).' })
  hasSecret!: boolean;

  @Field(() => String, { nullable: true, description: 'The IAM role assumed with the keys, if any.' })
  roleArn!: string | null;

  @Field(() => String, { nullable: true, description: 'The external id the role’s trust policy asks for.' })
  externalId!: string | null;

  @Field(() => [String], { description: 'Regions to discover; empty: every region enabled in the account.' })
  regions!: string[];

  @Field(() => [ConnectionKind])
  kinds!: ConnectionKind[];

  @Field(() => Boolean, { description: 'False: discovery is paused.' })
  enabled!: boolean;

  @Field(() => Boolean, { description: 'False once deleted (soft delete).' })
  active!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Int, { description: 'Grows by one with every change.' })
  revision!: number;
}

export function toConnection(doc: ConnectionDoc): Connection {
  return Object.assign(new Connection(), {
    doc,
    id: toGlobalId(CONNECTION_TYPE, doc._id),
    name: doc.name,
    provider: doc.provider,
    accessKeyIdHint: accessKeyIdHint(doc.accessKeyId),
    hasSecret: Boolean(doc.secret),
    roleArn: doc.roleArn,
    externalId: doc.externalId,
    regions: doc.regions,
    kinds: doc.kinds.map((k) => Object.assign(new ConnectionKind(), k, { connectionId: doc._id.toHexString() })),
    enabled: doc.enabled,
    active: doc.active,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    revision: doc.revision,
  });
}

export const ConnectionConnection = connectionType(Connection, 'Connection');

@InputType({ description: 'A kind of discovery to switch on or off, or to schedule.' })
export class ConnectionKindInput {
  @Field(() => DiscoveryKindEnum)
  kind!: DiscoveryKind;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  enabled?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Minutes between two discoveries; default: the kind’s default (servers 5, networks 20160…).' })
  intervalMinutes?: number | null;
}

@InputType()
export class CreateConnectionInput {
  @Field(() => String, { description: 'Unique among the connections of its owner.' })
  name!: string;

  @Field(() => DiscoveryProviderEnum, { nullable: true, description: 'Default AWS.' })
  provider?: DiscoveryProvider | null;

  @Field(() => String, { nullable: true, description: 'Required.' })
  accessKeyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required. Stored encrypted; never returned.' })
  secretAccessKey?: string | null;

  @Field(() => String, { nullable: true, description: 'An IAM role to assume with the keys, e.g. arn:aws:iam::123456789012:role/MaestroReadOnly.' })
  roleArn?: string | null;

  @Field(() => String, { nullable: true, description: 'The external id the role’s trust policy asks for.' })
  externalId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Regions to discover, e.g. ["us-east-1"]; none: every region enabled in the account.' })
  regions?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The Datacenter it fills; default: the Datacenter of the same name in your workspace, created if missing.' })
  datacenterId?: string | null;

  @Field(() => [ConnectionKindInput], { nullable: true, description: 'Kinds to change from their defaults (all enabled).' })
  kinds?: ConnectionKindInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  enabled?: boolean | null;
}

@InputType({ description: 'Only the fields given change; a new secret replaces the old.' })
export class UpdateConnectionInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => DiscoveryProviderEnum, { nullable: true })
  provider?: DiscoveryProvider | null;

  @Field(() => String, { nullable: true })
  accessKeyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored encrypted; never returned.' })
  secretAccessKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Empty or null: no role (the external id goes too).' })
  roleArn?: string | null;

  @Field(() => String, { nullable: true })
  externalId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Replaces the regions; [] for every enabled region.' })
  regions?: string[] | null;

  @Field(() => ID, { nullable: true })
  datacenterId?: string | null;

  @Field(() => [ConnectionKindInput], { nullable: true, description: 'Each kind given replaces its setting; the others stay.' })
  kinds?: ConnectionKindInput[] | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

@InputType({ description: 'Credentials to test before they are saved. With a connection’s id, those left out (or an empty secret) are the stored ones.' })
export class ConnectionCredentialsInput {
  @Field(() => String, { nullable: true })
  accessKeyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Used for the test only: never stored, returned nor logged.' })
  secretAccessKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Empty: no role.' })
  roleArn?: string | null;

  @Field(() => String, { nullable: true })
  externalId?: string | null;
}

@ObjectType({ description: 'What the provider said of a connection’s credentials.' })
export class ConnectionTestResult {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => String, { nullable: true, description: 'The account the credentials reach (after assuming the role, if any).' })
  accountId!: string | null;

  @Field(() => String, { nullable: true, description: 'Who the credentials are, as the provider names them.' })
  arn!: string | null;

  @Field(() => String, { description: 'In words: the account reached, or why it was not.' })
  message!: string;
}
