import { filter, pipe } from '@graphql-yoga/subscription';
import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { NotFoundError } from '../../graphql/errors.js';
import { idOfType } from '../../shared/ids.js';
import { ObjectId } from 'mongodb';
import { CONNECTION_TYPE, type DiscoveryKind } from './connection.model.js';
import { Connection, ConnectionKind, DiscoveryKindEnum } from './connection.type.js';
import { DISCOVERY_RUN_TYPE } from './discovery-run.model.js';
import { DiscoveryRunService, type DiscoveryRunEvent } from './discovery-run.service.js';
import { DiscoveryRun, DiscoveryRunConnection, toDiscoveryRun } from './discovery-run.type.js';

type DiscoveryRunPage = InstanceType<typeof DiscoveryRunConnection>;

@ObjectType({ description: 'A connection’s schedules counted: one per kind of resource.' })
export class ScheduleCounts {
  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: 'Those that run (the kind and the connection enabled).' })
  enabled!: number;

  @Field(() => Int, { description: 'Enabled ones whose last discovery failed.' })
  failing!: number;
}

@Resolver(() => Connection)
export class ConnectionRunsResolver {
  @FieldResolver(() => ScheduleCounts, { description: 'How many schedules it has, how many run, how many are failing.' })
  async scheduleCounts(@Root() connection: Connection, @Ctx() ctx: GraphQLContext): Promise<ScheduleCounts> {
    return Object.assign(new ScheduleCounts(), await ctx.services.discoveryRuns.scheduleCounts(connection.doc));
  }

  @FieldResolver(() => DiscoveryRun, { nullable: true, description: 'Its newest discovery run (running or finished); null until it has run.' })
  async latestRun(@Root() connection: Connection, @Ctx() ctx: GraphQLContext): Promise<DiscoveryRun | null> {
    const doc = await ctx.services.discoveryRuns.latestOf(connection.doc._id);
    return doc ? toDiscoveryRun(doc) : null;
  }
}

@Resolver(() => ConnectionKind)
export class ConnectionKindResolver {
  @FieldResolver(() => Date, { nullable: true, description: 'When its schedule next discovers this kind; null while the kind, or the connection, is paused.' })
  nextRunAt(@Root() setting: ConnectionKind, @Ctx() ctx: GraphQLContext): Promise<Date | null> {
    return ctx.services.discoverySchedules.nextTick(setting.connectionId, setting.kind);
  }
}

@Resolver(() => DiscoveryRun)
export class DiscoveryRunResolver {
  @Mutation(() => DiscoveryRun, {
    description:
      'Starts discovery with a connection now: its enabled kinds (or those given) in its regions (or those given). Needs WRITE on the connection. ' +
      'A kind and region another run is still discovering is skipped, and the run says so.',
  })
  async startDiscovery(
    @Arg('connectionId', () => ID) connectionId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('kinds', () => [DiscoveryKindEnum], { nullable: true }) kinds?: DiscoveryKind[] | null,
    @Arg('regions', () => [String], { nullable: true }) regions?: string[] | null,
  ): Promise<DiscoveryRun> {
    return toDiscoveryRun(await ctx.services.discoveryRuns.start(await ctx.auth.scope(), idOfType(connectionId, CONNECTION_TYPE, 'connectionId'), kinds, regions));
  }

  @Query(() => DiscoveryRun, { nullable: true, description: 'One discovery run; null when it does not exist or you cannot read its connection.' })
  async discoveryRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<DiscoveryRun | null> {
    const doc = await ctx.services.discoveryRuns.get(await ctx.auth.scope(), idOfType(id, DISCOVERY_RUN_TYPE));
    return doc ? toDiscoveryRun(doc) : null;
  }

  @Query(() => DiscoveryRunConnection, { description: 'The runs of a connection you can read, newest first.' })
  async discoveryRuns(
    @Arg('connectionId', () => ID) connectionId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, up to 1000 (default 50).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<DiscoveryRunPage> {
    const page = await ctx.services.discoveryRuns.list(await ctx.auth.scope(), idOfType(connectionId, CONNECTION_TYPE, 'connectionId'), first, after);
    const edges = page.items.map((doc) => ({ cursor: DiscoveryRunService.cursorOf(doc), node: toDiscoveryRun(doc) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @Subscription(() => DiscoveryRun, {
    description: 'Progress of discovery runs whose connection you can read (one run when runId is given), as each job starts and ends, from every API process.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { runId?: string | null }, GraphQLContext>) => {
      await context.auth.scope();
      const runId = args.runId ? idOfType(args.runId, DISCOVERY_RUN_TYPE, 'runId').toHexString() : null;
      return pipe(
        context.services.events.subscribe('discoveryRunChanged'),
        filter(async (event: DiscoveryRunEvent) => (!runId || event.runId === runId) && context.auth.canReadNow(event.readers)),
      );
    },
  })
  async discoveryRunChanged(
    @Root() event: DiscoveryRunEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('runId', () => ID, { nullable: true }) _runId?: string | null,
  ): Promise<DiscoveryRun> {
    // The run as it is now, read again with the subscriber's access (the event carries ids only).
    const doc = await ctx.services.discoveryRuns.get(await ctx.auth.scope(), new ObjectId(event.runId));
    if (!doc) throw new NotFoundError('No such discovery run, or you cannot see it.');
    return toDiscoveryRun(doc);
  }
}
