import { filter, pipe } from '@graphql-yoga/subscription';
import { ObjectId } from 'mongodb';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { InputError, NotFoundError } from '../../graphql/errors.js';
import { idOfType } from '../../shared/ids.js';
import { AccessGrant, Principal } from '../access/access.type.js';
import { grantsOf, myRoleOn, ownerOf } from '../access/access-fields.js';
import { RoleEnum } from '../access/role.enum.js';
import type { Team } from '../teams/team.type.js';
import type { User } from '../identity/identity.type.js';
import { GRAPH_BUILD_TYPE, GRAPH_SHARE_TYPE, GRAPH_TYPE } from './graph.model.js';
import type { GraphBuildEvent } from './graph.service.js';
import {
  Graph,
  GraphBuild,
  GraphEdgeView,
  GraphExportFormatEnum,
  GraphInput,
  GraphNodeView,
  GraphShareLink,
  toGraph,
  toGraphBuild,
  toGraphShare,
  type GraphExportFormat,
} from './graph.type.js';

@Resolver(() => Graph)
export class GraphResolver {
  @Query(() => [Graph], { description: 'The dependency graphs you can read, by name (at most 1,000; deleted ones left out).' })
  async graphs(@Ctx() ctx: GraphQLContext): Promise<Graph[]> {
    return (await ctx.services.graphs.list(await ctx.auth.scope())).map(toGraph);
  }

  @Query(() => Graph, { nullable: true, description: 'One graph; null when it does not exist or you cannot see it.' })
  async graph(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Graph | null> {
    const doc = await ctx.services.graphs.get(await ctx.auth.scope(), idOfType(id, GRAPH_TYPE));
    return doc ? toGraph(doc) : null;
  }

  @Query(() => GraphBuild, { nullable: true, description: 'One of your graph builds; null when it does not exist or is not yours.' })
  async graphBuild(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<GraphBuild | null> {
    const build = await ctx.services.graphs.findBuild(await ctx.auth.scope(), idOfType(id, GRAPH_BUILD_TYPE));
    return build ? toGraphBuild(build) : null;
  }

  @Mutation(() => Graph, { description: 'Creates a dependency graph; you (or your workspace team) become its admin.' })
  async createGraph(@Arg('input', () => GraphInput) input: GraphInput, @Ctx() ctx: GraphQLContext): Promise<Graph> {
    return toGraph(await ctx.services.graphs.create(await ctx.auth.scope(), input));
  }

  @Mutation(() => Graph, { description: 'Changes the fields given. Needs WRITE.' })
  async updateGraph(@Arg('id', () => ID) id: string, @Arg('input', () => GraphInput) input: GraphInput, @Ctx() ctx: GraphQLContext): Promise<Graph> {
    return toGraph(await ctx.services.graphs.update(await ctx.auth.scope(), idOfType(id, GRAPH_TYPE), input));
  }

  @Mutation(() => Graph, { description: 'Soft delete: no more builds; its share links stop working at once. Needs ADMIN.' })
  async deleteGraph(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Graph> {
    return toGraph(await ctx.services.graphs.delete(await ctx.auth.scope(), idOfType(id, GRAPH_TYPE)));
  }

  @Mutation(() => GraphBuild, { description: 'Builds the graph for you, with your access, in the background: answers at once with the QUEUED build (follow it with graphBuildChanged). Needs READ; 30 a minute and 5 at once per person.' })
  async buildGraph(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<GraphBuild> {
    return toGraphBuild(await ctx.services.graphs.build(await ctx.auth.scope(), idOfType(id, GRAPH_TYPE)));
  }

  @Mutation(() => GraphShareLink, { description: 'A public link to the graph’s picture and metrics (from your newest good build), valid until expiresAt (at most a year). Needs ADMIN.' })
  async createGraphShareLink(@Arg('graphId', () => ID) graphId: string, @Arg('expiresAt', () => Date) expiresAt: Date, @Ctx() ctx: GraphQLContext): Promise<GraphShareLink> {
    const { share, token } = await ctx.services.graphs.createShare(await ctx.auth.scope(), idOfType(graphId, GRAPH_TYPE, 'graphId'), expiresAt);
    return toGraphShare(share, ctx.services.graphs.base, token);
  }

  @Mutation(() => GraphShareLink, { description: 'Revokes a share link: it stops working at once. Needs ADMIN on its graph.' })
  async revokeGraphShareLink(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<GraphShareLink> {
    return toGraphShare(await ctx.services.graphs.revokeShare(await ctx.auth.scope(), idOfType(id, GRAPH_SHARE_TYPE)), null, null);
  }

  @FieldResolver(() => [ID], { description: 'The system, client or applications it starts from.' })
  sourceIds(@Root() graph: Graph): string[] {
    const type = graph.source === 'SYSTEM' ? 'System' : graph.source === 'CLIENT' ? 'Client' : 'Application';
    return graph.doc.sourceIds.map((hex) => Buffer.from(`${type}:${hex}`).toString('base64url'));
  }

  @FieldResolver(() => [GraphBuild], { description: 'Your builds of it, newest first (up to 100).' })
  async builds(@Root() graph: Graph, @Ctx() ctx: GraphQLContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<GraphBuild[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new InputError('first must be 1 to 100.', [{ path: 'first', message: 'must be 1 to 100' }]);
    return (await ctx.services.graphs.buildsOf(await ctx.auth.scope(), graph.doc, first)).map(toGraphBuild);
  }

  @FieldResolver(() => GraphBuild, { nullable: true, description: 'Your newest build that succeeded.' })
  async lastBuild(@Root() graph: Graph, @Ctx() ctx: GraphQLContext): Promise<GraphBuild | null> {
    const build = await ctx.services.graphs.lastGoodBuild(await ctx.auth.scope(), graph.doc._id.toHexString());
    return build ? toGraphBuild(build) : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When its schedule builds it next; null without one.' })
  nextRunAt(@Root() graph: Graph, @Ctx() ctx: GraphQLContext): Promise<Date | null> {
    return graph.doc.scheduleMinutes !== null && graph.doc.active ? ctx.services.graphs.nextRunAt(graph.doc) : Promise.resolve(null);
  }

  @FieldResolver(() => [GraphShareLink], { description: 'Its share links, newest first (admins only; empty for others).' })
  async shareLinks(@Root() graph: Graph, @Ctx() ctx: GraphQLContext): Promise<GraphShareLink[]> {
    const scope = await ctx.auth.scope();
    if (!graph.doc.access.admin.some((k) => scope.principalsFor('admin').includes(k as never))) return [];
    const shares = await ctx.services.graphs.sharesOf(scope, graph.doc);
    return Promise.all(shares.map(async (s) => toGraphShare(s, ctx.services.graphs.base, await ctx.services.graphs.tokenOf(s))));
  }

  @FieldResolver(() => Principal, { nullable: true })
  owner(@Root() graph: Graph, @Ctx() ctx: GraphQLContext): Promise<User | Team | null> {
    return ownerOf(ctx, graph.doc);
  }

  @FieldResolver(() => [AccessGrant])
  access(@Root() graph: Graph, @Ctx() ctx: GraphQLContext): Promise<AccessGrant[]> {
    return grantsOf(ctx, graph.doc);
  }

  @FieldResolver(() => RoleEnum, { nullable: true })
  myRole(@Root() graph: Graph, @Ctx() ctx: GraphQLContext): Promise<RoleEnum | null> {
    return myRoleOn(ctx, graph.doc);
  }
}

@Resolver(() => GraphBuild)
export class GraphBuildResolver {
  @FieldResolver(() => Graph, { nullable: true, description: 'Its graph, if you can still read it.' })
  async graph(@Root() build: GraphBuild, @Ctx() ctx: GraphQLContext): Promise<Graph | null> {
    const doc = await ctx.services.graphs.get(await ctx.auth.scope(), new ObjectId(build.doc.graphId));
    return doc ? toGraph(doc) : null;
  }

  @FieldResolver(() => [GraphNodeView], { description: 'Its items, with their place in the picture.' })
  nodes(@Root() build: GraphBuild): GraphNodeView[] {
    const at = new Map(build.doc.positions.map((p) => [p.id, p]));
    return build.doc.nodes.map((n) => ({ family: null, system: null, ...n, x: at.get(n.id)?.x ?? null, y: at.get(n.id)?.y ?? null, width: at.get(n.id)?.width ?? null, height: at.get(n.id)?.height ?? null }));
  }

  @FieldResolver(() => [GraphEdgeView])
  edges(@Root() build: GraphBuild): GraphEdgeView[] {
    return build.doc.edges;
  }

  @FieldResolver(() => Boolean, { description: 'True once an item of it, or a relation at one, changed since it was built: build again to see the inventory as it is.' })
  stale(@Root() build: GraphBuild, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.graphs.stale(build.doc);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The picture, as SVG text.' })
  svg(@Root() build: GraphBuild, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    return ctx.services.graphs.picture(build.doc);
  }

  @FieldResolver(() => String, { description: 'Where to download it (GET with your bearer token): /graphs/builds/<id>/export?format=…' })
  exportUrl(@Root() build: GraphBuild, @Arg('format', () => GraphExportFormatEnum) format: GraphExportFormat): string {
    return `/graphs/builds/${build.id}/export?format=${format.toLowerCase()}`;
  }

  @Subscription(() => GraphBuild, {
    description: 'Your graph builds as they are queued, move on and end; one graph’s, or one build’s, when given.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { graphId?: string | null; buildId?: string | null }, GraphQLContext>) => {
      await context.auth.scope();
      const graphId = args.graphId ? idOfType(args.graphId, GRAPH_TYPE, 'graphId').toHexString() : null;
      const buildId = args.buildId ? idOfType(args.buildId, GRAPH_BUILD_TYPE, 'buildId').toHexString() : null;
      return pipe(
        context.services.events.subscribe('graphBuildChanged'),
        filter(async (event: GraphBuildEvent) => (!graphId || event.graphId === graphId) && (!buildId || event.buildId === buildId) && context.auth.canReadNow(event.readers)),
      );
    },
  })
  async graphBuildChanged(
    @Root() event: GraphBuildEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('graphId', () => ID, { nullable: true }) _graphId?: string | null,
    @Arg('buildId', () => ID, { nullable: true }) _buildId?: string | null,
  ): Promise<GraphBuild> {
    const build = await ctx.services.graphs.findBuild(await ctx.auth.scope(), new ObjectId(event.buildId));
    if (!build) throw new NotFoundError('No such graph build, or you cannot see it.');
    return toGraphBuild(build);
  }
}
