/** GraphQL over HTTP for the benchmarks. */
import { request as httpRequest } from 'node:http';

/** A GraphQL request over node:http: no client-side time limit, as a large import may take minutes. */
function post(url: string, headers: Record<string, string>, payload: string): Promise<string> {
  return new Promise((resolvePost, reject) => {
    const request = httpRequest(`${url}/graphql`, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolvePost(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

export async function gql(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const text = await post(url, { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, JSON.stringify({ query, variables }));
  const body = JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`request failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}
