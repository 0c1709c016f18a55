import { Field, ID, Int, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { connectionType } from '../../graphql/types/node.type.js';
import { toGlobalId } from '../../shared/ids.js';
import type { DiscoveryKind } from './connection.model.js';
import { DiscoveryKindEnum } from './connection.type.js';
import {
  DISCOVERY_ENTRY_STATUSES,
  DISCOVERY_RUN_STATUSES,
  DISCOVERY_RUN_TYPE,
  DISCOVERY_TRIGGERS,
  type DiscoveryEntryStatus,
  type DiscoveryRunDoc,
  type DiscoveryRunStatus,
  type DiscoveryTrigger,
} from './discovery-run.model.js';

export const DiscoveryTriggerEnum = graphqlEnum(DISCOVERY_TRIGGERS, { name: 'DiscoveryTrigger', description: 'What started a discovery run.' });
export const DiscoveryRunStatusEnum = graphqlEnum(DISCOVERY_RUN_STATUSES, { name: 'DiscoveryRunStatus', description: 'Where a discovery run is: PARTIAL when some of its jobs failed, FAILED when all did, SKIPPED when another run was discovering everything it would have.' });
export const DiscoveryEntryStatusEnum = graphqlEnum(DISCOVERY_ENTRY_STATUSES, {
  name: 'DiscoveryEntryStatus',
  description: 'Where one (kind, region) of a run is: RETRYING after a failed attempt with attempts left, SKIPPED when another run was discovering it.',
});

@ObjectType({ description: 'One kind in one region (or `global`) of a discovery run, with the counts of its last attempt.' })
export class DiscoveryRunEntry {
  @Field(() => DiscoveryKindEnum)
  kind!: DiscoveryKind;

  @Field(() => String)
  region!: string;

  @Field(() => DiscoveryEntryStatusEnum)
  status!: DiscoveryEntryStatus;

  @Field(() => Int, { description: 'Resources the provider listed.' })
  found!: number;

  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int, { description: 'Items no longer seen, marked inactive.' })
  deactivated!: number;

  @Field(() => Int, { description: 'Items with at least one field kept because it is locked.' })
  keptByLock!: number;

  @Field(() => Int, { description: 'Records the inventory refused.' })
  failed!: number;

  @Field(() => Int)
  linked!: number;

  @Field(() => Int, { description: 'Links this connection made that the provider no longer reports, unlinked.' })
  unlinked!: number;

  @Field(() => Int, { description: 'Links whose other end is not in the inventory yet: left for a later run.' })
  linksSkipped!: number;

  @Field(() => String, { nullable: true, description: 'What went wrong, in words.' })
  error!: string | null;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType({ description: 'A discovery run of a connection: one job per kind and region. Its changes: activity(filter: { runId: <this id> }).' })
export class DiscoveryRun {
  doc!: DiscoveryRunDoc;

  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The global id of its connection.' })
  connectionId!: string;

  @Field(() => DiscoveryTriggerEnum)
  trigger!: DiscoveryTrigger;

  @Field(() => DiscoveryRunStatusEnum)
  status!: DiscoveryRunStatus;

  @Field(() => String, { nullable: true, description: 'The AWS account discovered, once known.' })
  account!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Milliseconds from start to finish, once finished.' })
  durationMs!: number | null;

  @Field(() => [DiscoveryRunEntry], { description: 'By kind, then region.' })
  entries!: DiscoveryRunEntry[];
}

export function toDiscoveryRun(doc: DiscoveryRunDoc): DiscoveryRun {
  // Events cross Redis as JSON, and stored entries keep their dates: both become Dates here.
  const date = (d: Date | string | null | undefined) => (d ? new Date(d) : null);
  const startedAt = date(doc.startedAt);
  const finishedAt = date(doc.finishedAt);
  return Object.assign(new DiscoveryRun(), {
    doc,
    id: toGlobalId(DISCOVERY_RUN_TYPE, doc._id),
    connectionId: toGlobalId('Connection', doc.connectionId),
    trigger: doc.trigger,
    status: doc.status,
    account: doc.account,
    createdAt: new Date(doc.createdAt),
    startedAt,
    finishedAt,
    durationMs: startedAt && finishedAt ? finishedAt.getTime() - startedAt.getTime() : null,
    entries: Object.values(doc.entries)
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.region.localeCompare(b.region))
      .map((e) => Object.assign(new DiscoveryRunEntry(), { ...e, startedAt: date(e.startedAt), finishedAt: date(e.finishedAt) })),
  });
}

export const DiscoveryRunConnection = connectionType(DiscoveryRun, 'DiscoveryRun');
