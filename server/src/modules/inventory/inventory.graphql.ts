import { DEFINITIONS } from './definitions.js';
import { buildInventoryGraphQL } from './engine/graphql-factory.js';

/** The inventory's GraphQL types and resolvers, built once per process. */
export const INVENTORY_GRAPHQL = buildInventoryGraphQL(DEFINITIONS);
export const toGraphQL = INVENTORY_GRAPHQL.toGraphQL;
