import { getNamedType, getNullableType, GraphQLError, isCompositeType, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE, MAX_PAGE } from '../shared/pagination.js';

/**
 * How many objects an operation may make the server load, at most: each
 * object field counts one, times the page size of every list above it
 * (`first`, or its default when left out, whether written in the query or
 * passed as a variable). Scalars are free, but for the rows of a report
 * run (a list of JSON values): each counts as one. Graph walks (`dependencies`,
 * `impact`) count as a full page.
 */
const estimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const named = getNamedType(field.type);
  // A list of JSON values is a page of a report run's rows: each row counts as an object loaded.
  if (named.name === 'JSON' && isListType(getNullableType(field.type))) return 1;
  const own = isCompositeType(named) ? 1 : 0;
  // A connection's page multiplies what it holds; a plain list of objects (search, nodes, graph walks) also counts each item.
  const each = isListType(getNullableType(field.type)) && own === 1 ? 1 + childComplexity : childComplexity;
  if ('first' in args || field.args.some((a) => a.name === 'first')) {
    // Out of range, the resolver refuses it with BAD_USER_INPUT and its path: count it at the bound.
    const first = typeof args.first === 'number' ? Math.min(Math.max(args.first, 0), MAX_PAGE) : DEFAULT_PAGE;
    return own + first * each;
  }
  if (Array.isArray(args.ids)) return own + args.ids.length * each;
  if (field.args.some((a) => a.name === 'depth')) return own + MAX_PAGE * each;
  return own + childComplexity;
};

export interface OperationToCheck {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * Costs of operations sent without variables, by document and operation
 * name: Apollo hands every request of the same query the same parsed
 * document, so a query repeated without variables is costed once.
 */
const withoutVariables = new WeakMap<DocumentNode, Map<string, number | null>>();

/** The operation's cost in objects; null when its variables do not fit it (execution reports that). */
export function operationCost(operation: OperationToCheck): number | null {
  if (operation.variables && Object.keys(operation.variables).length > 0) return computeCost(operation);
  let costs = withoutVariables.get(operation.document);
  if (!costs) {
    costs = new Map();
    withoutVariables.set(operation.document, costs);
  }
  const name = operation.operationName ?? '';
  if (!costs.has(name)) costs.set(name, computeCost(operation));
  return costs.get(name)!;
}

function computeCost(operation: OperationToCheck): number | null {
  try {
    return getComplexity({
      schema: operation.schema,
      query: operation.document,
      operationName: operation.operationName ?? undefined,
      variables: operation.variables ?? {},
      estimators: [estimator],
    });
  } catch {
    return null;
  }
}

/** The error for an operation over `max`, or null. */
export function costError(operation: OperationToCheck, max: number): GraphQLError | null {
  const cost = operationCost(operation);
  if (cost === null || cost <= max) return null;
  return new GraphQLError(
    `This operation could load up to ${cost.toLocaleString('en')} objects; the limit is ${max.toLocaleString('en')}. Ask for smaller pages with \`first\` on nested lists.`,
    { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } },
  );
}
