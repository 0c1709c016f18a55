import { GraphQLError, Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { GraphiQLProps } from 'graphiql';
import { createClient, type Client } from 'graphql-ws';

export type PlaygroundFetcher = GraphiQLProps['fetcher'];
type FetcherParams = Parameters<PlaygroundFetcher>[0];
type FetcherResult = Awaited<ReturnType<PlaygroundFetcher>>;

export interface PlaygroundEndpoints {
  /** GraphQL over HTTP POST, e.g. `/graphql`. */
  httpUrl: string;
  /** graphql-ws, e.g. `ws://host/graphql`. */
  wsUrl: string;
}

/** Headers from the editor, with lower-cased names and string values only. */
export function normalizeHeaders(headers: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return result;
}

/** Whether the operation that will run (by name, or the only one) is a subscription. */
export function isSubscriptionOperation(query: string, operationName: string | null | undefined, document?: DocumentNode): boolean {
  let ast = document;
  if (!ast) {
    try {
      ast = parse(query);
    } catch {
      return false; // The server reports the syntax error.
    }
  }
  const operations = ast.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return chosen?.operation === 'subscription';
}

function errorResult(message: string): FetcherResult {
  return { errors: [new GraphQLError(message)] };
}

async function postGraphQL(url: string, params: FetcherParams, headers: Record<string, string>): Promise<FetcherResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        accept: 'application/graphql-response+json, application/json',
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify({
        query: params.query,
        operationName: params.operationName ?? undefined,
        variables: params.variables ?? undefined,
      }),
    });
  } catch (error) {
    return errorResult(`Cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  try {
    return JSON.parse(text) as FetcherResult;
  } catch {
    return errorResult(`HTTP ${response.status} ${response.statusText}: the answer is not JSON`);
  }
}

/**
 * The playground's fetcher: queries and mutations over HTTP POST with the
 * headers from the headers editor; subscriptions over graphql-ws, where the
 * `Authorization` header (if any) travels as `connectionParams.authorization`.
 * One WebSocket client per distinct Authorization value.
 */
export function createPlaygroundFetcher(endpoints: PlaygroundEndpoints): PlaygroundFetcher {
  const wsClients = new Map<string, Client>();

  const wsClientFor = (authorization: string | undefined): Client => {
    const key = authorization ?? '';
    let client = wsClients.get(key);
    if (!client) {
      client = createClient({
        url: endpoints.wsUrl,
        lazy: true,
        retryAttempts: 5,
        connectionParams: authorization ? { authorization } : {},
      });
      wsClients.set(key, client);
    }
    return client;
  };

  return (params, options) => {
    const headers = normalizeHeaders(options?.headers);
    if (isSubscriptionOperation(params.query, params.operationName, options?.documentAST)) {
      return wsClientFor(headers.authorization).iterate({
        query: params.query,
        operationName: params.operationName ?? undefined,
        variables: params.variables ?? undefined,
      }) as FetcherResult;
    }
    return postGraphQL(endpoints.httpUrl, params, headers);
  };
}
