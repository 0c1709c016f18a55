import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { toGlobalId } from '../../shared/ids.js';
import { ACTOR_KINDS, OPERATIONS, type ActorKind, type ChangeEvent, type Operation } from './change.model.js';

export const OperationEnum = graphqlEnum(OPERATIONS, { name: 'Operation', description: 'What a change did to an entity.' });

export const ActorKindEnum = graphqlEnum(ACTOR_KINDS, { name: 'ActorKind', description: 'Who or what made a change.' });

@ObjectType({ description: 'Who or what made a change.' })
export class Actor {
  @Field(() => ActorKindEnum)
  kind!: ActorKind;

  @Field(() => ID, { nullable: true })
  id!: string | null;

  @Field(() => ID, { nullable: true, description: 'The team workspace the user acted in, if any.' })
  workspaceId!: string | null;

  /** Hex id of the user, for the `name` field. */
  userId!: string | null;
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
    actor: Object.assign(new Actor(), {
      kind: event.actor.kind,
      id: event.actor.id ? toGlobalId('User', event.actor.id) : null,
      workspaceId: event.actor.workspaceTeamId ? toGlobalId('Team', event.actor.workspaceTeamId) : null,
      userId: event.actor.id,
    }),
    diff: event.diff.map((d) => Object.assign(new FieldChange(), d, { hidden: false })),
  });
}

