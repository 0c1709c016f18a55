import { SCHEDULE_TYPE, type ScheduleDoc } from '../schedules/schedule.model.js';
import { toSchedule } from '../schedules/schedule.type.js';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { toGraphQL } from '../inventory/inventory.graphql.js';
import { CONNECTION_TYPE, type ConnectionDoc } from '../discovery/connection.model.js';
import { toConnection } from '../discovery/connection.type.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import type { Node } from '../../graphql/types/node.type.js';
import { grantsOf } from './access-fields.js';
import type { AccessControlled } from './access.model.js';
import { AccessPayload, GrantAccessInput, RevokeAccessInput } from './access.type.js';
import { granteeFromInput } from './principal.js';
import { toRole } from './role.enum.js';

/** The GraphQL object of an access-controlled document. */
function toEntity(type: string, doc: AccessControlled): Node {
  if (type === CONNECTION_TYPE) return toConnection(doc as ConnectionDoc);
  if (type === SCHEDULE_TYPE) return toSchedule(doc as ScheduleDoc);
  return toGraphQL(doc as InventoryDoc);
}

@Resolver()
export class AccessResolver {
  @Mutation(() => AccessPayload, { description: 'Gives a user or a team a role on an entity (replacing any role they had). Needs ADMIN.' })
  async grantAccess(@Arg('input', () => GrantAccessInput) input: GrantAccessInput, @Ctx() ctx: GraphQLContext): Promise<AccessPayload> {
    const scope = await ctx.auth.scope();
    const { type, entity } = await ctx.services.access.grant(scope, input.entityId, granteeFromInput(input), toRole(input.role));
    return Object.assign(new AccessPayload(), { entity: toEntity(type, entity), access: await grantsOf(ctx, entity) });
  }

  @Mutation(() => AccessPayload, { description: 'Takes a role away. Needs ADMIN; the last admin cannot be removed.' })
  async revokeAccess(@Arg('input', () => RevokeAccessInput) input: RevokeAccessInput, @Ctx() ctx: GraphQLContext): Promise<AccessPayload> {
    const scope = await ctx.auth.scope();
    const { type, entity } = await ctx.services.access.revoke(scope, input.entityId, granteeFromInput(input));
    return Object.assign(new AccessPayload(), { entity: toEntity(type, entity), access: await grantsOf(ctx, entity) });
  }
}
