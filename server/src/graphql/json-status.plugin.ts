import type { ApolloServerPlugin, HTTPGraphQLRequest } from '@apollo/server';
import Negotiator from 'negotiator';

const APPLICATION_JSON = 'application/json; charset=utf-8';
/** What Apollo offers for a single result, in its order of preference. */
const OFFERED = [APPLICATION_JSON, 'application/graphql-response+json; charset=utf-8', 'application/json; callbackSpec=1.0; charset=utf-8'];

/** Errors of a well-formed request: its document or variables, not the HTTP request itself. */
const DOCUMENT_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']);

/** Whether Apollo answers this request as application/json (it negotiates the same way). */
function answeredAsJson(http: HTTPGraphQLRequest | undefined): boolean {
  const accept = http?.headers.get('accept');
  if (!accept) return true;
  return new Negotiator({ headers: { accept } }).mediaType(OFFERED) === APPLICATION_JSON;
}

/**
 * GraphQL over HTTP: a client that takes `application/json` gets 200 for
 * every well-formed request, the errors in the body, also when the document
 * fails to parse or validate, the variables fail coercion or the operation
 * costs too much. A request that is not well-formed (no query, say) keeps
 * its 400. A client that
 * takes `application/graphql-response+json` keeps the 4xx statuses.
 */
export const jsonStatusPlugin: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    return {
      async willSendResponse({ response }) {
        if (response.http.status !== 400 || response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        const documentRefused = data === undefined && errors !== undefined && errors.every((e) => DOCUMENT_ERRORS.has(String(e.extensions?.code)));
        if (documentRefused && answeredAsJson(request.http)) response.http.status = 200;
      },
    };
  },
};
