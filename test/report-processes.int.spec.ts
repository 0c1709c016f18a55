import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startStack, type Stack } from './support/stack.ts';
import { until } from './support/live.ts';

/*
 * A report run whose worker dies in the middle, in real processes: an API
 * and a worker that pauses after each batch (the slow-report-pages fault),
 * killed once the run is under way. Another worker takes the job up once the
 * first one's hold on it lapses (JOB_LOCK_MS), runs it again from the top,
 * and the run ends with every row exactly once.
 */

const ROWS = 2600;

describe('a report run in real processes', () => {
  let stack: Stack;
  let token = '';
  const api = () => stack.apis[0]!.url;
  const call = <T>(query: string, variables: Record<string, unknown> = {}) => gql<T>(api(), query, variables, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    stack = await startStack({ label: 'report-processes', env: { MAESTRO_FAULTS: 'slow-report-pages', JOB_LOCK_MS: '2000' } });
    const signup = await gql<{ signup: { accessToken: string } }>(api(), 'mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', {
      i: { email: `reports-${Date.now()}@example.com`, password: 'correct horse battery staple', name: 'Reporter' },
    });
    token = signup.data!.signup.accessToken;
    const csv = ['hostname,environment', ...Array.from({ length: ROWS }, (_, i) => `host-${String(i).padStart(5, '0')},${i % 2 ? 'PRODUCTION' : 'STAGING'}`)].join('\n');
    const imported = await call<{ importInventory: { created: number } }>('mutation($i: ImportInventoryInput!) { importInventory(input: $i) { created } }', { i: { type: 'Server', format: 'CSV', data: csv } });
    expect(imported.data?.importInventory.created).toBe(ROWS);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('is taken up again after its worker is killed mid-way, and ends with every row once', async () => {
    const created = await call<{ createReport: { id: string } }>('mutation($i: ReportInput!) { createReport(input: $i) { id } }', { i: { name: 'Every host', entity: 'Server', columns: ['hostname', 'environment'] } });
    const reportId = created.data!.createReport.id;
    const started = await call<{ runReport: { id: string } }>('mutation($id: ID!) { runReport(id: $id) { id } }', { id: reportId });
    const runId = started.data!.runReport.id;
    const RUN = 'query($id: ID!) { reportRun(id: $id) { status attempts rowCount progress { done total } } }';
    type Run = { status: string; attempts: number; rowCount: number; progress: { done: number; total: number } };
    let seen: Run | null = null;
    const look = async () => {
      seen = (await call<{ reportRun: Run }>(RUN, { id: runId })).data!.reportRun;
      return seen;
    };
    // Two of its six batches are done: the worker dies in the middle of the run.
    await until(async () => (await look()).progress.done >= 1000, 'the run to be under way', 30_000);
    expect(seen!.progress.done).toBeLessThan(ROWS);
    await stack.worker!.kill();
    await stack.startWorker();
    await until(async () => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes((await look()).status), 'the run to end', 60_000);
    expect(seen).toMatchObject({ status: 'SUCCEEDED', attempts: 2, rowCount: ROWS, progress: { done: ROWS, total: ROWS } });

    const csv = await fetch(`${api()}/reports/runs/${runId}/export?format=csv`, { headers: { authorization: `Bearer ${token}` } });
    const records = (parseCsv(await csv.text(), { bom: true }) as string[][]).slice(1);
    expect(records).toHaveLength(ROWS);
    expect(new Set(records.map((r) => r[0])).size).toBe(ROWS);
    expect(records.map((r) => r[0])).toEqual(Array.from({ length: ROWS }, (_, i) => `host-${String(i).padStart(5, '0')}`));
  }, 120_000);
});
