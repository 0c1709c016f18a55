import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoveryActor } from '../server/src/modules/history/actor.ts';
import type { ReconcileRecord } from '../server/src/modules/inventory/engine/reconcile.service.ts';
import type { InventoryDoc } from '../server/src/modules/inventory/engine/entity-def.ts';
import { codeOf, signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';
import { testEnv } from './support/env.ts';
import { commandsBetween, mongoCommands } from './support/metrics.ts';
import { gql, startApi } from './support/stack.ts';

const CREATE_SERVER = 'mutation($input: CreateServerInput!) { createServer(input: $input) { server { id } } }';
const UPDATE_SERVER = 'mutation($id: ID!, $input: UpdateServerInput!) { updateServer(id: $id, input: $input) { server { id cpu } } }';
const IMPORT = `mutation($input: ImportInventoryInput!) {
  importInventory(input: $input) { import { id number name } created updated unchanged failed keptByLock rows { row status id errors { path message } warnings { code path } } }
}`;
const SERVER = `query($id: ID!) { server(id: $id) {
  id hostname cpu role tags environment active revision lastSeenAt os { base distribution version }
  locks { all fields }
  origin { kind name }
  provenance { field at source { kind id name runId } }
} }`;
const HISTORY = 'query($id: ID!) { history(id: $id, first: 100) { totalCount edges { node { operation diff { path before after } actor { kind id name runId } } } } }';
const ACTIVITY = 'query($filter: ActivityFilter) { activity(filter: $filter, first: 500) { totalCount edges { node { operation entityId actor { kind id name runId } } } } }';
const LOCK = 'mutation($input: LockInput!) { lockFields(input: $input) { id } }';
const UNLOCK = 'mutation($input: LockInput!) { unlockFields(input: $input) { id } }';

interface ServerData {
  id: string;
  hostname: string;
  cpu: number | null;
  role: string | null;
  tags: string[];
  environment: string | null;
  active: boolean;
  revision: number;
  lastSeenAt: string | null;
  os: { base: string | null; distribution: string | null; version: string | null } | null;
  locks: { all: boolean; fields: string[] };
  origin: { kind: string; name: string | null } | null;
  provenance: Array<{ field: string; at: string; source: { kind: string; id: string | null; name: string | null; runId: string | null } }>;
}

interface ImportData {
  importInventory: {
    import: { id: string; number: number; name: string };
    created: number;
    updated: number;
    unchanged: number;
    failed: number;
    keptByLock: number;
    rows: Array<{ row: number; status: string; id: string | null; errors: Array<{ path: string }>; warnings: Array<{ code: string; path: string | null }> }>;
  };
}

const hexOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

/** Write commands among MongoDB commands: what costs a write on the server. */
const WRITES = ['insert', 'update', 'delete', 'findAndModify'];
const writesIn = (commands: Record<string, number>) => WRITES.reduce((sum, name) => sum + (commands[name] ?? 0), 0);

describe('one write path for people, imports and discovery', () => {
  let api: TestApi;
  let alice: TestUser;
  let call: <T>(q: string, v?: Record<string, unknown>) => ReturnType<TestApi['call']> & Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;

  beforeAll(async () => {
    api = await startTestApi('write-path');
    alice = await signUp(api, 'Alice');
    call = ((q: string, v: Record<string, unknown> = {}) => api.call(q, v, alice.accessToken)) as typeof call;
  });
  afterAll(async () => {
    await api.stop();
  });

  const server = async (id: string) => (await call<{ server: ServerData }>(SERVER, { id })).data!.server;
  const createServer = async (input: Record<string, unknown>) => {
    const result = await call<{ createServer: { server: { id: string } } }>(CREATE_SERVER, { input });
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.createServer.server.id;
  };
  const importFile = async (format: 'CSV' | 'JSON', data: string, type = 'Server') => {
    const result = await call<ImportData>(IMPORT, { input: { type, format, data } });
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.importInventory;
  };
  /** Alice's own inventory, as a system source writes into it. */
  const owner = () => ({ kind: 'user' as const, id: hexOf(alice.id) });

  it('an import changes only the columns its file has: an absent column leaves the field, an empty cell clears it', async () => {
    const id = await createServer({ hostname: 'partial-1', cpu: 2, role: 'web', tags: ['curated', 'eu'], environment: 'PRODUCTION', os: { base: 'LINUX', distribution: 'debian', version: '12' } });
    const first = await importFile('CSV', 'hostname,cpu\npartial-1,8');
    expect(first).toMatchObject({ created: 0, updated: 1, failed: 0 });
    let s = await server(id);
    expect(s).toMatchObject({ cpu: 8, role: 'web', tags: ['curated', 'eu'], environment: 'PRODUCTION', os: { base: 'LINUX', distribution: 'debian', version: '12' } });

    // An empty cell clears; a nested column changes only its part of the object.
    await importFile('CSV', 'hostname,role,os.version\npartial-1,,13');
    s = await server(id);
    expect(s).toMatchObject({ cpu: 8, role: null, tags: ['curated', 'eu'], os: { base: 'LINUX', distribution: 'debian', version: '13' } });

    // JSON: a missing key leaves the field, null clears it.
    await importFile('JSON', JSON.stringify([{ hostname: 'partial-1', cpu: null }]));
    s = await server(id);
    expect(s).toMatchObject({ cpu: null, tags: ['curated', 'eu'], environment: 'PRODUCTION' });

    // A person's update is partial too, down to the parts of an object.
    const updated = await call(UPDATE_SERVER, { id, input: { os: { version: '14' } } });
    expect(updated.errors).toBeUndefined();
    expect((await server(id)).os).toEqual({ base: 'LINUX', distribution: 'debian', version: '14' });

    // A new item still needs its required fields; an update does not repeat them.
    const bad = await importFile('JSON', JSON.stringify([{ cpu: 4 }]));
    expect(bad.rows[0]).toMatchObject({ status: 'ERROR', errors: [{ path: 'rows.1.hostname' }] });
  });

  it('records who set each field: a person, an import, a discovery connection', async () => {
    const id = await createServer({ hostname: 'prov-1', cpu: 2, role: 'db' });
    let s = await server(id);
    const by = (field: string) => s.provenance.find((p) => p.field === field)?.source;
    expect(by('cpu')).toMatchObject({ kind: 'USER', id: alice.id, name: 'Alice' });
    expect(s.origin).toMatchObject({ kind: 'USER', name: 'Alice' });

    const imported = await importFile('CSV', 'hostname,cpu\nprov-1,4');
    s = await server(id);
    expect(by('cpu')).toEqual({ kind: 'IMPORT', id: imported.import.id, name: `import #${imported.import.number}`, runId: imported.import.id });
    expect(by('role')).toMatchObject({ kind: 'USER', name: 'Alice' });
    expect(by('hostname')).toMatchObject({ kind: 'USER' });

    // A discovery source's item: every field it set is its own.
    const connection = { id: '64b000000000000000000001', name: 'aws-prod', workspaceTeamId: null };
    const result = await api.app.services.reconcile.reconcile({
      actor: discoveryActor(connection, '64b0000000000000000000aa'),
      def: api.app.services.inventory.info('Server').def,
      owner: owner(),
      scope: null,
      mode: 'SNAPSHOT',
      records: [{ ref: 1, fields: { hostname: 'prov-discovered', cpu: 16 }, external: { provider: 'aws', account: '111', region: 'eu-west-1', id: 'i-prov' } }],
      within: { provider: 'aws', account: '111', region: 'eu-west-1' },
      by: hexOf(alice.id),
    });
    expect(result.rows[0]!.status).toBe('CREATED');
    const discovered = await server(`${Buffer.from(`Server:${result.rows[0]!.doc!._id.toHexString()}`).toString('base64url')}`);
    expect(discovered.provenance.map((p) => [p.field, p.source.kind, p.source.name])).toEqual([
      ['hostname', 'DISCOVERY', 'aws-prod'],
      ['cpu', 'DISCOVERY', 'aws-prod'],
    ]);
    expect(discovered.origin).toMatchObject({ kind: 'DISCOVERY', name: 'aws-prod' });
  });

  it('keeps locked fields from imports and reconciles, reports them kept, lets people edit them, and records lock and unlock', async () => {
    const id = await createServer({ hostname: 'locked-1', cpu: 2, role: 'web' });
    expect((await call(LOCK, { input: { id, fields: ['cpu'] } })).errors).toBeUndefined();
    expect(codeOf(await call(LOCK, { input: { id, fields: ['nope'] } }))).toBe('BAD_USER_INPUT');
    let s = await server(id);
    expect(s.locks).toEqual({ all: false, fields: ['cpu'] });

    const imported = await importFile('CSV', 'hostname,cpu,role\nlocked-1,64,cache');
    expect(imported).toMatchObject({ updated: 1, failed: 0, keptByLock: 1 });
    expect(imported.rows[0]!.warnings).toContainEqual({ code: 'KEPT_BY_LOCK', path: 'rows.1.cpu' });
    s = await server(id);
    expect(s).toMatchObject({ cpu: 2, role: 'cache' });

    // A person still edits it.
    const edited = await call<{ updateServer: { server: { cpu: number } } }>(UPDATE_SERVER, { id, input: { cpu: 3 } });
    expect(edited.data?.updateServer.server.cpu).toBe(3);

    // A discovery source's own item, locked whole: a snapshot changes nothing of it and never retires it.
    const connection = { id: '64b000000000000000000002', name: 'aws-lock', workspaceTeamId: null };
    const def = api.app.services.inventory.info('Server').def;
    const snapshot = (records: ReconcileRecord[], run: string) =>
      api.app.services.reconcile.reconcile({ actor: discoveryActor(connection, run), def, owner: owner(), scope: null, mode: 'SNAPSHOT', records, within: { provider: 'aws', account: '222' }, by: hexOf(alice.id) });
    const ext = { provider: 'aws', account: '222', region: 'eu-west-1', id: 'i-locked' };
    const created = await snapshot([{ ref: 1, fields: { hostname: 'locked-discovered', cpu: 4 }, external: ext }], '64b0000000000000000000b1');
    const discoveredId = Buffer.from(`Server:${created.rows[0]!.doc!._id.toHexString()}`).toString('base64url');
    await call(LOCK, { input: { id: discoveredId, all: true } });
    const kept = await snapshot([{ ref: 1, fields: { hostname: 'locked-discovered', cpu: 8 }, external: ext }], '64b0000000000000000000b2');
    expect(kept.rows[0]!.warnings.map((w) => w.code)).toEqual(['KEPT_BY_LOCK']);
    expect((await server(discoveredId)).cpu).toBe(4);
    const gone = await snapshot([], '64b0000000000000000000b3');
    expect(gone.deactivated).toBe(0);
    expect((await server(discoveredId)).active).toBe(true);

    await call(UNLOCK, { input: { id, fields: ['cpu'] } });
    const history = await call<{ history: { edges: Array<{ node: { operation: string; diff: Array<{ path: string; before: unknown; after: unknown }> } }> } }>(HISTORY, { id });
    const locking = history.data!.history.edges.map(({ node: { operation, diff } }) => ({ operation, diff })).filter((n) => n.operation === 'LOCK' || n.operation === 'UNLOCK');
    expect(locking).toEqual([
      { operation: 'UNLOCK', diff: [{ path: 'locks', before: { all: false, fields: ['cpu'] }, after: { all: false, fields: [] } }] },
      { operation: 'LOCK', diff: [{ path: 'locks', before: { all: false, fields: [] }, after: { all: false, fields: ['cpu'] } }] },
    ]);
  });

  it('two imports of one file at once create each item once', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `race-${i},${(i % 8) + 1}`);
    const csv = `hostname,cpu\n${rows.join('\n')}`;
    const [a, b] = await Promise.all([importFile('CSV', csv), importFile('CSV', csv)]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.created + b.created).toBe(150);
    const listed = await call<{ servers: { totalCount: number } }>('{ servers(filter: { hostname: { contains: "race-" } }, first: 1) { totalCount } }');
    expect(listed.data?.servers.totalCount).toBe(150);
  });

  it('names the actor of every change, and activity answers "everything import #n changed"', async () => {
    await createServer({ hostname: 'run-0' });
    const imported = await importFile('CSV', 'hostname,cpu\nrun-0,2\nrun-1,2\nrun-2,2');
    expect(imported).toMatchObject({ created: 2, updated: 1 });
    const byRun = await call<{ activity: { totalCount: number; edges: Array<{ node: { operation: string; actor: { kind: string; id: string; name: string; runId: string } } }> } }>(ACTIVITY, {
      filter: { runId: imported.import.id },
    });
    expect(byRun.data!.activity.totalCount).toBe(3);
    expect(byRun.data!.activity.edges.map((e) => e.node.operation).sort()).toEqual(['CREATE', 'CREATE', 'UPDATE']);
    for (const e of byRun.data!.activity.edges) expect(e.node.actor).toEqual({ kind: 'IMPORT', id: imported.import.id, name: `import #${imported.import.number}`, runId: imported.import.id });
    const byActor = await call<{ activity: { totalCount: number } }>(ACTIVITY, { filter: { actorId: imported.import.id } });
    expect(byActor.data!.activity.totalCount).toBe(3);
    const people = await call<{ activity: { edges: Array<{ node: { actor: { kind: string } } }> } }>(ACTIVITY, { filter: { actorKinds: ['USER'] } });
    expect(people.data!.activity.edges.every((e) => e.node.actor.kind === 'USER')).toBe(true);
    expect(codeOf(await call(ACTIVITY, { filter: { runId: alice.id } }))).toBe('BAD_USER_INPUT');
  });

  it('a reconcile of the same records twice writes nothing the second time, and one of 2% changed writes those only', async () => {
    const connection = { id: '64b000000000000000000003', name: 'aws-idle', workspaceTeamId: null };
    const def = api.app.services.inventory.info('Server').def;
    const records = (cpuOf: (i: number) => number) =>
      Array.from({ length: 300 }, (_, i): ReconcileRecord => ({
        ref: i + 1,
        fields: { hostname: `idle-${i}`, cpu: cpuOf(i), tags: ['discovered'] },
        external: { provider: 'aws', account: '333', region: 'us-east-1', id: `i-idle-${i}` },
      }));
    const run = (recs: ReconcileRecord[], runId: string) =>
      api.app.services.reconcile.reconcile({ actor: discoveryActor(connection, runId), def, owner: owner(), scope: null, mode: 'SNAPSHOT', records: recs, within: { provider: 'aws', account: '333' }, by: hexOf(alice.id) });
    const first = await run(records(() => 2), '64b0000000000000000000c1');
    expect(first.rows.filter((r) => r.status === 'CREATED')).toHaveLength(300);

    let before = await mongoCommands(api.url);
    const second = await run(records(() => 2), '64b0000000000000000000c2');
    expect(second.rows.every((r) => r.status === 'UNCHANGED')).toBe(true);
    expect(writesIn(commandsBetween(before, await mongoCommands(api.url)))).toBe(0);
    const quiet = await call<{ activity: { totalCount: number } }>(ACTIVITY, { filter: { runId: Buffer.from('DiscoveryRun:64b0000000000000000000c2').toString('base64url') } });
    expect(quiet.data!.activity.totalCount).toBe(0);

    before = await mongoCommands(api.url);
    const third = await run(records((i) => (i % 50 === 0 ? 4 : 2)), '64b0000000000000000000c3');
    expect(third.rows.filter((r) => r.status === 'UPDATED')).toHaveLength(6);
    // A batch of changes costs a few commands, not a few per item.
    expect(writesIn(commandsBetween(before, await mongoCommands(api.url)))).toBeLessThanOrEqual(4);
    const changed = await call<{ activity: { totalCount: number } }>(ACTIVITY, { filter: { runId: Buffer.from('DiscoveryRun:64b0000000000000000000c3').toString('base64url') } });
    expect(changed.data!.activity.totalCount).toBe(6);
  });

  it('a batch write the repair recorded before it was read back counts as written, and is recorded once', async () => {
    const ids = await Promise.all(['late-1', 'late-2', 'late-3'].map((hostname) => createServer({ hostname, cpu: 1 })));
    const client = new MongoClient(api.config.mongoUrl);
    await client.connect();
    try {
      const inventory = client.db().collection<InventoryDoc>('inventory');
      const { ObjectId } = await import('mongodb');
      const objectIds = ids.map((id) => new ObjectId(hexOf(id)));
      const docs = await inventory.find({ _id: { $in: objectIds } }).toArray();
      const history = api.app.services.history;
      const actor = discoveryActor({ id: '64b000000000000000000005', name: 'aws-late', workspaceTeamId: null }, '64b0000000000000000000e1');
      const { written, missed } = await history.writeMany(
        'inventory',
        docs.map((doc) => ({ doc, entityType: 'Server', decision: { set: { cpu: 2 }, change: { operation: 'UPDATE', actor, diff: [{ path: 'cpu', before: 1, after: 2 }], readers: doc.access.read } } })),
        async (updates) => {
          await inventory.bulkWrite(updates.map((u) => ({ updateOne: { filter: { _id: u.doc._id, revision: u.doc.revision }, update: u.update as never } })));
          // The read back comes late: the repair has recorded the changes and taken them off the items meanwhile.
          await history.repair(new Date(Date.now() + 60_000));
        },
        (batch) => inventory.find({ _id: { $in: batch.map((d) => d._id) } }).toArray(),
      );
      expect(written).toHaveLength(3);
      expect(missed).toEqual([]);
      const changes = await client.db().collection('changes').find({ entityId: { $in: objectIds.map((o) => o.toHexString()) }, operation: 'UPDATE' }).toArray();
      expect(changes).toHaveLength(3);
      expect(await inventory.countDocuments({ _id: { $in: objectIds }, pending: { $gt: {} } } as never)).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('a full snapshot retires what it no longer sees and brings it back when seen again, leaving a person’s item of the same name alone', async () => {
    const connection = { id: '64b000000000000000000004', name: 'aws-snap', workspaceTeamId: null };
    const def = api.app.services.inventory.info('Server').def;
    const record = (name: string): ReconcileRecord => ({ ref: 0, fields: { hostname: name, cpu: 2 }, external: { provider: 'aws', account: '444', region: 'eu-west-1', id: `i-${name}` } });
    const run = (names: string[], runId: string, previousRunAt: Date | null = null) =>
      api.app.services.reconcile.reconcile({
        actor: discoveryActor(connection, runId),
        def,
        owner: owner(),
        scope: null,
        mode: 'SNAPSHOT',
        records: names.map((n, i) => ({ ...record(n), ref: i + 1 })),
        within: { provider: 'aws', account: '444', region: 'eu-west-1' },
        previousRunAt,
        by: hexOf(alice.id),
      });
    const first = await run(['snap-a', 'snap-b', 'snap-c'], '64b0000000000000000000d1');
    const idOf = (name: string) => Buffer.from(`Server:${first.rows.find((r) => r.doc?.hostname === name)!.doc!._id.toHexString()}`).toString('base64url');
    const personal = await createServer({ hostname: 'snap-b', cpu: 1 });
    const personalBefore = await server(personal);
    const seenAt = new Date('2026-01-01T00:00:00Z');

    const second = await run(['snap-a', 'snap-c'], '64b0000000000000000000d2', seenAt);
    expect(second.deactivated).toBe(1);
    const retired = await server(idOf('snap-b'));
    expect(retired).toMatchObject({ active: false, lastSeenAt: seenAt.toISOString() });
    expect(await server(personal)).toEqual(personalBefore);

    const third = await run(['snap-a', 'snap-b', 'snap-c'], '64b0000000000000000000d3');
    expect(third.reactivated).toBe(1);
    expect(await server(idOf('snap-b'))).toMatchObject({ active: true, lastSeenAt: null });
    expect(await server(personal)).toEqual(personalBefore);
    const history = await call<{ history: { edges: Array<{ node: { operation: string; actor: { kind: string; name: string } } }> } }>(HISTORY, { id: idOf('snap-b') });
    expect(history.data!.history.edges.map((e) => e.node.operation)).toEqual(['RESTORE', 'DELETE', 'CREATE']);
    expect(history.data!.history.edges.every((e) => e.node.actor.kind === 'DISCOVERY' && e.node.actor.name === 'aws-snap')).toBe(true);
  });
});

describe('a source’s batch of writes survives a crash', () => {
  it('records every change of an import’s batched updates at the next start, once, with the import as actor', async () => {
    // One API process at a time: nothing else can be writing, so the start-up repair needs no grace period.
    const env = testEnv('batch-crash', { LOG_LEVEL: 'info', HISTORY_REPAIR_GRACE_MS: '0' });
    const IMPORT = 'mutation($data: String!) { importInventory(input: { type: "Server", format: CSV, data: $data }) { import { id } created updated failed } }';
    const first = await startApi(env, 'batch-crash-api-1');
    let auth: Record<string, string>;
    try {
      const signup = await gql<{ signup: { accessToken: string } }>(
        first.url,
        'mutation { signup(input: { email: "batch@example.com", password: "correct horse battery", name: "Batch" }) { accessToken } }',
      );
      auth = { authorization: `Bearer ${signup.data!.signup.accessToken}` };
      const created = await gql<{ importInventory: { created: number } }>(first.url, IMPORT, { data: `hostname,cpu\n${Array.from({ length: 20 }, (_, i) => `batch-${i},1`).join('\n')}` }, auth);
      expect(created.data?.importInventory.created).toBe(20);
    } finally {
      await first.stop();
    }

    const faulty = await startApi({ ...env, MAESTRO_FAULTS: 'crash-after-entity-write' }, 'batch-crash-api-faulty');
    const attempt = await gql(faulty.url, IMPORT, { data: `hostname,cpu\n${Array.from({ length: 20 }, (_, i) => `batch-${i},4`).join('\n')}` }, auth).catch((error: Error) => error);
    expect(attempt, JSON.stringify(attempt)).toBeInstanceOf(Error);
    await faulty.exited;
    expect(faulty.child.signalCode).toBe('SIGKILL');

    const client = new MongoClient(env.MONGO_URL!);
    await client.connect();
    try {
      const db = client.db();
      // The batch's one update landed, each item carrying its change; none is in history yet.
      const servers = await db.collection('inventory').find({ type: 'Server' }).toArray();
      expect(servers.every((s) => s.cpu === 4 && s.revision === 2 && Object.keys(s.pending ?? {}).length === 1)).toBe(true);
      expect(await db.collection('changes').countDocuments({ operation: 'UPDATE' })).toBe(0);

      const second = await startApi(env, 'batch-crash-api-2');
      try {
        const updates = await db.collection('changes').find({ operation: 'UPDATE' }).toArray();
        expect(updates).toHaveLength(20);
        expect(new Set(updates.map((u) => u.actor.kind))).toEqual(new Set(['IMPORT']));
        expect(new Set(updates.map((u) => u.actor.runId)).size).toBe(1);
        expect(updates.every((u) => JSON.stringify(u.diff) === JSON.stringify([{ path: 'cpu', before: 1, after: 4 }]))).toBe(true);
        expect(await db.collection('inventory').countDocuments({ type: 'Server', pending: { $gt: {} } })).toBe(0);
        // The retry of the same file finds everything done.
        const retry = await gql<{ importInventory: { updated: number; failed: number } }>(second.url, IMPORT, { data: `hostname,cpu\n${Array.from({ length: 20 }, (_, i) => `batch-${i},4`).join('\n')}` }, auth);
        expect(retry.data?.importInventory).toMatchObject({ updated: 0, failed: 0 });
      } finally {
        await second.stop();
      }
    } finally {
      await client.close();
    }
  }, 60_000);
});
