import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, RequestHandler } from 'express';

/**
 * GraphQL over HTTP on Express: the request handed to Apollo Server and its
 * answer written back, as Apollo's Express integration does, minus its
 * legacy `url.parse` of every request address (measured as the costliest
 * step of a small query outside GraphQL itself) and `res.send`'s second
 * look at the content type. The body must be parsed already (`express.json`).
 */
export function graphqlHandler<TContext extends BaseContext>(server: ApolloServer<TContext>, context: (req: Request) => Promise<TContext>): RequestHandler {
  server.assertStarted('graphqlHandler()');
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryAt = req.url.indexOf('?');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: queryAt === -1 ? '' : req.url.slice(queryAt), body: req.body },
      context: () => context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      // Apollo set the content type with its charset already: no need for res.send's reparsing of it.
      res.setHeader('content-length', Buffer.byteLength(response.body.string));
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
