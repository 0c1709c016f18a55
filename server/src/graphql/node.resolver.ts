import { GRAPH_BUILD_TYPE, GRAPH_TYPE } from '../modules/graphs/graph.model.js';
import { toGraph, toGraphBuild } from '../modules/graphs/graph.type.js';
import { REPORT_RUN_TYPE, REPORT_TYPE } from '../modules/reports/report.model.js';
import { toReport, toReportRun } from '../modules/reports/report.type.js';
import { SCHEDULE_TYPE } from '../modules/schedules/schedule.model.js';
import { scheduleById } from '../modules/schedules/schedule.resolver.js';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { toTeam } from '../modules/access/principal.js';
import { CONNECTION_TYPE } from '../modules/discovery/connection.model.js';
import { toConnection } from '../modules/discovery/connection.type.js';
import { toUser } from '../modules/identity/identity.type.js';
import { toGraphQL } from '../modules/inventory/inventory.graphql.js';
import { fromGlobalId } from '../shared/ids.js';
import type { GraphQLContext } from './context.js';
import { InputError } from './errors.js';
import { Node } from './types/node.type.js';

const SEARCH_MAX = 100;
const NODES_MAX = 1000;

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Anything by its global id; null when it does not exist or you cannot see it.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Node | null> {
    // A schedule's id may name a connection's kind (`Schedule:<connection>:<KIND>`).
    if (Buffer.from(id, 'base64url').toString('utf8').startsWith(`${SCHEDULE_TYPE}:`)) return scheduleById(ctx, id);
    const { type, id: objectId } = fromGlobalId(id);
    const scope = await ctx.auth.scope();
    if (ctx.services.inventory.isInventoryType(type)) {
      const doc = await ctx.services.inventory.get(scope, objectId, type);
      return doc ? toGraphQL(doc) : null;
    }
    if (type === CONNECTION_TYPE) {
      const doc = await ctx.services.connections.get(scope, objectId);
      return doc ? toConnection(doc) : null;
    }
    if (type === REPORT_TYPE) {
      const doc = await ctx.services.reports.get(scope, objectId);
      return doc ? toReport(doc) : null;
    }
    if (type === REPORT_RUN_TYPE) {
      const run = await ctx.services.reports.findRun(scope, objectId);
      return run ? toReportRun(run) : null;
    }
    if (type === GRAPH_TYPE) {
      const doc = await ctx.services.graphs.get(scope, objectId);
      return doc ? toGraph(doc) : null;
    }
    if (type === GRAPH_BUILD_TYPE) {
      const build = await ctx.services.graphs.findBuild(scope, objectId);
      return build ? toGraphBuild(build) : null;
    }
    if (type === 'Team') {
      const team = (await ctx.services.teams.list(scope)).find((t) => t._id.equals(objectId));
      return team ? toTeam(team) : null;
    }
    if (type === 'User') {
      const me = await ctx.auth.user();
      return me._id.equals(objectId) ? toUser(me, true) : null;
    }
    return null;
  }

  @Query(() => [Node], { nullable: 'items', description: 'Inventory items by global ids, in the same order; null for those you cannot see.' })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GraphQLContext): Promise<Array<Node | null>> {
    if (ids.length > NODES_MAX) throw new InputError(`ids holds at most ${NODES_MAX} ids.`, [{ path: 'ids', message: `must hold at most ${NODES_MAX} ids` }]);
    const decoded = ids.map((id, i) => fromGlobalId(id, `ids.${i}`));
    const docs = await ctx.services.inventory.getMany(await ctx.auth.scope(), decoded.map((d) => d.id));
    const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
    return decoded.map((d) => {
      const doc = byId.get(d.id.toHexString());
      return doc && doc.type === d.type ? toGraphQL(doc) : null;
    });
  }

  @Query(() => [Node], { description: 'Finds what you can read by name, hostname, IP address or tag, across every inventory type.' })
  async search(
    @Arg('query', () => String) query: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('types', () => [String], { nullable: true, description: 'Only these types, e.g. ["Server"].' }) types?: string[] | null,
  ): Promise<Node[]> {
    const text = query.trim();
    if (text.length === 0 || text.length > 200) {
      throw new InputError('query must be 1 to 200 characters.', [{ path: 'query', message: 'must be 1 to 200 characters' }]);
    }
    for (const [i, type] of (types ?? []).entries()) {
      if (!ctx.services.inventory.isInventoryType(type)) throw new InputError(`types.${i} is not an inventory type.`, [{ path: `types.${i}`, message: 'is not an inventory type' }]);
    }
    const limit = Math.min(Math.max(first ?? 20, 1), SEARCH_MAX);
    return (await ctx.services.inventory.search(await ctx.auth.scope(), text, types, limit)).map(toGraphQL);
  }
}
