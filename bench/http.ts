/** GraphQL over HTTP for the benchmarks. */
import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import type { BenchContext } from './types.ts';

const root = resolve(import.meta.dirname, '..');

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

/** Fills the stack with the demo inventory at `scale` (`npm run seed -- --scale`), and signs the demo user in. */
export async function seedDemo(context: BenchContext, scale: number): Promise<{ accessToken: string; user: { id: string } }> {
  const { url, env, say } = context;
  say(`  seeding scale ${scale} (npm run seed -- --scale ${scale})…`);
  const seeded = spawnSync(process.execPath, [join(root, 'dist/server/src/seed/main.js'), '--scale', String(scale)], { cwd: root, env, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  say(`  ${seeded.stdout.split('\n')[0]}`);
  const login = (await gql(url, null, 'mutation { login(input: { email: "demo@maestro.local", password: "maestro-demo-password" }) { accessToken user { id } } }')) as {
    login: { accessToken: string; user: { id: string } };
  };
  return login.login;
}
