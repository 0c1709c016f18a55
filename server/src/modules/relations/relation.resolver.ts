import { ObjectId } from 'mongodb';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { NotFoundError } from '../../graphql/errors.js';
import { toGraphQL } from '../inventory/inventory.graphql.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import type { Hop } from './relation.service.js';
import type { RelationDoc } from './relation.model.js';
import { DependencyTreeInput, DependencyTreePayload, GraphHop, LinkInput, Relation } from './relation.type.js';

function toRelation(edge: RelationDoc, from: InventoryDoc, to: InventoryDoc): Relation {
  return Object.assign(new Relation(), {
    id: Buffer.from(`Relation:${edge._id}`).toString('base64url'),
    kind: edge.kind,
    from: toGraphQL(from),
    to: toGraphQL(to),
    createdAt: edge.createdAt,
  });
}

function toHops(hops: Hop[]): GraphHop[] {
  return hops.map((hop) =>
    Object.assign(new GraphHop(), {
      node: toGraphQL(hop.node),
      depth: hop.depth,
      path: hop.path,
      via: hop.via,
    }),
  );
}

@Resolver()
export class RelationResolver {
  @Mutation(() => Relation, { description: 'Links two items with a typed edge. Needs WRITE on both.' })
  async link(@Arg('input', () => LinkInput) input: LinkInput, @Ctx() ctx: GraphQLContext): Promise<Relation> {
    const scope = await ctx.auth.scope();
    const edge = await ctx.services.relations.link(scope, input.from, input.to, input.kind);
    const [from, to] = await Promise.all([ctx.services.inventory.get(scope, hex(edge.from)), ctx.services.inventory.get(scope, hex(edge.to))]);
    return toRelation(edge, from!, to!);
  }

  @Mutation(() => Relation, { description: 'Removes a typed edge. Needs WRITE on both ends.' })
  async unlink(@Arg('input', () => LinkInput) input: LinkInput, @Ctx() ctx: GraphQLContext): Promise<Relation> {
    const scope = await ctx.auth.scope();
    const edge = await ctx.services.relations.unlink(scope, input.from, input.to, input.kind);
    const [from, to] = await Promise.all([ctx.services.inventory.get(scope, hex(edge.from)), ctx.services.inventory.get(scope, hex(edge.to))]);
    return toRelation(edge, from!, to!);
  }

  @Mutation(() => DependencyTreePayload, { description: 'The dependency tree maker: sets every DEPENDS_ON edge of an item at once.' })
  async setDependencies(@Arg('input', () => DependencyTreeInput) input: DependencyTreeInput, @Ctx() ctx: GraphQLContext): Promise<DependencyTreePayload> {
    const scope = await ctx.auth.scope();
    const result = await ctx.services.relations.setDependencies(scope, input.from, input.dependsOn);
    const docs = await ctx.services.inventory.getMany(scope, result.edges.map((e) => hex(e.to)));
    return Object.assign(new DependencyTreePayload(), { added: result.added, removed: result.removed, dependsOn: docs.map(toGraphQL) });
  }

  @Query(() => [GraphHop], { description: 'What an item needs, directly or not, breadth first; only what you can read.' })
  async dependencies(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('depth', () => Int, { nullable: true, description: '1 to 20, default 5.' }) depth?: number | null,
  ): Promise<GraphHop[]> {
    const hops = await ctx.services.relations.traverse(await ctx.auth.scope(), id, depth, 'dependencies');
    if (!hops) throw new NotFoundError('No such item, or you cannot see it.');
    return toHops(hops);
  }

  @Query(() => [GraphHop], { description: 'What breaks if this item fails: everything that depends on it, directly or not.' })
  async impact(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('depth', () => Int, { nullable: true, description: '1 to 20, default 5.' }) depth?: number | null,
  ): Promise<GraphHop[]> {
    const hops = await ctx.services.relations.traverse(await ctx.auth.scope(), id, depth, 'impact');
    if (!hops) throw new NotFoundError('No such item, or you cannot see it.');
    return toHops(hops);
  }
}

function hex(id: string): ObjectId {
  return new ObjectId(id);
}
