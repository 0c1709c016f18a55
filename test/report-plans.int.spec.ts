import type { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scope } from '../server/src/modules/access/scope.ts';
import type { ReportFilter } from '../server/src/modules/reports/comparers.ts';
import type { PivotLevelSetting, ReportDoc } from '../server/src/modules/reports/report.model.ts';
import { PIVOT_LEVELS, type PivotLevel } from '../server/src/modules/reports/report-fields.ts';
import type { ReportRow } from '../server/src/modules/reports/report-table.ts';
import { toGlobalId } from '../server/src/shared/ids.ts';
import { signUp, startTestApi, startTestSource, type TestApi, type TestSource } from './support/app.ts';

/*
 * What report runs compute, against the real database: every comparer on
 * every kind of field, items in either state, and pivots whose levels hold
 * items the person cannot read.
 */

type Definition = Pick<ReportDoc, 'kind' | 'entity' | 'columns' | 'filters' | 'state' | 'levels'>;

describe('report runs compute', () => {
  let api: TestApi;
  let source: TestSource;
  let alice: Scope;
  let bob: Scope;
  let between: Date;

  const rowsOf = async (scope: Scope, d: Definition, now = new Date()): Promise<ReportRow[]> => {
    const plan = source.services.reports.plan(scope, d, now);
    const rows: ReportRow[] = [];
    for await (const batch of plan.batches()) rows.push(...batch.rows);
    return rows;
  };
  const single = (entity: string, filters: ReportFilter[], state: Definition['state'] = 'ACTIVE', columns = ['hostname']): Definition => ({ kind: 'SINGLE', entity, columns, filters, state, levels: [] });
  const hostnames = async (filters: ReportFilter[], state: Definition['state'] = 'ACTIVE', now?: Date) =>
    (await rowsOf(alice, single('Server', filters, state), now)).map((r) => r.hostname);

  const create = async (scope: Scope, type: string, input: Record<string, unknown>) => (await source.services.inventory.create(scope, type, input)).doc;
  const gid = (doc: { type: string; _id: ObjectId }) => toGlobalId(doc.type, doc._id);

  beforeAll(async () => {
    api = await startTestApi('report-plans');
    source = await startTestSource(api);
    const a = await signUp(api, 'Alice');
    const b = await signUp(api, 'Bob');
    const idOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
    alice = new Scope(idOf(a.id), new Map());
    bob = new Scope(idOf(b.id), new Map());

    await create(alice, 'Server', { hostname: 'web-01', role: 'web', environment: 'PRODUCTION', cpu: 2, memory: 4, os: { base: 'LINUX', distribution: 'Ubuntu', version: '18.04' }, tags: ['web', 'eu'] });
    await create(alice, 'Server', { hostname: 'web-02', role: 'Web', environment: 'STAGING', cpu: 4, memory: 8.5, os: { base: 'LINUX', distribution: 'ubuntu', version: '22.04' }, tags: ['web'] });
    // createdAt falls on either side of `between`: the clock moves on past each moment first.
    const clockPast = async (moment: number) => {
      while (Date.now() <= moment) await new Promise((resolve) => setImmediate(resolve));
    };
    await clockPast(Date.now());
    between = new Date();
    await clockPast(between.getTime());
    await create(alice, 'Server', { hostname: 'db.01', role: 'database', environment: 'PRODUCTION', cpu: 16, os: { base: 'WINDOWS', distribution: 'Windows Server' }, tags: ['db', 'eu'] });
    await create(alice, 'Server', { hostname: 'bare', tags: [] });
    const gone = await create(alice, 'Server', { hostname: 'old-web', role: 'web', environment: 'PRODUCTION', cpu: 1, tags: ['web'] });
    await source.services.inventory.delete(alice, 'Server', gone._id);
    // Bob's server: never in Alice's reports.
    await create(bob, 'Server', { hostname: 'web-bob', role: 'web', environment: 'PRODUCTION', cpu: 2, tags: ['web'] });
    await create(alice, 'Database', { name: 'orders', engine: 'POSTGRESQL', multiAz: true });
    await create(alice, 'Database', { name: 'cache', engine: 'REDIS', multiAz: false });
    await create(alice, 'Database', { name: 'legacy', engine: 'MYSQL' });
  });

  afterAll(async () => {
    await source?.stop();
    await api?.stop();
  });

  it('compares text: equals and not equals ignoring case, contains, a real "does not contain", starts and ends with, in, empty', async () => {
    expect(await hostnames([{ field: 'role', comparer: 'EQUALS', text: 'WEB' }])).toEqual(['web-01', 'web-02']);
    expect(await hostnames([{ field: 'role', comparer: 'NOT_EQUALS', text: 'web' }])).toEqual(['bare', 'db.01']);
    expect(await hostnames([{ field: 'hostname', comparer: 'CONTAINS', text: 'EB-0' }])).toEqual(['web-01', 'web-02']);
    // "Does not contain" is a substring negation (the original's was "not equal"), and an empty value does not contain the text.
    expect(await hostnames([{ field: 'hostname', comparer: 'NOT_CONTAINS', text: 'web' }])).toEqual(['bare', 'db.01']);
    expect(await hostnames([{ field: 'osDistribution', comparer: 'NOT_CONTAINS', text: 'ubu' }])).toEqual(['bare', 'db.01']);
    // Text is matched literally: the dot is a dot.
    expect(await hostnames([{ field: 'hostname', comparer: 'STARTS_WITH', text: 'db.' }])).toEqual(['db.01']);
    expect(await hostnames([{ field: 'hostname', comparer: 'STARTS_WITH', text: 'd.' }])).toEqual([]);
    expect(await hostnames([{ field: 'hostname', comparer: 'ENDS_WITH', text: '-02' }])).toEqual(['web-02']);
    expect(await hostnames([{ field: 'role', comparer: 'IN', values: ['database', 'WEB'] }])).toEqual(['db.01', 'web-01', 'web-02']);
    expect(await hostnames([{ field: 'role', comparer: 'NOT_IN', values: ['web'] }])).toEqual(['bare', 'db.01']);
    expect(await hostnames([{ field: 'role', comparer: 'IS_EMPTY' }])).toEqual(['bare']);
    expect(await hostnames([{ field: 'role', comparer: 'IS_NOT_EMPTY' }])).toEqual(['db.01', 'web-01', 'web-02']);
  });

  it('compares numbers: =, ≠, <, >, between (inclusive), empty', async () => {
    expect(await hostnames([{ field: 'cpu', comparer: 'EQUALS', number: 4 }])).toEqual(['web-02']);
    expect(await hostnames([{ field: 'cpu', comparer: 'NOT_EQUALS', number: 4 }])).toEqual(['bare', 'db.01', 'web-01']);
    expect(await hostnames([{ field: 'cpu', comparer: 'LESS_THAN', number: 4 }])).toEqual(['web-01']);
    expect(await hostnames([{ field: 'cpu', comparer: 'GREATER_THAN', number: 4 }])).toEqual(['db.01']);
    expect(await hostnames([{ field: 'cpu', comparer: 'BETWEEN', number: 2, numberTo: 4 }])).toEqual(['web-01', 'web-02']);
    expect(await hostnames([{ field: 'memory', comparer: 'GREATER_THAN', number: 8 }])).toEqual(['web-02']);
    expect(await hostnames([{ field: 'memory', comparer: 'IS_EMPTY' }])).toEqual(['bare', 'db.01']);
  });

  it('compares dates: before, after, between, within the last N days of the run', async () => {
    expect(await hostnames([{ field: 'createdAt', comparer: 'BEFORE', date: between }])).toEqual(['web-01', 'web-02']);
    expect(await hostnames([{ field: 'createdAt', comparer: 'AFTER', date: between }])).toEqual(['bare', 'db.01']);
    expect(await hostnames([{ field: 'createdAt', comparer: 'BETWEEN', date: new Date(between.getTime() - 3_600_000), dateTo: between }])).toEqual(['web-01', 'web-02']);
    const inTenDays = new Date(Date.now() + 10 * 86_400_000);
    expect(await hostnames([{ field: 'createdAt', comparer: 'WITHIN_LAST_DAYS', days: 5 }], 'ACTIVE', inTenDays)).toEqual([]);
    expect(await hostnames([{ field: 'createdAt', comparer: 'WITHIN_LAST_DAYS', days: 11 }], 'ACTIVE', inTenDays)).toEqual(['bare', 'db.01', 'web-01', 'web-02']);
  });

  it('compares booleans, enums and tags', async () => {
    const names = async (filters: ReportFilter[]) => (await rowsOf(alice, single('Database', filters, 'ACTIVE', ['name']))).map((r) => r.name);
    expect(await names([{ field: 'multiAz', comparer: 'IS_TRUE' }])).toEqual(['orders']);
    expect(await names([{ field: 'multiAz', comparer: 'IS_FALSE' }])).toEqual(['cache']);
    expect(await names([{ field: 'multiAz', comparer: 'IS_EMPTY' }])).toEqual(['legacy']);
    expect(await names([{ field: 'engine', comparer: 'IN', values: ['REDIS', 'MYSQL'] }])).toEqual(['cache', 'legacy']);
    expect(await names([{ field: 'engine', comparer: 'NOT_IN', values: ['REDIS'] }])).toEqual(['legacy', 'orders']);
    expect(await hostnames([{ field: 'environment', comparer: 'IN', values: ['PRODUCTION'] }])).toEqual(['db.01', 'web-01']);
    expect(await hostnames([{ field: 'environment', comparer: 'NOT_IN', values: ['PRODUCTION'] }])).toEqual(['bare', 'web-02']);
    expect(await hostnames([{ field: 'environment', comparer: 'IS_EMPTY' }])).toEqual(['bare']);
    expect(await hostnames([{ field: 'osBase', comparer: 'IN', values: ['WINDOWS'] }])).toEqual(['db.01']);
    expect(await hostnames([{ field: 'tags', comparer: 'HAS_ANY', values: ['db', 'eu'] }])).toEqual(['db.01', 'web-01']);
    expect(await hostnames([{ field: 'tags', comparer: 'HAS_ALL', values: ['web', 'eu'] }])).toEqual(['web-01']);
    expect(await hostnames([{ field: 'tags', comparer: 'HAS_NONE', values: ['web'] }])).toEqual(['bare', 'db.01']);
    expect(await hostnames([{ field: 'tags', comparer: 'IS_EMPTY' }])).toEqual(['bare']);
  });

  it('takes active items, deleted ones, or both; never another person’s', async () => {
    expect(await hostnames([], 'DELETED')).toEqual(['old-web']);
    expect(await hostnames([{ field: 'role', comparer: 'EQUALS', text: 'web' }], 'ANY')).toEqual(['old-web', 'web-01', 'web-02']);
    expect(await hostnames([{ field: 'active', comparer: 'IS_FALSE' }], 'ANY')).toEqual(['old-web']);
    expect((await rowsOf(bob, single('Server', []))).map((r) => r.hostname)).toEqual(['web-bob']);
  });

  it('writes cells by kind: lists as lists, numbers as numbers, dates as ISO text, ids as global ids', async () => {
    const [row] = await rowsOf(alice, single('Server', [{ field: 'hostname', comparer: 'EQUALS', text: 'web-02' }], 'ACTIVE', ['id', 'hostname', 'cpu', 'memory', 'osBase', 'tags', 'createdAt', 'active', 'ipv4Private']));
    expect(row).toMatchObject({ hostname: 'web-02', cpu: 4, memory: 8.5, osBase: 'LINUX', tags: ['web'], active: true, ipv4Private: null });
    expect(Buffer.from(String(row!.id), 'base64url').toString()).toMatch(/^Server:[0-9a-f]{24}$/);
    expect(new Date(String(row!.createdAt)).toISOString()).toBe(row!.createdAt);
  });

  describe('pivots', () => {
    const levels = (settings: Partial<Record<PivotLevel, Partial<PivotLevelSetting>>>): PivotLevelSetting[] =>
      PIVOT_LEVELS.map((level) => ({ level, enabled: false, columns: [], filters: [], state: 'ACTIVE', required: false, ...settings[level], ...(settings[level] ? { enabled: settings[level]!.enabled ?? true } : {}) }));
    const pivot = (settings: Partial<Record<PivotLevel, Partial<PivotLevelSetting>>>): Definition => ({ kind: 'PIVOT', entity: null, columns: [], filters: [], state: 'ACTIVE', levels: levels(settings) });
    const paths = (rows: ReportRow[]) => rows.map((r) => [r['client.name'], r['system.name'], r['application.name'], r['server.hostname'] ?? r['database.name'] ?? undefined].filter((x) => x !== undefined).join(' / '));

    let carol: Scope;
    let dave: Scope;

    beforeAll(async () => {
      // Carol owns the client, the system, the "shop" application and its server;
      // "billing" (part of the system) and its servers are Dave's: one of them, pay-02, Dave lets Carol read.
      const [c, d] = await Promise.all([signUp(api, 'Carol'), signUp(api, 'Dave')]);
      const idOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
      carol = new Scope(idOf(c.id), new Map());
      dave = new Scope(idOf(d.id), new Map());
      const acme = await create(carol, 'Client', { name: 'Acme' });
      const empty = await create(carol, 'Client', { name: 'Empty Co' });
      const store = await create(carol, 'System', { name: 'Store' });
      const shop = await create(carol, 'Application', { name: 'shop', environment: 'PRODUCTION' });
      const shopSrv = await create(carol, 'Server', { hostname: 'shop-01', environment: 'PRODUCTION', os: { distribution: 'Ubuntu', version: '18.04' }, tags: ['web'] });
      const shopSrv2 = await create(carol, 'Server', { hostname: 'shop-02', environment: 'STAGING', tags: [] });
      const ordersDb = await create(carol, 'Database', { name: 'orders-db', engine: 'POSTGRESQL', clusterMode: 'SINGLE' });
      const billing = await create(dave, 'Application', { name: 'billing' });
      const pay1 = await create(dave, 'Server', { hostname: 'pay-01' });
      const pay2 = await create(dave, 'Server', { hostname: 'pay-02' });
      await source.services.access.grant(dave, gid(pay2), { kind: 'user', id: carol.userId }, 'read');
      // Links need write on both ends: Dave lets Carol write billing, links it, then takes it back.
      await source.services.relations.link(carol, gid(store), gid(acme), 'SERVES');
      await source.services.relations.link(carol, gid(shop), gid(store), 'PART_OF');
      await source.services.relations.link(carol, gid(shop), gid(shopSrv), 'RUNS_ON');
      await source.services.relations.link(carol, gid(shop), gid(shopSrv2), 'RUNS_ON');
      await source.services.relations.link(carol, gid(shop), gid(ordersDb), 'DEPENDS_ON');
      await source.services.access.grant(dave, gid(billing), { kind: 'user', id: carol.userId }, 'write');
      await source.services.relations.link(carol, gid(billing), gid(store), 'PART_OF');
      await source.services.access.grant(carol, gid(store), { kind: 'user', id: dave.userId }, 'read');
      await source.services.access.revoke(dave, gid(billing), { kind: 'user', id: carol.userId });
      await source.services.relations.link(dave, gid(billing), gid(pay1), 'RUNS_ON');
      await source.services.relations.link(dave, gid(billing), gid(pay2), 'RUNS_ON');
      void empty;
    });

    it('walks client → system → application → server, one row per path, in name order', async () => {
      const rows = await rowsOf(carol, pivot({ CLIENT: {}, SYSTEM: {}, APPLICATION: {}, SERVER: {} }));
      expect(paths(rows)).toEqual(['Acme / Store / shop / shop-01', 'Acme / Store / shop / shop-02', 'Empty Co']);
    });

    it('never shows what the person cannot read, nor anything reached only through it', async () => {
      // billing is Dave's: Carol sees neither it nor pay-02 under it, though she may read pay-02 itself.
      const rows = await rowsOf(carol, pivot({ CLIENT: {}, SYSTEM: {}, APPLICATION: {}, SERVER: {} }));
      expect(JSON.stringify(rows)).not.toMatch(/billing|pay-0/);
      // A level switched off is walked through, with the same access: still no pay-02.
      const skipping = await rowsOf(carol, pivot({ CLIENT: {}, SERVER: {} }));
      expect(paths(skipping)).toEqual(['Acme / shop-01', 'Acme / shop-02', 'Empty Co']);
      // Dave reads the system, not the client: his pivot from the client shows nothing of it; from the system, billing and its servers.
      expect(await rowsOf(dave, pivot({ CLIENT: {}, SYSTEM: {}, APPLICATION: {}, SERVER: {} }))).toEqual([]);
      expect(paths(await rowsOf(dave, pivot({ SYSTEM: {}, APPLICATION: {}, SERVER: {} })))).toEqual(['Store / billing / pay-01', 'Store / billing / pay-02']);
    });

    it('filters each level; a level with filters keeps only the paths that reach a match', async () => {
      // "Which production servers of client Acme run Ubuntu 18?"
      const rows = await rowsOf(
        carol,
        pivot({
          CLIENT: { filters: [{ field: 'name', comparer: 'EQUALS', text: 'acme' }] },
          SYSTEM: {},
          APPLICATION: {},
          SERVER: { columns: ['osVersion'], required: true, filters: [{ field: 'environment', comparer: 'IN', values: ['PRODUCTION'] }, { field: 'osDistribution', comparer: 'CONTAINS', text: 'ubuntu' }, { field: 'osVersion', comparer: 'STARTS_WITH', text: '18' }] },
        }),
      );
      expect(rows).toEqual([{ 'client.name': 'Acme', 'system.name': 'Store', 'application.name': 'shop', 'server.hostname': 'shop-01', 'server.osVersion': '18.04' }]);
      // "Which apps depend on a database with no replica?": databases under applications.
      const apps = await rowsOf(carol, pivot({ APPLICATION: {}, DATABASE: { columns: ['clusterMode'], required: true, filters: [{ field: 'clusterMode', comparer: 'IN', values: ['SINGLE'] }] } }));
      expect(apps).toEqual([{ 'application.name': 'shop', 'database.name': 'orders-db', 'database.clusterMode': 'SINGLE' }]);
    });

    it('puts servers and databases of an application on rows of their own', async () => {
      const rows = await rowsOf(carol, pivot({ APPLICATION: {}, SERVER: {}, DATABASE: {} }));
      expect(paths(rows)).toEqual(['shop / shop-01', 'shop / shop-02', 'shop / orders-db']);
    });
  });
});
