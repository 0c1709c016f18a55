import { Arg, Ctx, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { InputError, NotFoundError } from '../../graphql/errors.js';
import { connectionType, Node } from '../../graphql/types/node.type.js';
import { fromGlobalId } from '../../shared/ids.js';
import { pageSize } from '../../shared/pagination.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import { toGraphQL } from '../inventory/inventory.graphql.js';
import { eventOf, seenFrom, typeOfEnd } from './change.publisher.js';
import type { Operation } from './change.model.js';
import { Change, OperationEnum, toChange } from './change.type.js';
import type { ChangeRecord } from './history.repository.js';
import { encodeActivityCursor } from './history.service.js';
import { ACTOR_ID_TYPES, ACTOR_KINDS, type ActorKind } from './change.model.js';
import { ActorKindEnum } from './change.type.js';

export const ChangeConnection = connectionType(Change, 'Change');
type ChangeConnectionShape = InstanceType<typeof ChangeConnection>;

/** A change as the history of the item `hex` shows it: a change of one of its links, from the item. */
function toChangeOf(record: ChangeRecord, hex: string): Change {
  const event = eventOf(record);
  return toChange(seenFrom(event, event.ends?.[record.ends?.indexOf(hex) ?? -1]));
}

/**
 * A change as activity shows it: a change of a link from its first end of
 * the types asked (any, when none are) that the caller can read now; from
 * its first such end when they can read neither, whose side of the diff is
 * then hidden by `Change.diff` as usual.
 */
async function toActivityChange(record: ChangeRecord, types: readonly string[] | null | undefined, ctx: GraphQLContext): Promise<Change> {
  const event = eventOf(record);
  if (!event.ends) return toChange(event);
  const candidates = event.ends.filter((end) => !types || types.length === 0 || types.includes(typeOfEnd(end)));
  const readable = await Promise.all(candidates.map((end) => ctx.loaders.readable.load(end)));
  return toChange(seenFrom(event, candidates[readable.indexOf(true)] ?? candidates[0]));
}

@InputType()
export class ActivityFilter {
  @Field(() => [String], { nullable: true, description: 'Entity types, e.g. ["Server"].' })
  types?: string[] | null;

  @Field(() => [OperationEnum], { nullable: true })
  operations?: Operation[] | null;

  @Field(() => [ActorKindEnum], { nullable: true, description: 'Changes made by these kinds of actor: people, imports, discovery, Maestro itself.' })
  actorKinds?: ActorKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Changes made by this actor: a user, an import or a discovery connection (its id).' })
  actorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Changes made by one run: an import’s id, or a discovery run’s id. “Everything import #12 changed.”' })
  runId?: string | null;

  @Field(() => Date, { nullable: true })
  since?: Date | null;

  @Field(() => Date, { nullable: true })
  until?: Date | null;
}

/** The hex id of an actor's global id: a user, an import or a connection. */
function actorIdOf(globalId: string): string {
  const types = ACTOR_KINDS.map((k) => ACTOR_ID_TYPES[k]).filter((t): t is string => t !== null);
  const { type, id } = fromGlobalId(globalId, 'filter.actorId');
  if (!types.includes(type)) throw new InputError(`filter.actorId must be the id of a ${types.join(', ')}.`, [{ path: 'filter.actorId', message: `must be the id of a ${types.join(', ')}` }]);
  return id.toHexString();
}

/** The hex id of a run's global id: an import, or a discovery run. */
function runIdOf(globalId: string): string {
  const { type, id } = fromGlobalId(globalId, 'filter.runId');
  if (type !== 'Import' && type !== 'DiscoveryRun') throw new InputError('filter.runId must be the id of an import or a discovery run.', [{ path: 'filter.runId', message: 'must be the id of an import or a discovery run' }]);
  return id.toHexString();
}

@ObjectType({ description: 'An entity as it was at some time.' })
export class EntityState {
  @Field(() => Date, { description: 'When the change that made this state happened.' })
  at!: Date;

  @Field(() => Int)
  revision!: number;

  @Field(() => Node, { description: 'Its fields as they were; relations and access are today’s.' })
  node!: Node;
}

@Resolver()
export class HistoryResolver {
  @Query(() => ChangeConnection, { description: 'Changes of one entity, newest first: who, when, what, before and after; with the links made and removed at it, each shown from it.' })
  async history(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ChangeConnectionShape> {
    const scope = await ctx.auth.scope();
    const { id: objectId } = fromGlobalId(id);
    const hex = objectId.toHexString();
    const page = await ctx.services.history.history(scope, hex, pageSize(first), after);
    const edges = page.items.map((r) => ({ cursor: encodeActivityCursor(r), node: toChangeOf(r, hex) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @Query(() => ChangeConnection, { description: 'Changes across everything you can read, newest first. totalCount counts every change the filter matches.' })
  async activity(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter?: ActivityFilter | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ChangeConnectionShape> {
    const scope = await ctx.auth.scope();
    for (const [i, type] of (filter?.types ?? []).entries()) {
      if (!ctx.services.inventory.isInventoryType(type)) throw new InputError(`filter.types.${i} is not an inventory type.`, [{ path: `filter.types.${i}`, message: 'is not an inventory type' }]);
    }
    const actorId = filter?.actorId ? actorIdOf(filter.actorId) : null;
    const runId = filter?.runId ? runIdOf(filter.runId) : null;
    const page = await ctx.services.history.activity(scope, { ...filter, actorId, runId }, pageSize(first), after);
    const edges = await Promise.all(page.items.map(async (r) => ({ cursor: encodeActivityCursor(r), node: await toActivityChange(r, filter?.types, ctx) })));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @Query(() => EntityState, {
    nullable: true,
    description: 'The entity as it was at `at`, rebuilt from its history; null if it did not exist yet, or you could not read it then.',
  })
  async entityAt(@Arg('id', () => ID) id: string, @Arg('at', () => Date) at: Date, @Ctx() ctx: GraphQLContext): Promise<EntityState | null> {
    const scope = await ctx.auth.scope();
    const { type, id: objectId } = fromGlobalId(id);
    const current = await ctx.services.inventory.get(scope, objectId, type);
    if (!current) throw new NotFoundError('No such item, or you cannot see it.');
    const past = await ctx.services.history.entityAt(scope, current, at);
    if (!past) return null;
    const doc = { ...current, ...past.state, revision: past.revision, updatedAt: past.at } as InventoryDoc;
    return Object.assign(new EntityState(), { at: past.at, revision: past.revision, node: toGraphQL(doc) });
  }
}
