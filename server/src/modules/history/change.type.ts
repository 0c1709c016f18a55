import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { toGlobalId } from '../../shared/ids.js';
import { ACTOR_ID_TYPES, ACTOR_KINDS, OPERATIONS, type ActorData, type ActorKind, type ChangeEvent, type Operation } from './change.model.js';

export const OperationEnum = graphqlEnum(OPERATIONS, { name: 'Operation', description: 'What a change did to an entity.' });

export const ActorKindEnum = graphqlEnum(ACTOR_KINDS, { name: 'ActorKind', description: 'Who or what made a change.' });

@ObjectType({ description: 'Who or what made a change.' })
export class Actor {
  @Field(() => ActorKindEnum)
  kind!: ActorKind;

  @Field(() => ID, { nullable: true, description: 'The user, the import, or the discovery connection; null for Maestro itself.' })
  id!: string | null;

  @Field(() => ID, { nullable: true, description: 'The team workspace it acted in, if any.' })
  workspaceId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The import or discovery run the change belongs to: filter activity by it (`runId`) for everything that run changed.' })
  runId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The person behind it: the user, or who ran the import.' })
  personId!: string | null;

  /** The name it had when it wrote (imports, connections, Maestro's parts); a user's is looked up. */
  storedName!: string | null;

  /** Hex id of the person, for the `name` field. */
  userId!: string | null;
}

/** A stored actor as GraphQL shows it. */
export function toActor(stored: ActorData): Actor {
  // Imports recorded before imports had ids named the person as the actor.
  const legacyImport = stored.kind === 'IMPORT' && stored.runId === undefined;
  const actor: ActorData = legacyImport ? { ...stored, id: null, userId: stored.id } : stored;
  const idType = ACTOR_ID_TYPES[actor.kind];
  const userId = actor.userId ?? (actor.kind === 'USER' ? actor.id : null);
  const runType = actor.kind === 'DISCOVERY' ? 'DiscoveryRun' : 'Import';
  return Object.assign(new Actor(), {
    kind: actor.kind,
    id: actor.id && idType ? toGlobalId(idType, actor.id) : null,
    workspaceId: actor.workspaceTeamId ? toGlobalId('Team', actor.workspaceTeamId) : null,
    runId: actor.runId ? toGlobalId(runType, actor.runId) : null,
    personId: userId ? toGlobalId('User', userId) : null,
    storedName: actor.kind === 'USER' ? null : (actor.name ?? null),
    userId,
  });
}

@ObjectType({ description: 'One field of an entity before and after a change.' })
export class FieldChange {
  @Field(() => String)
  path!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after!: unknown;

  @Field(() => Boolean, { description: 'True when `before` or `after` named an item you cannot read: it is left out (null).' })
  hidden!: boolean;
}

@ObjectType({ description: 'A change of one entity: what, when, by whom, and the fields it changed.' })
export class Change {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The entity type, e.g. `Datacenter`.' })
  entityType!: string;

  @Field(() => ID)
  entityId!: string;

  @Field(() => OperationEnum)
  operation!: Operation;

  @Field(() => Date)
  at!: Date;

  @Field(() => Actor)
  actor!: Actor;

  /** Every field the change made; `Change.diff` shows the caller what they may read of it. */
  diff!: FieldChange[];
}

export function toChange(event: ChangeEvent): Change {
  return Object.assign(new Change(), {
    id: event.id,
    entityType: event.entityType,
    entityId: event.entityId,
    operation: event.operation,
    at: new Date(event.at),
    actor: toActor(event.actor),
    diff: event.diff.map((d) => Object.assign(new FieldChange(), d, { hidden: false })),
  });
}

