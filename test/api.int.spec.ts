import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../server/src/app.ts';
import type { Config } from '../server/src/config/env.ts';
import { createLogger } from '../server/src/logger.ts';
import { createWorkerApp, type WorkerApp } from '../workers/src/worker-app.ts';
import { testConfig } from './support/env.ts';
import { gql } from './support/stack.ts';

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
    expect(data?.status.components.find((c) => c.name === 'queue:reports')?.detail).toMatch(/^answered by worker:/);
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
      expect(queue.detail).toMatch(/no worker is listening on this queue/);
    }
    expect(data?.status.components.find((c) => c.name === 'mongodb')?.ok).toBe(true);
  });

  it('finishes in-flight requests on shutdown', async () => {
    // With no worker, a status check waits the full timeout: a slow request.
    const inFlight = gql<StatusData>(url, STATUS);
    await new Promise((r) => setTimeout(r, 200));
    await app.stop();
    const { data } = await inFlight;
    expect(data?.status.components).toHaveLength(8);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
