import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Node } from '../../graphql/types/node.type.js';
import { fromGlobalId } from '../../shared/ids.js';
import { toGraphQL } from './inventory.graphql.js';
import { LockInput } from './provenance.type.js';

@Resolver()
export class LocksResolver {
  @Mutation(() => Node, {
    description:
      'Locks fields of an item (or the whole item) against imports and discovery: they never overwrite a locked field, and report it kept. ' +
      'People can still edit it. Needs WRITE; recorded in history (LOCK).',
  })
  async lockFields(@Arg('input', () => LockInput) input: LockInput, @Ctx() ctx: GraphQLContext): Promise<Node> {
    return this.set(ctx, input, true);
  }

  @Mutation(() => Node, { description: 'Unlocks fields of an item (or the whole-item lock). Needs WRITE; recorded in history (UNLOCK).' })
  async unlockFields(@Arg('input', () => LockInput) input: LockInput, @Ctx() ctx: GraphQLContext): Promise<Node> {
    return this.set(ctx, input, false);
  }

  private async set(ctx: GraphQLContext, input: LockInput, lock: boolean): Promise<Node> {
    const scope = await ctx.auth.scope();
    const { type, id } = fromGlobalId(input.id, 'input.id');
    ctx.services.inventory.info(type, 'input.id');
    const { doc } = await ctx.services.inventory.setLocks(scope, type, id, { fields: input.fields ?? [], all: input.all ?? null }, lock);
    return toGraphQL(doc);
  }
}
