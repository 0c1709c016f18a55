import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { Warning } from '../../graphql/types/warning.type.js';
import { idOfType } from '../../shared/ids.js';
import { encodeCursor } from '../../shared/pagination.js';
import { grantsOf, myRoleOn, ownerOf } from '../access/access-fields.js';
import { AccessGrant, Principal } from '../access/access.type.js';
import { RoleEnum } from '../access/role.enum.js';
import type { Team } from '../teams/team.type.js';
import type { User } from '../identity/identity.type.js';
import {
  CreateDatacenterInput,
  Datacenter,
  DatacenterConnection,
  DatacenterFilterInput,
  UpdateDatacenterInput,
  toDatacenter,
  type DatacenterConnectionShape,
} from './datacenter.type.js';

@ObjectType()
export class DatacenterPayload {
  @Field(() => Datacenter, { nullable: true })
  datacenter!: Datacenter | null;

  @Field(() => [Warning])
  warnings!: Warning[];
}

function payload(datacenter: Datacenter): DatacenterPayload {
  return Object.assign(new DatacenterPayload(), { datacenter, warnings: [] });
}

@Resolver(() => Datacenter)
export class DatacenterResolver {
  @FieldResolver(() => Principal, { nullable: true, description: 'The user or team that created it.' })
  owner(@Root() dc: Datacenter, @Ctx() ctx: GraphQLContext): Promise<User | Team | null> {
    return ownerOf(ctx, dc.doc);
  }

  @FieldResolver(() => [AccessGrant], { description: 'Who holds which role.' })
  access(@Root() dc: Datacenter, @Ctx() ctx: GraphQLContext): Promise<AccessGrant[]> {
    return grantsOf(ctx, dc.doc);
  }

  @FieldResolver(() => RoleEnum, { nullable: true, description: 'Your strongest role on it.' })
  myRole(@Root() dc: Datacenter, @Ctx() ctx: GraphQLContext): Promise<RoleEnum | null> {
    return myRoleOn(ctx, dc.doc);
  }

  @Query(() => Datacenter, { nullable: true })
  async datacenter(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Datacenter | null> {
    const doc = await ctx.services.datacenters.get(await ctx.auth.scope(), idOfType(id, 'Datacenter'));
    return doc ? toDatacenter(doc) : null;
  }

  @Query(() => DatacenterConnection)
  async datacenters(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => DatacenterFilterInput, { nullable: true }) filter?: DatacenterFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<DatacenterConnectionShape> {
    const page = await ctx.services.datacenters.list(await ctx.auth.scope(), filter ?? {}, first, after);
    const edges = page.items.map((doc) => ({ cursor: encodeCursor(doc._id), node: toDatacenter(doc) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => DatacenterPayload)
  async createDatacenter(@Arg('input', () => CreateDatacenterInput) input: CreateDatacenterInput, @Ctx() ctx: GraphQLContext): Promise<DatacenterPayload> {
    return payload(toDatacenter(await ctx.services.datacenters.create(await ctx.auth.scope(), input)));
  }

  @Mutation(() => DatacenterPayload)
  async updateDatacenter(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateDatacenterInput) input: UpdateDatacenterInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DatacenterPayload> {
    return payload(toDatacenter(await ctx.services.datacenters.update(await ctx.auth.scope(), idOfType(id, 'Datacenter'), input)));
  }

  @Mutation(() => DatacenterPayload, { description: 'Soft delete: the datacenter becomes inactive. Needs ADMIN.' })
  async deleteDatacenter(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<DatacenterPayload> {
    return payload(toDatacenter(await ctx.services.datacenters.delete(await ctx.auth.scope(), idOfType(id, 'Datacenter'))));
  }

  @Mutation(() => DatacenterPayload, { description: 'Brings a deleted datacenter back. Needs ADMIN.' })
  async restoreDatacenter(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<DatacenterPayload> {
    return payload(toDatacenter(await ctx.services.datacenters.restore(await ctx.auth.scope(), idOfType(id, 'Datacenter'))));
  }
}
