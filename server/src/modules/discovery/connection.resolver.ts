import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { idOfType } from '../../shared/ids.js';
import { AccessGrant, Principal } from '../access/access.type.js';
import { grantsOf, myRoleOn, ownerOf } from '../access/access-fields.js';
import { RoleEnum } from '../access/role.enum.js';
import { INVENTORY_GRAPHQL, toGraphQL } from '../inventory/inventory.graphql.js';
import type { Team } from '../teams/team.type.js';
import type { User } from '../identity/identity.type.js';
import type { Node } from '../../graphql/types/node.type.js';
import { CONNECTION_TYPE } from './connection.model.js';
import { ConnectionService } from './connection.service.js';
import {
  Connection,
  ConnectionConnection,
  ConnectionCredentialsInput,
  ConnectionTestResult,
  CreateConnectionInput,
  toConnection,
  UpdateConnectionInput,
} from './connection.type.js';

type ConnectionPage = InstanceType<typeof ConnectionConnection>;

const DatacenterType = INVENTORY_GRAPHQL.classes.get('Datacenter')!;

@Resolver(() => Connection)
export class ConnectionResolver {
  @FieldResolver(() => DatacenterType, { nullable: true, description: 'The Datacenter item it fills; null if you cannot see it.' })
  async datacenter(@Root() connection: Connection, @Ctx() ctx: GraphQLContext): Promise<Node | null> {
    const doc = await ctx.loaders.items.load(connection.doc.datacenterId);
    return doc ? toGraphQL(doc) : null;
  }

  @FieldResolver(() => Principal, { nullable: true, description: 'The user or team that created it.' })
  owner(@Root() connection: Connection, @Ctx() ctx: GraphQLContext): Promise<User | Team | null> {
    return ownerOf(ctx, connection.doc);
  }

  @FieldResolver(() => [AccessGrant], { description: 'Who holds which role.' })
  access(@Root() connection: Connection, @Ctx() ctx: GraphQLContext): Promise<AccessGrant[]> {
    return grantsOf(ctx, connection.doc);
  }

  @FieldResolver(() => RoleEnum, { nullable: true, description: 'Your strongest role on it.' })
  myRole(@Root() connection: Connection, @Ctx() ctx: GraphQLContext): Promise<RoleEnum | null> {
    return myRoleOn(ctx, connection.doc);
  }

  @Query(() => ConnectionConnection, { description: 'The discovery connections you can read, by name; deleted ones are left out.' })
  async connections(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, up to 1000 (default 50).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ConnectionPage> {
    const page = await ctx.services.connections.list(await ctx.auth.scope(), first, after);
    const edges = page.items.map((doc) => ({ cursor: ConnectionService.cursorOf(doc), node: toConnection(doc) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @Query(() => Connection, { nullable: true, description: 'One discovery connection; null when it does not exist or you cannot see it.' })
  async connection(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Connection | null> {
    const doc = await ctx.services.connections.get(await ctx.auth.scope(), idOfType(id, CONNECTION_TYPE));
    return doc ? toConnection(doc) : null;
  }

  @Mutation(() => Connection, { description: 'Creates a discovery connection; its creator (you, or your workspace team) becomes its admin. Fills the Datacenter given, or one of its name (created if missing).' })
  async createConnection(@Arg('input', () => CreateConnectionInput) input: CreateConnectionInput, @Ctx() ctx: GraphQLContext): Promise<Connection> {
    return toConnection(await ctx.services.connections.create(await ctx.auth.scope(), { ...input }));
  }

  @Mutation(() => Connection, { description: 'Changes the fields given. Needs WRITE.' })
  async updateConnection(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateConnectionInput) input: UpdateConnectionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Connection> {
    return toConnection(await ctx.services.connections.update(await ctx.auth.scope(), idOfType(id, CONNECTION_TYPE), { ...input }));
  }

  @Mutation(() => Connection, { description: 'Soft delete: the connection becomes inactive and its name free. Needs ADMIN.' })
  async deleteConnection(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Connection> {
    return toConnection(await ctx.services.connections.delete(await ctx.auth.scope(), idOfType(id, CONNECTION_TYPE)));
  }

  @Mutation(() => ConnectionTestResult, {
    description:
      'Asks the provider who the credentials are (after assuming the role, if any): a connection’s stored ones (needs WRITE on it), ' +
      'those given in `input` before they are saved, or both (the given over the stored: an edit form tests what it would save). ' +
      'A refusal is an answer with ok false. Nothing is stored.',
  })
  async testConnection(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('input', () => ConnectionCredentialsInput, { nullable: true }) input?: ConnectionCredentialsInput | null,
  ): Promise<ConnectionTestResult> {
    const scope = await ctx.auth.scope();
    const result = await ctx.services.connections.test(scope, id ? idOfType(id, CONNECTION_TYPE) : null, input ?? null);
    return Object.assign(new ConnectionTestResult(), result);
  }
}
