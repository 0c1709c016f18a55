import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { toTeam } from '../modules/access/principal.js';
import { toUser } from '../modules/identity/identity.type.js';
import { toDatacenter } from '../modules/inventory/datacenter.type.js';
import { fromGlobalId } from '../shared/ids.js';
import type { GraphQLContext } from './context.js';
import { InputError } from './errors.js';
import { Node } from './types/node.type.js';

const SEARCH_MAX = 100;

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Anything by its global id; null when it does not exist or you cannot see it.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Node | null> {
    const { type, id: objectId } = fromGlobalId(id);
    const scope = await ctx.auth.scope();
    switch (type) {
      case 'Datacenter': {
        const doc = await ctx.services.datacenters.get(scope, objectId);
        return doc ? toDatacenter(doc) : null;
      }
      case 'Team': {
        const teams = await ctx.services.teams.list(scope);
        const team = teams.find((t) => t._id.equals(objectId));
        return team ? toTeam(team) : null;
      }
      case 'User': {
        const me = await ctx.auth.user();
        return me._id.equals(objectId) ? toUser(me, true) : null;
      }
      default:
        return null;
    }
  }

  @Query(() => [Node], { description: 'Finds what you can see by name, tags and regions, across entity types.' })
  async search(
    @Arg('query', () => String) query: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
  ): Promise<Node[]> {
    const text = query.trim();
    if (text.length === 0 || text.length > 200) {
      throw new InputError('query must be 1 to 200 characters.', [{ path: 'query', message: 'must be 1 to 200 characters' }]);
    }
    const limit = Math.min(Math.max(first ?? 20, 1), SEARCH_MAX);
    const scope = await ctx.auth.scope();
    return (await ctx.services.datacenters.search(scope, text, limit)).map(toDatacenter);
  }
}
