import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../server/src/app.ts';
import type { Config } from '../server/src/config/env.ts';
import { createLogger } from '../server/src/logger.ts';
import { createWorkerApp, type WorkerApp } from '../workers/src/worker-app.ts';
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
