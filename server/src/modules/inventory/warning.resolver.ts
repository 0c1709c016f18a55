import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Node } from '../../graphql/types/node.type.js';
import { Warning } from '../../graphql/types/warning.type.js';
import { toGraphQL } from './inventory.graphql.js';

@Resolver(() => Warning)
export class WarningResolver {
  @FieldResolver(() => [Node], {
    description: 'The other items it is about, to link to: only items you can read, the first 10 (e.g. the servers that already have this private IP).',
  })
  async items(@Root() warning: Warning, @Ctx() ctx: GraphQLContext): Promise<Node[]> {
    const docs = await ctx.loaders.items.loadMany(warning.itemIds);
    return docs.flatMap((doc) => (doc && !(doc instanceof Error) ? [toGraphQL(doc)] : []));
  }
}
