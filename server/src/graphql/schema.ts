import 'reflect-metadata';
import { ScheduleResolver } from '../modules/schedules/schedule.resolver.js';
import { ReportResolver, ReportRunResolver, ReportScheduleResolver } from '../modules/reports/report.resolver.js';
import { GraphBuildResolver, GraphResolver } from '../modules/graphs/graph.resolver.js';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type BuildSchemaOptions } from 'type-graphql';
import type { EventBus } from '../events/pubsub.js';
import { AccessResolver } from '../modules/access/access.resolver.js';
import { ConnectionResolver } from '../modules/discovery/connection.resolver.js';
import { ConnectionKindResolver, ConnectionRunsResolver, DiscoveryRunResolver } from '../modules/discovery/discovery-run.resolver.js';
import { ActorResolver, ChangeResolver } from '../modules/history/change.resolver.js';
import { HistoryResolver } from '../modules/history/history.resolver.js';
import { NotificationResolver } from '../modules/notifications/notification.resolver.js';
import { IdentityResolver } from '../modules/identity/identity.resolver.js';
import { INVENTORY_GRAPHQL } from '../modules/inventory/inventory.graphql.js';
import { RelationResolver } from '../modules/relations/relation.resolver.js';
import { TransferResolver } from '../modules/inventory/transfer.resolver.js';
import { LocksResolver } from '../modules/inventory/locks.resolver.js';
import { WarningResolver } from '../modules/inventory/warning.resolver.js';
import { OptionsResolver } from '../modules/options/options.js';
import { StatusResolver } from '../modules/status/status.resolver.js';
import { InvitationResolver } from '../modules/teams/invitation.resolver.js';
import { TeamMemberResolver, TeamResolver } from '../modules/teams/team.resolver.js';
import { guardInputLimits } from './input-limits.js';
import { NodeResolver } from './node.resolver.js';

export const RESOLVERS = [
  StatusResolver,
  IdentityResolver,
  TeamResolver,
  TeamMemberResolver,
  InvitationResolver,
  RelationResolver,
  TransferResolver,
  LocksResolver,
  OptionsResolver,
  AccessResolver,
  NodeResolver,
  ChangeResolver,
  HistoryResolver,
  NotificationResolver,
  ActorResolver,
  DiscoveryRunResolver,
  ConnectionRunsResolver,
  ConnectionKindResolver,
  ScheduleResolver,
  ReportResolver,
  ReportRunResolver,
  ReportScheduleResolver,
  GraphResolver,
  GraphBuildResolver,
  WarningResolver,
  ConnectionResolver,
] as const;

export async function buildAppSchema(events: EventBus): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS, ...INVENTORY_GRAPHQL.resolvers] as unknown as BuildSchemaOptions['resolvers'],
    pubSub: events,
    validate: { forbidUnknownValues: false },
  });
  // Length and NUL limits on every string argument, before any resolver runs.
  return guardInputLimits(schema);
}

/** The SDL committed as schema/schema.graphql. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
