import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { EventBus } from '../events/pubsub.js';
import { StatusResolver } from '../modules/status/status.resolver.js';

export const RESOLVERS = [StatusResolver] as const;

export async function buildAppSchema(events: EventBus): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS],
    pubSub: events,
    validate: { forbidUnknownValues: false },
  });
}

/** The SDL committed as schema/schema.graphql. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
