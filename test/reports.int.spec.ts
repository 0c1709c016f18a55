import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ansibleInventoryBinary } from '../scripts/lib/services.ts';
import { ObjectId } from 'mongodb';
import { Redis } from 'ioredis';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scope } from '../server/src/modules/access/scope.ts';
import type { WorkerApp } from '../workers/src/worker-app.ts';
import { codeOf, joinTeam, signUp, startTestApi, startTestSource, startTestWorker, type TestApi, type TestSource, type TestUser } from './support/app.ts';
import { listenerBaseline, record, until, waitForListeners } from './support/live.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp.ts';

/*
 * Reports through the API and a worker: runs in the background with live
 * progress, paged rows, charts, exports over HTTP, cancel, the stable link to
 * the last good run, who sees what, bad definitions, and scheduled e-mails.
 * Report runs pause after each batch here (the slow-report-pages fault), so
 * that a test can catch one in the middle.
 */

const CREATE = 'mutation($i: ReportInput!) { createReport(input: $i) { id name kind entity columns levels { level enabled } } }';
const UPDATE = 'mutation($id: ID!, $i: ReportInput!) { updateReport(id: $id, input: $i) { id schedule { enabled formats recipients { ... on User { id } ... on Team { id } } } } }';
const RUN = 'mutation($id: ID!) { runReport(id: $id) { id status trigger progress { done total } } }';
const CANCEL = 'mutation($id: ID!) { cancelReportRun(id: $id) { id status cancelRequested } }';
const RUN_QUERY = `query($id: ID!, $first: Int, $offset: Int) { reportRun(id: $id) {
  id status rowCount attempts error progress { done total percent } columns { key label kind }
  charts { id title kind column total empty buckets { label count } option }
  rows(first: $first, offset: $offset) { rows totalCount offset hasNextPage }
  info exportUrl(format: CSV) report { id name }
} }`;
const LIST = 'query { reports { id name } }';
const GRANT = 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { role } } }';

interface RunView {
  id: string;
  status: string;
  rowCount: number;
  attempts: number;
  error: string | null;
  progress: { done: number; total: number; percent: number };
  columns: Array<{ key: string; label: string; kind: string }>;
  charts: Array<{ id: string; title: string; kind: string; column: string; total: number; empty: number; buckets: Array<{ label: string; count: number }>; option: { series?: Array<{ data?: unknown[] }> } }>;
  rows: { rows: unknown[][]; totalCount: number; offset: number; hasNextPage: boolean };
  info: string[][];
  exportUrl: string;
  report: { id: string; name: string } | null;
}

const run = promisify(execFile);

/** What `ansible-inventory --list` makes of an inventory file: groups with their hosts, and host variables. */
async function ansibleList(content: string, plugin: 'ini' | 'yaml'): Promise<Record<string, { hosts: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>> } }> {
  const binary = ansibleInventoryBinary();
  if (!binary) throw new Error('ansible-inventory is not installed: run `bash scripts/ensure-tools.sh --ansible`');
  const work = await mkdtemp(join(tmpdir(), 'maestro-ansible-'));
  try {
    const file = join(work, plugin === 'ini' ? 'hosts.ini' : 'hosts.yml');
    await writeFile(file, content);
    const env = { PATH: process.env.PATH ?? '', HOME: work, LC_ALL: 'C.UTF-8', ANSIBLE_HOME: join(work, 'home'), ANSIBLE_LOCAL_TEMP: join(work, 'tmp'), ANSIBLE_INVENTORY_ENABLED: plugin, ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true', ANSIBLE_NOCOLOR: 'true' };
    const { stdout } = await run(binary, ['-i', file, '--list'], { env });
    return JSON.parse(stdout) as never;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function pdfText(buffer: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= pdf.numPages; i += 1) {
    const content = await (await pdf.getPage(i)).getTextContent();
    parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return parts.join('\n');
}

describe('reports', () => {
  let api: TestApi;
  let source: TestSource;
  let worker: WorkerApp;
  let smtp: SmtpSink;
  let alice: TestUser;
  let bob: TestUser;
  let redis: Redis;
  let reportsQueue: Queue;

  const wsUrl = () => `${api.url.replace('http', 'ws')}/graphql`;
  const hexOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
  const scopeOf = (user: TestUser) => new Scope(hexOf(user.id), new Map());

  async function createReport(input: Record<string, unknown>, user = alice): Promise<string> {
    const answer = await api.call<{ createReport: { id: string } }>(CREATE, { i: input }, user.accessToken);
    if (!answer.data) throw new Error(`createReport failed: ${JSON.stringify(answer.errors)}`);
    return answer.data.createReport.id;
  }
  async function runOf(id: string, user = alice, first = 100, offset = 0): Promise<RunView | null> {
    const answer = await api.call<{ reportRun: RunView | null }>(RUN_QUERY, { id, first, offset }, user.accessToken);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data!.reportRun;
  }
  async function start(reportId: string, user = alice): Promise<{ id: string; status: string }> {
    const answer = await api.call<{ runReport: { id: string; status: string } }>(RUN, { id: reportId }, user.accessToken);
    if (!answer.data) throw new Error(`runReport failed: ${JSON.stringify(answer.errors)}`);
    return answer.data.runReport;
  }
  async function finished(runId: string, user = alice): Promise<RunView> {
    let run: RunView | null = null;
    await until(async () => {
      run = await runOf(runId, user);
      return run !== null && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status);
    }, `run ${runId} to end`, 30_000);
    return run!;
  }
  const download = (path: string, user: TestUser | null = alice) => fetch(`${api.url}${path}`, { headers: user ? { authorization: `Bearer ${user.accessToken}` } : {} });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startTestApi('reports', { SMTP_URL: smtp.url, MAESTRO_FAULTS: 'slow-report-pages', SCHEDULE_MINUTE_MS: '200', WORKER_CONCURRENCY: '2' });
    source = await startTestSource(api);
    worker = await startTestWorker(api);
    [alice, bob] = await Promise.all([signUp(api, 'Alice'), signUp(api, 'Bob')]);
    redis = new Redis(api.config.redisUrl, { maxRetriesPerRequest: null });
    reportsQueue = new Queue('reports', { connection: redis, prefix: `${api.config.redisPrefix}:bull` });
    // 1,100 servers of Alice's (three pages of rows), one of them with a name a spreadsheet would run.
    const envs = ['PRODUCTION', 'STAGING', 'DEVELOPMENT'];
    const rows = Array.from({ length: 1100 }, (_, i) => ({
      hostname: `srv-${String(i).padStart(4, '0')}`,
      environment: envs[i % 3],
      cpu: 2 ** (i % 4),
      role: i === 7 ? '=HYPERLINK("http://evil.example","click")' : 'app',
      tags: i % 2 === 0 ? ['even'] : ['odd', 'eu'],
    }));
    const imported = await source.services.inventory.importRows(scopeOf(alice), 'Server', rows);
    expect(imported.rows.filter((r) => r.status === 'ERROR')).toEqual([]);
    await source.services.inventory.create(scopeOf(bob), 'Server', { hostname: 'bob-only', environment: 'PRODUCTION' });
  });

  afterAll(async () => {
    await reportsQueue?.close();
    redis?.disconnect();
    await worker?.stop();
    await source?.stop();
    await api?.stop();
    await smtp?.close();
  });

  it('answers at once with a queued run, shows its progress live, and pages its rows in order', async () => {
    const reportId = await createReport({ name: 'All servers', entity: 'Server', columns: ['hostname', 'environment', 'cpu', 'role', 'tags'] });
    const base = await listenerBaseline(api.url, ['reportRunChanged']);
    const live = record<{ reportRunChanged: { id: string; status: string; progress: { done: number; total: number } } }>(
      wsUrl(),
      alice.accessToken,
      'subscription($r: ID) { reportRunChanged(reportId: $r) { id status progress { done total } } }',
      { r: reportId },
    );
    await waitForListeners(api.url, { reportRunChanged: base.reportRunChanged! + 1 });
    const queued = await start(reportId);
    expect(queued.status).toBe('QUEUED');
    await live.next((m) => m.reportRunChanged.id === queued.id && m.reportRunChanged.status === 'RUNNING' && m.reportRunChanged.progress.done > 0, 'progress on the way');
    await live.next((m) => m.reportRunChanged.id === queued.id && m.reportRunChanged.status === 'SUCCEEDED', 'the end of the run');
    await live.dispose();

    const run = await finished(queued.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', rowCount: 1100, attempts: 1, progress: { done: 1100, total: 1100, percent: 100 } });
    expect(run.columns.map((c) => c.key)).toEqual(['hostname', 'environment', 'cpu', 'role', 'tags']);
    expect(run.columns.map((c) => c.kind)).toEqual(['TEXT', 'ENUM', 'NUMBER', 'TEXT', 'LIST']);
    expect(run.report?.name).toBe('All servers');
    const hostnames: string[] = [];
    for (let offset = 0; ; ) {
      const page = (await runOf(queued.id, alice, 400, offset))!.rows;
      expect(page.totalCount).toBe(1100);
      hostnames.push(...page.rows.map((r) => r[0] as string));
      offset += page.rows.length;
      if (!page.hasNextPage) break;
    }
    expect(hostnames).toHaveLength(1100);
    expect(hostnames).toEqual([...hostnames].sort());
    expect(new Set(hostnames).size).toBe(1100);
    expect(hostnames).not.toContain('bob-only');
    const first = (await runOf(queued.id, alice, 1, 0))!.rows.rows[0];
    expect(first).toEqual(['srv-0000', 'PRODUCTION', 1, 'app', ['even']]);
  });

  it('counts the charts that fit its columns, with the ECharts option that draws each', async () => {
    const reportId = await createReport({ name: 'Charts', entity: 'Server', columns: ['hostname', 'environment', 'cpu', 'tags'] });
    const run = await finished((await start(reportId)).id);
    const byColumn = new Map(run.charts.map((c) => [c.column, c]));
    expect(byColumn.has('hostname')).toBe(false);
    const env = byColumn.get('environment')!;
    expect(Object.fromEntries(env.buckets.map((b) => [b.label, b.count]))).toEqual({ PRODUCTION: 367, STAGING: 367, DEVELOPMENT: 366 });
    expect(env.total).toBe(1100);
    expect(JSON.stringify(env.option)).toContain('PRODUCTION');
    const tags = byColumn.get('tags')!;
    expect(Object.fromEntries(tags.buckets.map((b) => [b.label, b.count]))).toEqual({ even: 550, odd: 550, eu: 550 });
    expect(byColumn.get('cpu')!.buckets.map((b) => b.count).reduce((a, b) => a + b, 0)).toBe(1100);
  });

  it('exports a run over HTTP in each format, with formulas escaped; the stable link serves the last good run', async () => {
    const reportId = await createReport({ name: 'Odd servers', entity: 'Server', columns: ['hostname', 'role', 'tags'], filters: [{ field: 'tags', comparer: 'HAS_ANY', values: ['odd'] }] });
    const run = await finished((await start(reportId)).id);
    expect(run.rowCount).toBe(550);
    const csv = await download(run.exportUrl);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('odd-servers.csv');
    const records = parseCsv(await csv.text(), { bom: true }) as string[][];
    expect(records).toHaveLength(551);
    expect(records[0]).toEqual(['Hostname', 'Role', 'Tags']);
    const evil = records.find((r) => r[0] === 'srv-0007')!;
    expect(evil[1]).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(evil[2]).toBe('odd; eu');

    const json = (await (await download(`/reports/runs/${run.id}/export?format=json`)).json()) as Array<Record<string, unknown>>;
    expect(json).toHaveLength(550);
    expect(json[0]).toEqual({ hostname: 'srv-0001', role: 'app', tags: ['odd', 'eu'] });

    const xlsx = await download(`/reports/runs/${run.id}/export?format=xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(551);
    const cell = sheet.getRow(5).getCell(2);
    expect(sheet.getRow(5).getCell(1).value).toBe('srv-0007');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();

    const latest = await download(`/reports/${reportId}/latest/export?format=csv`);
    expect(latest.status).toBe(200);
    expect((parseCsv(await latest.text(), { bom: true }) as string[][]).length).toBe(551);

    // Nobody else gets it: no token, another person, a bad format.
    expect((await download(run.exportUrl, null)).status).toBe(401);
    const stranger = await download(run.exportUrl, bob);
    expect(stranger.status).toBe(404);
    expect(JSON.stringify(await stranger.json())).toContain('NOT_FOUND');
    const bad = await download(`/reports/runs/${run.id}/export?format=docx`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('shows a run only to the person it ran for, with their access', async () => {
    const reportId = await createReport({ name: 'Shared list', entity: 'Server', columns: ['hostname'] });
    await api.call(GRANT, { input: { entityId: reportId, principalId: bob.id, role: 'READ' } }, alice.accessToken);
    const alicesRun = await finished((await start(reportId)).id);
    expect(alicesRun.rowCount).toBe(1100);
    // Bob reads the report, not Alice's run: he runs it himself, and sees his own servers.
    expect(await runOf(alicesRun.id, bob)).toBeNull();
    const node = await api.call<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: alicesRun.id }, bob.accessToken);
    expect(node.data?.node).toBeNull();
    const bobsRun = await finished((await start(reportId, bob)).id, bob);
    expect(bobsRun.rows.rows).toEqual([['bob-only']]);
    const runs = await api.call<{ report: { runs: Array<{ id: string }>; lastGoodRun: { id: string } } }>('query($id: ID!) { report(id: $id) { runs { id } lastGoodRun { id } } }', { id: reportId }, bob.accessToken);
    expect(runs.data!.report.runs.map((r) => r.id)).toEqual([bobsRun.id]);
    expect(runs.data!.report.lastGoodRun.id).toBe(bobsRun.id);
    // Someone who cannot read the report cannot run it.
    const carol = await signUp(api, 'Carol');
    const refused = await api.call(RUN, { id: reportId }, carol.accessToken);
    expect(codeOf(refused)).toBe('NOT_FOUND');
  });

  it('keeps the history of a report’s changes, for those who can read it', async () => {
    const reportId = await createReport({ name: 'Audited', entity: 'Server', columns: ['hostname'] });
    const changed = await api.call(UPDATE, { id: reportId, i: { name: 'Audited servers', filters: [{ field: 'cpu', comparer: 'GREATER_THAN', number: 4 }] } }, alice.accessToken);
    expect(changed.errors).toBeUndefined();
    const HISTORY = 'query($id: ID!) { history(id: $id) { totalCount edges { node { operation entityType diff { path } } } } }';
    type History = { history: { totalCount: number; edges: Array<{ node: { operation: string; entityType: string; diff: Array<{ path: string }> } }> } };
    const history = (await api.call<History>(HISTORY, { id: reportId }, alice.accessToken)).data!.history;
    expect(history.edges.map((e) => e.node.operation)).toEqual(['UPDATE', 'CREATE']);
    expect(history.edges[0]!.node.entityType).toBe('Report');
    expect(history.edges[0]!.node.diff.map((d) => d.path).sort()).toEqual(['filters', 'name']);
    // Bob cannot read it: nothing of its history, nor the report, nor a change to it.
    expect((await api.call<History>(HISTORY, { id: reportId }, bob.accessToken)).data?.history.totalCount ?? 0).toBe(0);
    expect(codeOf(await api.call(UPDATE, { id: reportId, i: { name: 'Mine now' } }, bob.accessToken))).toBe('NOT_FOUND');
    // A reader may run it but not change it.
    await api.call(GRANT, { input: { entityId: reportId, principalId: bob.id, role: 'READ' } }, alice.accessToken);
    expect(codeOf(await api.call(UPDATE, { id: reportId, i: { name: 'Mine now' } }, bob.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await api.call('mutation($id: ID!) { deleteReport(id: $id) { id } }', { id: reportId }, bob.accessToken))).toBe('FORBIDDEN');
  });

  it('refuses a bad definition with the path of each problem, and saves nothing', async () => {
    const before = (await api.call<{ reports: unknown[] }>(LIST, {}, alice.accessToken)).data!.reports.length;
    const answer = await api.call(CREATE, {
      i: {
        name: 'Bad',
        entity: 'Server',
        columns: ['hostname', 'nope'],
        filters: [
          { field: 'cpu', comparer: 'CONTAINS', text: 'x' },
          { field: 'hostname', comparer: 'CONTAINS' },
          { field: 'environment', comparer: 'IN', values: ['MARS'] },
          { field: 'secret', comparer: 'EQUALS', text: 'x' },
          { field: 'cpu', comparer: 'BETWEEN', number: 8, numberTo: 2 },
        ],
      },
    }, alice.accessToken);
    expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    const paths = (answer.errors![0]!.extensions as { fields?: Array<{ path: string }> }).fields?.map((p) => p.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['input.columns.1', 'input.filters.0.comparer', 'input.filters.1.text', 'input.filters.2.values.0', 'input.filters.3.field', 'input.filters.4.numberTo']));
    const pivot = await api.call(CREATE, { i: { name: 'Leaves only', kind: 'PIVOT', levels: ['CLIENT', 'SYSTEM', 'APPLICATION'].map((level) => ({ level, enabled: false })).concat([{ level: 'DATABASE', enabled: true }]) } }, alice.accessToken);
    expect(codeOf(pivot)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(pivot.errors)).toContain('input.levels');
    expect((await api.call<{ reports: unknown[] }>(LIST, {}, alice.accessToken)).data!.reports.length).toBe(before);
  });

  it('cancels a queued run at once, and a running one at its next page, leaving no rows', async () => {
    const reportId = await createReport({ name: 'To cancel', entity: 'Server', columns: ['hostname'] });
    await reportsQueue.pause();
    const queued = await start(reportId);
    const cancelled = await api.call<{ cancelReportRun: { status: string } }>(CANCEL, { id: queued.id }, alice.accessToken);
    expect(cancelled.data!.cancelReportRun.status).toBe('CANCELLED');
    // At most 10 runs of one person wait at once.
    const waiting = [];
    for (let i = 0; i < 10; i += 1) waiting.push(await start(reportId));
    const eleventh = await api.call(RUN, { id: reportId }, alice.accessToken);
    expect(codeOf(eleventh)).toBe('CONFLICT');
    expect(eleventh.errors![0]!.message).toContain('10 report runs queued or running');
    for (const run of waiting) expect((await api.call<{ cancelReportRun: { status: string } }>(CANCEL, { id: run.id }, alice.accessToken)).data!.cancelReportRun.status).toBe('CANCELLED');
    await reportsQueue.resume();
    expect(codeOf(await api.call(CANCEL, { id: queued.id }, bob.accessToken))).toBe('NOT_FOUND');

    const running = await start(reportId);
    await until(async () => ((await runOf(running.id))?.progress.done ?? 0) > 0, 'the run to be under way');
    const asked = await api.call<{ cancelReportRun: { cancelRequested: boolean } }>(CANCEL, { id: running.id }, alice.accessToken);
    expect(asked.data!.cancelReportRun.cancelRequested).toBe(true);
    const ended = await finished(running.id);
    expect(ended.status).toBe('CANCELLED');
    expect(ended.rows.totalCount).toBe(0);
    // Its pages are gone too, not only hidden.
    const stored = await source.services.reports.getRun(scopeOf(alice), new ObjectId(hexOf(running.id)));
    expect(await source.services.reports.rows({ ...stored, rowCount: 1100 }, 0, 1000)).toEqual([]);
    expect(codeOf(await api.call(CANCEL, { id: running.id }, alice.accessToken))).toBe('CONFLICT');
  });

  it('runs pivot reports with the levels and filters given', async () => {
    const s = scopeOf(alice);
    const client = (await source.services.inventory.create(s, 'Client', { name: 'Acme' })).doc;
    const system = (await source.services.inventory.create(s, 'System', { name: 'Shop' })).doc;
    const app = (await source.services.inventory.create(s, 'Application', { name: 'cart' })).doc;
    const gid = (d: { type: string; _id: { toHexString(): string } }) => Buffer.from(`${d.type}:${d._id.toHexString()}`).toString('base64url');
    await source.services.relations.link(s, gid(system), gid(client), 'SERVES');
    await source.services.relations.link(s, gid(app), gid(system), 'PART_OF');
    const reportId = await createReport({ name: 'Acme map', kind: 'PIVOT', levels: [{ level: 'SERVER', enabled: false }] });
    const run = await finished((await start(reportId)).id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(run.columns.map((c) => c.key)).toEqual(['client.name', 'system.name', 'application.name']);
    expect(run.rows.rows).toEqual([['Acme', 'Shop', 'cart']]);
    // No server level: no Ansible inventory, said in words.
    const refused = await download(`/reports/runs/${run.id}/export?format=ansible_ini`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toContain('hostname');

    // With servers: an Ansible inventory grouped by client, system, application, environment and tag, read by ansible-inventory.
    for (const host of ['srv-0003', 'srv-0004']) {
      const found = (await source.services.inventory.list(s, 'Server', { hostname: { equals: host } }, null, 1, null)).items[0]!;
      await source.services.relations.link(s, gid(app), gid(found), 'RUNS_ON');
    }
    const withServers = await createReport({ name: 'Acme hosts', kind: 'PIVOT', levels: [{ level: 'SERVER', enabled: true, columns: ['environment', 'tags', 'cpu'] }] });
    const hostsRun = await finished((await start(withServers)).id);
    expect(hostsRun.rows.rows).toEqual([
      ['Acme', 'Shop', 'cart', 'srv-0003', 'PRODUCTION', ['odd', 'eu'], 8],
      ['Acme', 'Shop', 'cart', 'srv-0004', 'STAGING', ['even'], 1],
    ]);
    const ini = await download(`/reports/runs/${hostsRun.id}/export?format=ansible_ini`);
    expect(ini.status).toBe(200);
    const listed = await ansibleList(await ini.text(), 'ini');
    expect(listed.client_acme!.hosts.sort()).toEqual(['srv-0003', 'srv-0004']);
    expect(listed.system_shop!.hosts.sort()).toEqual(['srv-0003', 'srv-0004']);
    expect(listed.app_cart!.hosts.sort()).toEqual(['srv-0003', 'srv-0004']);
    expect(listed.env_production!.hosts).toEqual(['srv-0003']);
    expect(listed.tag_even!.hosts).toEqual(['srv-0004']);
    expect(listed._meta.hostvars['srv-0003']).toMatchObject({ server_cpu: 8 });
    const yml = await download(`/reports/runs/${hostsRun.id}/export?format=ansible_yaml`);
    expect((await ansibleList(await yml.text(), 'yaml')).tag_eu!.hosts).toEqual(['srv-0003']);

    const pdf = await download(`/reports/runs/${hostsRun.id}/export?format=pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('Acme hosts');
    expect(text).toContain('srv-0004');
    expect(text).toContain('Rows by');
  });

  it('e-mails a scheduled run to each person it goes to, computed with their own access, with its exports attached', async () => {
    const team = await api.call<{ createTeam: { id: string } }>('mutation($name: String!) { createTeam(input: { name: $name }) { id } }', { name: 'Ops' }, alice.accessToken);
    const teamId = team.data!.createTeam.id;
    await joinTeam(api, alice, bob, teamId);
    const reportId = await createReport({ name: 'Weekly production', entity: 'Server', columns: ['hostname', 'environment'], filters: [{ field: 'environment', comparer: 'IN', values: ['PRODUCTION'] }] });
    await api.call(GRANT, { input: { entityId: reportId, principalId: teamId, role: 'READ' } }, alice.accessToken);
    const scheduled = await api.call<{ updateReport: { schedule: { enabled: boolean; formats: string[]; recipients: Array<{ id: string }> } } }>(
      UPDATE,
      { id: reportId, i: { schedule: { intervalMinutes: 5, formats: ['CSV', 'XLSX'], recipients: [teamId] } } },
      alice.accessToken,
    );
    expect(scheduled.data!.updateReport.schedule).toEqual({ enabled: true, formats: ['CSV', 'XLSX'], recipients: [{ id: teamId }] });
    const reportMail = (user: TestUser) => smtp.messages.find((m) => m.to.includes(user.email.toLowerCase()) && m.subject.includes('Weekly production'));
    await until(() => reportMail(alice) !== undefined && reportMail(bob) !== undefined, 'the report e-mails', 30_000);
    const [toAlice, toBob] = [reportMail(alice)!, reportMail(bob)!];
    // It is a Schedule like the others: listed, paused, run now, and it goes with its report.
    type ScheduleView = { id: string; target: string; name: string; enabled: boolean; intervalMinutes: number; nextRunAt: string | null; report: { id: string } | null; myRole: string };
    const listed = await api.call<{ schedules: ScheduleView[] }>('query { schedules(target: REPORT) { id target name enabled intervalMinutes nextRunAt report { id } myRole } }', {}, alice.accessToken);
    const schedule = listed.data!.schedules.find((x) => x.report?.id === reportId)!;
    expect(schedule).toMatchObject({ target: 'REPORT', name: 'Report · Weekly production', enabled: true, intervalMinutes: 5, myRole: 'ADMIN' });
    expect(schedule.nextRunAt).not.toBeNull();
    const paused = await api.call<{ updateSchedule: ScheduleView }>('mutation($id: ID!) { updateSchedule(id: $id, input: { enabled: false }) { enabled nextRunAt } }', { id: schedule.id }, alice.accessToken);
    expect(paused.data!.updateSchedule).toEqual({ enabled: false, nextRunAt: null });
    expect(codeOf(await api.call('mutation($id: ID!) { updateSchedule(id: $id, input: { url: "https://example.com" }) { id } }', { id: schedule.id }, alice.accessToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.call('mutation($id: ID!) { deleteSchedule(id: $id) { id } }', { id: schedule.id }, alice.accessToken))).toBe('CONFLICT');
    // Bob reads the report: he sees its schedule, and cannot run it (WRITE).
    expect(codeOf(await api.call('mutation($id: ID!) { runSchedule(id: $id) }', { id: schedule.id }, bob.accessToken))).toBe('FORBIDDEN');
    const mailsBefore = smtp.messages.filter((m) => m.to.includes(alice.email.toLowerCase()) && m.subject.includes('Weekly production')).length;
    expect((await api.call('mutation($id: ID!) { runSchedule(id: $id) }', { id: schedule.id }, alice.accessToken)).errors).toBeUndefined();
    await until(() => smtp.messages.filter((m) => m.to.includes(alice.email.toLowerCase()) && m.subject.includes('Weekly production')).length > mailsBefore, 'the e-mail of "run now"', 30_000);
    await api.call(UPDATE, { id: reportId, i: { schedule: null } }, alice.accessToken);
    expect((await api.call<{ schedules: ScheduleView[] }>('query { schedules(target: REPORT) { id report { id } } }', {}, alice.accessToken)).data!.schedules.some((x) => x.report?.id === reportId)).toBe(false);
    expect(toAlice.subject).toContain('Weekly production');
    const files = toAlice.attachments.filter((a) => !a.contentId);
    expect(files.map((a) => a.filename).sort()).toEqual(['weekly-production.csv', 'weekly-production.xlsx']);
    // Its charts, the same pictures as the dashboard's and the PDF's, drawn in the HTML body.
    const pictures = toAlice.attachments.filter((a) => a.contentId);
    expect(pictures.length).toBeGreaterThan(0);
    expect(pictures.every((p) => p.mimeType === 'image/png' && p.content.subarray(1, 4).toString() === 'PNG')).toBe(true);
    for (const p of pictures) expect(toAlice.html).toContain(`cid:${p.contentId!.replace(/^<|>$/g, '')}`);
    expect(toAlice.html).toContain('Weekly production');
    const aliceRows = parseCsv(toAlice.attachments.find((a) => a.filename.endsWith('.csv'))!.content, { bom: true }) as string[][];
    expect(aliceRows).toHaveLength(1 + 367);
    // Bob's run is his: the production server he can read, none of Alice's.
    const bobRows = parseCsv(toBob.attachments.find((a) => a.filename.endsWith('.csv'))!.content, { bom: true }) as string[][];
    expect(bobRows).toEqual([['Hostname', 'Environment'], ['bob-only', 'PRODUCTION']]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(toBob.attachments.find((a) => a.filename.endsWith('.xlsx'))!.content as never);
    expect(book.worksheets[0]!.getRow(2).getCell(1).value).toBe('bob-only');
    expect(toAlice.text).toContain('/reports/runs/');
  });

  it('keeps runs for the retention time, and the last good run of each report and person whatever its age', async () => {
    const reportId = await createReport({ name: 'Retention', entity: 'Server', columns: ['hostname'], filters: [{ field: 'hostname', comparer: 'EQUALS', text: 'srv-0001' }] });
    const first = await finished((await start(reportId)).id);
    const second = await finished((await start(reportId)).id);
    const inAYear = new Date(Date.now() + 365 * 86_400_000);
    await source.services.reports.prune(inAYear);
    expect(await runOf(first.id)).toBeNull();
    expect((await runOf(second.id))?.rows.rows).toEqual([['srv-0001']]);
  });
});
