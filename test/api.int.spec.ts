import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp, type App } from '../server/src/app.ts';
import type { Config } from '../server/src/config/env.ts';
import { createLogger } from '../server/src/logger.ts';
import { createWorkerApp, type WorkerApp } from '../workers/src/worker-app.ts';
import { startTestApi, type TestApi } from './support/app.ts';
import { testConfig } from './support/env.ts';
import { gql } from './support/stack.ts';
import { until } from './support/live.ts';

const STATUS = '{ status { ok checkedBy components { name kind ok latencyMs detail } } }';
interface StatusData {
  status: { ok: boolean; checkedBy: string; components: Array<{ name: string; kind: string; ok: boolean; latencyMs: number | null; detail: string | null }> };
}

describe('API process', () => {
  let config: Config;
  let app: App;
  let worker: WorkerApp | undefined;
  let url: string;
  const logger = createLogger('silent', 'test');

  beforeAll(async () => {
    config = testConfig('api', { PORT: '0' });
    app = await createApp(config, logger);
    url = (await app.listen()).url;
    worker = await createWorkerApp(config, logger);
    await worker.start();
  });

  afterAll(async () => {
    await worker?.stop();
    await app.stop();
  });

  it('answers GET /healthz and GET /readyz', async () => {
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, mongodb: 'ok', redis: 'ok' });
  });

  it('reports every component up, each with its round-trip time', async () => {
    const { data, errors } = await gql<StatusData>(url, STATUS);
    expect(errors).toBeUndefined();
    const names = data?.status.components.map((c) => c.name);
    expect(names).toEqual(['api', 'mongodb', 'redis', 'queue:discovery', 'queue:reports', 'queue:graphs', 'queue:maintenance', 'queue:mail']);
    expect(data?.status.ok).toBe(true);
    for (const component of data?.status.components ?? []) {
      expect(component.ok, `${component.name}: ${component.detail}`).toBe(true);
      expect(component.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(data?.status.components.find((c) => c.name === 'queue:reports')?.detail).toBe(`served by ${worker?.name}; 0 active, 0 waiting`);
  });

  it('answers bad queries with a GraphQL error code and no stack trace', async () => {
    const body = await gql(url, '{ status { nope } }');
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const parse = await gql(url, '{ status { ');
    expect(parse.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(JSON.stringify(parse)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it('serves Prometheus metrics: operations, errors by code, jobs per queue and state', async () => {
    await gql(url, 'query StatusForMetrics { status { ok } }');
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/maestro_graphql_operation_duration_seconds_count\{operation="StatusForMetrics",type="query",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/maestro_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/);
    expect(text).toMatch(/maestro_jobs\{queue="discovery",state="completed"\} \d+/);
    expect(text).toMatch(/maestro_http_request_duration_seconds_count\{route="\/healthz",method="GET",status="200"\}/);
  });

  it('turns the worker queues down, with a reason, when no worker runs', async () => {
    await worker?.stop();
    worker = undefined;
    const { data } = await gql<StatusData>(url, STATUS);
    expect(data?.status.ok).toBe(false);
    const queues = data?.status.components.filter((c) => c.kind === 'QUEUE') ?? [];
    expect(queues).toHaveLength(5);
    for (const queue of queues) {
      expect(queue.ok).toBe(false);
      expect(queue.detail).toMatch(/^no worker serves this queue \(none reported in within 1000 ms\)/);
    }
    expect(data?.status.components.find((c) => c.name === 'mongodb')?.ok).toBe(true);
  });

  it('finishes in-flight requests on shutdown', async () => {
    // A request whose body is still arriving when the process starts to stop.
    const body = JSON.stringify({ query: STATUS });
    const received = new Promise((resolve) => app.httpServer.once('request', resolve));
    const request = httpRequest(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
    });
    request.write(body.slice(0, 10));
    await received;
    const stopped = app.stop();
    // New connections are refused from now on; the one in flight is still served.
    await until(() => fetch(`${url}/healthz`).then(() => false, () => true), 'the server to refuse new connections');
    request.end(body.slice(10));
    const answer = await response;
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { data: StatusData }).data.status.components).toHaveLength(8);
    await stopped;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

/** One HTTP request exactly as written: any header, any bytes, any path. */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(30).toString('base64url'),
  RESET_TOKEN_SECRET: randomBytes(30).toString('base64url'),
  SHARE_TOKEN_SECRET: randomBytes(30).toString('base64url'),
  MAESTRO_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  PUBLIC_URL: 'http://127.0.0.1',
  SMTP_URL: 'smtp://127.0.0.1:1',
};
const JSON_TYPE = { 'content-type': 'application/json' };
const QUERY = JSON.stringify({ query: '{ __typename }' });
// What a stack trace or a file of this server would look like in a body.
const INTERNALS = /\bat \S+ \(|node_modules|\.[cm]?[jt]s:\d+|\/(tmp|home|root|usr|opt|srv|app)\/|SyntaxError|PayloadTooLargeError|UnsupportedMediaTypeError|URIError|ENOENT/;

const REFUSED: Array<[string, string, string, Record<string, string>, string | Buffer | undefined, number, string]> = [
  ['malformed JSON', 'POST', '/graphql', JSON_TYPE, '{"query": "{ __typename }"', 400, 'BAD_REQUEST'],
  ['JSON that is not an object', 'POST', '/graphql', JSON_TYPE, '"{ __typename }"', 400, 'BAD_REQUEST'],
  ['an empty JSON body', 'POST', '/graphql', JSON_TYPE, '', 400, 'BAD_REQUEST'],
  ['a body over MAX_BODY_BYTES', 'POST', '/graphql', JSON_TYPE, JSON.stringify({ query: `{ __typename } # ${'x'.repeat(70_000)}` }), 413, 'PAYLOAD_TOO_LARGE'],
  ['a content type other than JSON', 'POST', '/graphql', { 'content-type': 'text/plain' }, QUERY, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['a charset other than UTF-8', 'POST', '/graphql', { 'content-type': 'application/json; charset=latin1' }, QUERY, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['an unknown content encoding', 'POST', '/graphql', { ...JSON_TYPE, 'content-encoding': 'compress-me' }, QUERY, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['a gzip body that is not gzip', 'POST', '/graphql', { ...JSON_TYPE, 'content-encoding': 'gzip' }, QUERY, 400, 'BAD_REQUEST'],
  ['a GET with variables that are not JSON', 'GET', '/graphql?query=%7B__typename%7D&variables=%7Bnope', { 'apollo-require-preflight': 'yes' }, undefined, 400, 'BAD_REQUEST'],
  ['a GET without a query', 'GET', '/graphql', { 'apollo-require-preflight': 'yes' }, undefined, 400, 'BAD_REQUEST'],
  ['a malformed escape in an export address', 'GET', '/export/%E0%A4%A', {}, undefined, 400, 'BAD_REQUEST'],
  ['an export without a token', 'GET', '/export/servers?format=csv', {}, undefined, 401, 'UNAUTHENTICATED'],
  ['a missing dashboard file', 'GET', '/playground', {}, undefined, 404, 'NOT_FOUND'],
  ['an unknown address', 'GET', '/nothing-here', { accept: 'application/json' }, undefined, 404, 'NOT_FOUND'],
];

describe.each(['production', 'development'])('requests refused before GraphQL runs (NODE_ENV=%s)', (nodeEnv) => {
  let api: TestApi;
  let dashboard: string;
  beforeAll(async () => {
    // A dashboard with its shell only: the playground's file is missing.
    dashboard = mkdtempSync(join(tmpdir(), 'maestro-dashboard-'));
    writeFileSync(join(dashboard, 'index.html'), '<!doctype html><title>Maestro</title>');
    const env = nodeEnv === 'production' ? PRODUCTION : { NODE_ENV: nodeEnv };
    api = await startTestApi(`refused-${nodeEnv}`, { ...env, MAX_BODY_BYTES: '65536', WEB_DIST: dashboard });
  });
  afterAll(async () => {
    await api.stop();
    rmSync(dashboard, { recursive: true, force: true });
  });

  it.each(REFUSED)('answers %s with a JSON GraphQL error code, never a stack trace or a path', async (_case, method, path, headers, body, status, code) => {
    const response = await rawRequest(api.url, method, path, headers, body);
    expect(response.contentType).toMatch(/^application\/json/);
    expect(response.text).not.toMatch(INTERNALS);
    const parsed = JSON.parse(response.text) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(parsed.errors[0]?.extensions.code).toBe(code);
    expect(parsed.errors[0]?.message).toEqual(expect.any(String));
    expect(response.status).toBe(status);
  });

  /** Sends `raw` bytes over TCP and reads until the server closes the connection. */
  function rawExchange(raw: string): Promise<string> {
    const { hostname, port } = new URL(api.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(raw));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
  }

  it.each([
    ['headers over the size limit', `GET /graphql HTTP/1.1\r\nHost: x\r\nX-Padding: ${'x'.repeat(20_000)}\r\n\r\n`, 431, 'REQUEST_HEADER_FIELDS_TOO_LARGE'],
    ['a malformed request line', 'NOT A REQUEST\r\n\r\n', 400, 'BAD_REQUEST'],
    ['a malformed header', 'POST /graphql HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400, 'BAD_REQUEST'],
  ])('answers %s, which never reaches a route, with a JSON GraphQL error code', async (_case, raw, status, code) => {
    const response = await rawExchange(raw);
    const [head = '', body = ''] = response.split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/content-type: application\/json/i);
    expect(body).not.toMatch(INTERNALS);
    expect((JSON.parse(body) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe(code);
  });

  it('closes a WebSocket whose message is over MAX_BODY_BYTES', async () => {
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const outcome = new Promise<number | string>((resolve) => {
      socket.once('close', (closeCode) => resolve(closeCode));
      socket.once('message', (data) => resolve(String(data)));
    });
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(70_000) } })));
    // 1009: message too big. An acknowledgement would mean the message was taken.
    expect(await outcome).toBe(1009);
    socket.terminate();
  });
});

describe('GraphQL over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('graphql-http');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('passes the graphql-http audit of /graphql with no failure and no warning', async () => {
    const problems: string[] = [];
    for (const audit of serverAudits({ url: `${api.url}/graphql`, fetchFn: fetch })) {
      const result = await audit.fn();
      // Notices are MAYs: a choice, not a fault.
      if (result.status === 'error' || result.status === 'warn') problems.push(`${result.status}: ${audit.name}: ${result.reason}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers a document that fails to parse or validate with 200 to application/json clients and 400 to application/graphql-response+json ones', async () => {
    const ask = (accept: string, query: string) =>
      fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query }) });
    for (const query of ['{ __typename', '{ nope }']) {
      const legacy = await ask('application/json', query);
      expect(legacy.status).toBe(200);
      expect(((await legacy.json()) as { errors: unknown[] }).errors).toHaveLength(1);
      expect((await ask('application/graphql-response+json', query)).status).toBe(400);
    }
  });
});
