import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';
import { testEnv } from './support/env.ts';
import { gql, startApi, startWorker, type ApiProcess, type ManagedProcess } from './support/stack.ts';
import { until } from './support/live.ts';

const HISTORY = `query($id: ID!, $first: Int, $after: String) { history(id: $id, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id operation at actor { kind id name } diff { path before after } } } } }`;

const ENTITY_AT = 'query($id: ID!, $at: DateTimeISO!) { entityAt(id: $id, at: $at) { revision node { ... on Server { hostname cpu tags } } } }';

interface HistoryData {
  history: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string };
    edges: Array<{ node: { id: string; operation: string; at: string; actor: { kind: string; id: string; name: string }; diff: Array<{ path: string; before: unknown; after: unknown }> } }>;
  };
}

/** Waits until the clock has moved past `iso`, so that the next change is recorded strictly later. */
async function clockPast(iso: string): Promise<void> {
  while (Date.now() <= Date.parse(iso)) await new Promise((r) => setImmediate(r));
}

describe('history of every change', () => {
  let api: TestApi;
  let alice: TestUser;
  let bob: TestUser;
  let server: string;
  let app: string;
  const times: string[] = [];

  beforeAll(async () => {
    api = await startTestApi('history');
    [alice, bob] = await Promise.all([signUp(api, 'Alice'), signUp(api, 'Bob')]);
    const call = (q: string, v: Record<string, unknown> = {}) => api.call<Record<string, Record<string, Record<string, string>>>>(q, v, alice.accessToken);
    server = (await call('mutation { createServer(input: { hostname: "h-01", cpu: 2, tags: ["a"] }) { server { id } } }')).data!.createServer!.server!.id!;
    times.push(new Date().toISOString());
    await clockPast(times.at(-1)!);
    await call('mutation($id: ID!) { updateServer(id: $id, input: { cpu: 4, tags: ["a", "b"] }) { server { id } } }', { id: server });
    times.push(new Date().toISOString());
    await clockPast(times.at(-1)!);
    // Changes nothing, so records nothing.
    await call('mutation($id: ID!) { updateServer(id: $id, input: { cpu: 4 }) { server { id } } }', { id: server });
    await call('mutation($id: ID!) { updateServer(id: $id, input: { hostname: "h-01b" }) { server { id } } }', { id: server });
    await call('mutation($id: ID!) { deleteServer(id: $id) { server { id } } }', { id: server });
    await call('mutation($id: ID!) { restoreServer(id: $id) { server { id } } }', { id: server });
    app = (await call('mutation { createApplication(input: { name: "billing" }) { application { id } } }')).data!.createApplication!.application!.id!;
    await call('mutation($a: ID!, $s: ID!) { link(input: { from: $a, to: $s, kind: RUNS_ON }) { id } }', { a: app, s: server });
    await call('mutation($id: ID!, $e: String!) { grantAccess(input: { entityId: $id, userEmail: $e, role: READ }) { access { role } } }', { id: server, e: bob.email });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('records create, update, delete, restore, link and grant, newest first, with actor and diff', async () => {
    const { data } = await api.call<HistoryData>(HISTORY, { id: server }, alice.accessToken);
    const ops = data!.history.edges.map((e) => e.node.operation);
    expect(ops).toEqual(['GRANT', 'LINK', 'RESTORE', 'DELETE', 'UPDATE', 'UPDATE', 'CREATE']);
    expect(data!.history.totalCount).toBe(7);
    const [grant, link, restore, , rename, update, create] = data!.history.edges.map((e) => e.node);
    expect(update!.diff).toEqual([
      { path: 'cpu', before: 2, after: 4 },
      { path: 'tags', before: ['a'], after: ['a', 'b'] },
    ]);
    expect(rename!.diff).toEqual([{ path: 'hostname', before: 'h-01', after: 'h-01b' }]);
    expect(restore!.diff).toEqual([{ path: 'active', before: false, after: true }]);
    expect(link!.diff).toEqual([{ path: 'relations.RUNS_ON.in', before: null, after: app }]);
    expect(grant!.diff[0]!.path).toBe('access');
    expect(create!.diff).toContainEqual({ path: 'hostname', before: null, after: 'h-01' });
    expect(create!.actor).toEqual({ kind: 'USER', id: alice.id, name: 'Alice' });
    // The other end of the link has it too.
    const appHistory = await api.call<HistoryData>(HISTORY, { id: app }, alice.accessToken);
    expect(appHistory.data!.history.edges[0]!.node).toMatchObject({ operation: 'LINK', diff: [{ path: 'relations.RUNS_ON.out', before: null, after: server }] });
  });

  it('pages history with cursors', async () => {
    const first = await api.call<HistoryData>(HISTORY, { id: server, first: 3 }, alice.accessToken);
    expect(first.data!.history.edges).toHaveLength(3);
    expect(first.data!.history.pageInfo.hasNextPage).toBe(true);
    const next = await api.call<HistoryData>(HISTORY, { id: server, first: 10, after: first.data!.history.pageInfo.endCursor }, alice.accessToken);
    expect(next.data!.history.edges.map((e) => e.node.operation)).toEqual(['DELETE', 'UPDATE', 'UPDATE', 'CREATE']);
  });

  it('rebuilds the entity as it was at a past time', async () => {
    const first = await api.call<{ entityAt: { revision: number; node: { hostname: string; cpu: number; tags: string[] } } }>(ENTITY_AT, { id: server, at: times[0] }, alice.accessToken);
    expect(first.data?.entityAt).toEqual({ revision: 1, node: { hostname: 'h-01', cpu: 2, tags: ['a'] } });
    const second = await api.call<{ entityAt: { revision: number; node: { cpu: number; tags: string[] } } }>(ENTITY_AT, { id: server, at: times[1] }, alice.accessToken);
    expect(second.data?.entityAt).toMatchObject({ revision: 2, node: { cpu: 4, tags: ['a', 'b'] } });
    const before = await api.call(ENTITY_AT, { id: server, at: '2000-01-01T00:00:00Z' }, alice.accessToken);
    expect(before.data).toEqual({ entityAt: null });
    // Bob reads the server only since the last change: its earlier states are not his to see.
    const bobs = await api.call(ENTITY_AT, { id: server, at: times[1] }, bob.accessToken);
    expect(bobs.data).toEqual({ entityAt: null });
  });

  it('shows activity across what the caller can read, and nothing else', async () => {
    const ACTIVITY = 'query($f: ActivityFilter) { activity(filter: $f, first: 50) { edges { node { entityType entityId operation } } } }';
    type Activity = { activity: { edges: Array<{ node: { entityType: string; entityId: string; operation: string } }> } };
    const mine = await api.call<Activity>(ACTIVITY, { f: { types: ['Application'] } }, alice.accessToken);
    expect(mine.data!.activity.edges.map((e) => e.node.operation)).toEqual(['LINK', 'CREATE']);
    // Bob reads the server since the grant: he sees its history; never the application's.
    const bobs = await api.call<Activity>(ACTIVITY, {}, bob.accessToken);
    expect(new Set(bobs.data!.activity.edges.map((e) => e.node.entityId))).toEqual(new Set([server]));
    const bobAppHistory = await api.call<HistoryData>(HISTORY, { id: app }, bob.accessToken);
    expect(bobAppHistory.data!.history).toMatchObject({ totalCount: 0, edges: [] });
    expect(codeOf(await api.call(ACTIVITY, { f: { types: ['Nope'] } }, alice.accessToken))).toBe('BAD_USER_INPUT');

    // Paged one at a time: the total counts every matching change, whatever the page.
    const PAGED = 'query($after: String) { activity(filter: { types: ["Application"] }, first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { operation } } } }';
    type Paged = { activity: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { operation: string } }> } };
    const page1 = await api.call<Paged>(PAGED, {}, alice.accessToken);
    expect(page1.data!.activity).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true }, edges: [{ node: { operation: 'LINK' } }] });
    const page2 = await api.call<Paged>(PAGED, { after: page1.data!.activity.pageInfo.endCursor }, alice.accessToken);
    expect(page2.data!.activity).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false }, edges: [{ node: { operation: 'CREATE' } }] });
  });
});

describe('no lost and no phantom history when the API process dies between the two writes', () => {
  it('records the change at the next start, and never a change for a write that did not happen', async () => {
    // One API process at a time: nothing else can be writing, so the start-up repair needs no grace period.
    const env = testEnv('crash', { LOG_LEVEL: 'info', HISTORY_REPAIR_GRACE_MS: '0' });
    const first = await startApi(env, 'crash-api-1');
    const signup = await gql<{ signup: { accessToken: string } }>(
      first.url,
      'mutation { signup(input: { email: "crash@example.com", password: "correct horse battery", name: "Crash" }) { accessToken } }',
    );
    const token = signup.data!.signup.accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const created = await gql<{ createServer: { server: { id: string } } }>(first.url, 'mutation { createServer(input: { hostname: "fragile", cpu: 1 }) { server { id } } }', {}, auth);
    const id = created.data!.createServer.server.id;
    await first.stop();

    // A process that dies right after writing the entity, before recording its change.
    const faulty = await startApi({ ...env, MAESTRO_FAULTS: 'crash-after-entity-write' }, 'crash-api-faulty');
    const attempt = await gql(faulty.url, 'mutation($id: ID!) { updateServer(id: $id, input: { cpu: 8 }) { server { id } } }', { id }, auth).catch((error: Error) => error);
    expect(attempt, JSON.stringify(attempt)).toBeInstanceOf(Error);
    await faulty.exited;
    expect(faulty.child.signalCode).toBe('SIGKILL');

    const client = new MongoClient(env.MONGO_URL!);
    await client.connect();
    try {
      const hex = Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
      const { ObjectId } = await import('mongodb');
      const stranded = await client.db().collection('inventory').findOne({ _id: new ObjectId(hex) });
      expect(stranded).toMatchObject({ cpu: 8, revision: 2 });
      expect(Object.keys(stranded!.pending)).toEqual(['2']);
      expect(await client.db().collection('changes').countDocuments({ entityId: hex })).toBe(1);

      // The next start repairs it: entity and history agree.
      const second = await startApi(env, 'crash-api-2');
      try {
        const { data } = await gql<HistoryData>(second.url, HISTORY, { id }, auth);
        expect(data!.history.edges.map((e) => e.node.operation)).toEqual(['UPDATE', 'CREATE']);
        expect(data!.history.edges[0]!.node.diff).toEqual([{ path: 'cpu', before: 1, after: 8 }]);
        const repaired = await client.db().collection('inventory').findOne({ _id: new ObjectId(hex) });
        expect(repaired!.pending).toEqual({});
        expect(await client.db().collection('changes').countDocuments({ entityId: hex })).toBe(repaired!.revision);
        // And life goes on: the next write records its own change, once.
        await gql(second.url, 'mutation($id: ID!) { updateServer(id: $id, input: { cpu: 16 }) { server { id } } }', { id }, auth);
        expect(await client.db().collection('changes').countDocuments({ entityId: hex })).toBe(3);
      } finally {
        await second.stop();
      }
    } finally {
      await client.close();
    }
  }, 60_000);

  it('records the changes of a bulk import cut short after its insert, and none for items never written', async () => {
    // One API process at a time: nothing else can be writing, so the start-up repair needs no grace period.
    const env = testEnv('bulk-crash', { LOG_LEVEL: 'info', HISTORY_REPAIR_GRACE_MS: '0' });
    const first = await startApi(env, 'bulk-crash-api-1');
    const signup = await gql<{ signup: { accessToken: string } }>(
      first.url,
      'mutation { signup(input: { email: "bulk@example.com", password: "correct horse battery", name: "Bulk" }) { accessToken } }',
    );
    await first.stop();
    const auth = { authorization: `Bearer ${signup.data!.signup.accessToken}` };
    const IMPORT = 'mutation($data: String!) { importInventory(input: { type: "Server", format: CSV, data: $data }) { created unchanged failed } }';
    const csv = 'hostname,cpu\nbulk-1,2\nbulk-2,4\nbulk-3,8';

    const faulty = await startApi({ ...env, MAESTRO_FAULTS: 'crash-after-bulk-insert' }, 'bulk-crash-api-faulty');
    const attempt = await gql(faulty.url, IMPORT, { data: csv }, auth).catch((error: Error) => error);
    expect(attempt, JSON.stringify(attempt)).toBeInstanceOf(Error);
    await faulty.exited;
    expect(faulty.child.signalCode).toBe('SIGKILL');

    const client = new MongoClient(env.MONGO_URL!);
    await client.connect();
    try {
      const db = client.db();
      const written = await db.collection('inventory').find({ type: 'Server' }).toArray();
      expect(written.map((d) => d.hostname).sort()).toEqual(['bulk-1', 'bulk-2', 'bulk-3']);
      expect(written.every((d) => d.pending === undefined)).toBe(true);
      expect(await db.collection('changes').countDocuments({})).toBe(0);
      expect(await db.collection('change_journal').countDocuments({})).toBe(1);
      // What a crash right after the journal and before the insert leaves: an entry for an item
      // that was never written. A young one may be a creation in flight elsewhere and is kept;
      // an old one is dropped. Neither records anything.
      const { ObjectId } = await import('mongodb');
      const ghost = (id: InstanceType<typeof ObjectId>, openedAt: Date) => ({
        _id: new ObjectId(),
        openedAt,
        records: [{ _id: `${id.toHexString()}:1`, entityId: id.toHexString(), entityType: 'Server', revision: 1, operation: 'CREATE', at: openedAt, actor: { kind: 'IMPORT', id: null, workspaceTeamId: null }, diff: [], readers: [] }],
      });
      const young = ghost(new ObjectId(), new Date());
      await db.collection('change_journal').insertMany([ghost(new ObjectId(), new Date(Date.now() - 2 * 3600_000)), young] as never);

      const second = await startApi(env, 'bulk-crash-api-2');
      try {
        for (const doc of written) {
          const { data } = await gql<HistoryData>(second.url, HISTORY, { id: Buffer.from(`Server:${doc._id.toHexString()}`).toString('base64url') }, auth);
          expect(data!.history.edges.map((e) => e.node.operation)).toEqual(['CREATE']);
          expect(data!.history.edges[0]!.node.actor.kind).toBe('IMPORT');
          expect(data!.history.edges[0]!.node.diff).toContainEqual({ path: 'hostname', before: null, after: doc.hostname });
        }
        // The item as it was right after the import, rebuilt from the recorded change.
        const first = Buffer.from(`Server:${written[0]!._id.toHexString()}`).toString('base64url');
        const asItWas = await gql<{ entityAt: { revision: number; node: { hostname: string; cpu: number } } }>(second.url, ENTITY_AT, { id: first, at: new Date().toISOString() }, auth);
        expect(asItWas.data!.entityAt).toMatchObject({ revision: 1, node: { hostname: written[0]!.hostname, cpu: written[0]!.cpu } });
        expect(await db.collection('changes').countDocuments({})).toBe(3);
        expect((await db.collection('change_journal').find({}).toArray()).map((e) => e._id.toHexString())).toEqual([young._id.toHexString()]);
        // The retry of the same file finds everything written and changes nothing.
        const retry = await gql<{ importInventory: { created: number; unchanged: number; failed: number } }>(second.url, IMPORT, { data: csv }, auth);
        expect(retry.data!.importInventory).toEqual({ created: 0, unchanged: 3, failed: 0 });
        expect(await db.collection('changes').countDocuments({})).toBe(3);
      } finally {
        await second.stop();
      }
    } finally {
      await client.close();
    }
  }, 60_000);

  it('records the changes of what a failed bulk insert wrote before failing, and the retry writes the rest', async () => {
    const env = testEnv('bulk-fail', { LOG_LEVEL: 'info' });
    const faulty = await startApi({ ...env, MAESTRO_FAULTS: 'fail-bulk-insert' }, 'bulk-fail-api-faulty');
    const client = new MongoClient(env.MONGO_URL!);
    await client.connect();
    let faultyRunning = true;
    try {
      const signup = await gql<{ signup: { accessToken: string } }>(
        faulty.url,
        'mutation { signup(input: { email: "half@example.com", password: "correct horse battery", name: "Half" }) { accessToken } }',
      );
      const auth = { authorization: `Bearer ${signup.data!.signup.accessToken}` };
      const IMPORT = 'mutation($data: String!) { importInventory(input: { type: "Server", format: CSV, data: $data }) { created unchanged failed } }';
      const csv = 'hostname,cpu\nhalf-1,2\nhalf-2,4\nhalf-3,8\nhalf-4,16';
      const failed = await gql(faulty.url, IMPORT, { data: csv }, auth);
      expect(failed.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const db = client.db();
      const written = await db.collection('inventory').find({ type: 'Server' }).toArray();
      expect(written.map((d) => d.hostname).sort()).toEqual(['half-1', 'half-2']);
      // Their changes are recorded at once, not at the next start; nothing is left in the journal.
      const changes = await db.collection('changes').find({}).toArray();
      expect(changes.map((c) => c.entityId).sort()).toEqual(written.map((d) => d._id.toHexString()).sort());
      expect(changes.every((c) => c.operation === 'CREATE')).toBe(true);
      expect(await db.collection('change_journal').countDocuments({})).toBe(0);
      await faulty.stop();
      faultyRunning = false;

      const healthy = await startApi(env, 'bulk-fail-api');
      try {
        const retry = await gql<{ importInventory: { created: number; unchanged: number; failed: number } }>(healthy.url, IMPORT, { data: csv }, auth);
        expect(retry.data!.importInventory).toEqual({ created: 2, unchanged: 2, failed: 0 });
        expect(await db.collection('changes').countDocuments({ operation: 'CREATE' })).toBe(4);
      } finally {
        await healthy.stop();
      }
    } finally {
      if (faultyRunning) await faulty.stop();
      await client.close();
    }
  }, 60_000);
});

describe('changes stranded by a crash, with no restart', () => {
  it('are recorded within a minute by the periodic repair while another API process and a worker run, and the repair queries have their indexes', async () => {
    // Short interval and grace so the test is quick; the defaults (30 s, 15 s) keep within a minute too.
    const env = testEnv('sweep', { LOG_LEVEL: 'info', HISTORY_REPAIR_INTERVAL_MS: '1000', HISTORY_REPAIR_GRACE_MS: '2000' });
    const processes: ManagedProcess[] = [];
    const client = new MongoClient(env.MONGO_URL!);
    try {
      const healthy = await startApi(env, 'sweep-api');
      processes.push(healthy);
      // Each dies after the first step of a write: the entity update, the edge of a link, a bulk insert.
      const crashOnUpdate = await startApi({ ...env, MAESTRO_FAULTS: 'crash-after-entity-write' }, 'sweep-api-update');
      const crashOnLink = await startApi({ ...env, MAESTRO_FAULTS: 'crash-after-entity-write' }, 'sweep-api-link');
      const crashOnImport = await startApi({ ...env, MAESTRO_FAULTS: 'crash-after-bulk-insert' }, 'sweep-api-import');
      processes.push(crashOnUpdate, crashOnLink, crashOnImport, await startWorker(env, 'sweep-worker'));

      const signup = await gql<{ signup: { accessToken: string } }>(
        healthy.url,
        'mutation { signup(input: { email: "sweep@example.com", password: "correct horse battery", name: "Sweep" }) { accessToken } }',
      );
      const auth = { authorization: `Bearer ${signup.data!.signup.accessToken}` };
      const server = (await gql<{ createServer: { server: { id: string } } }>(healthy.url, 'mutation { createServer(input: { hostname: "stranded", cpu: 1 }) { server { id } } }', {}, auth)).data!.createServer.server.id;
      const app = (await gql<{ createApplication: { application: { id: string } } }>(healthy.url, 'mutation { createApplication(input: { name: "stranded-app" }) { application { id } } }', {}, auth)).data!.createApplication.application.id;

      const crash = async (api: ApiProcess, query: string, variables: Record<string, unknown>) => {
        const attempt = await gql(api.url, query, variables, auth).catch((error: Error) => error);
        expect(attempt, JSON.stringify(attempt)).toBeInstanceOf(Error);
        await api.exited;
        expect(api.child.signalCode).toBe('SIGKILL');
      };
      await crash(crashOnUpdate, 'mutation($id: ID!) { updateServer(id: $id, input: { cpu: 8 }) { server { id } } }', { id: server });
      await crash(crashOnLink, 'mutation($a: ID!, $s: ID!) { link(input: { from: $a, to: $s, kind: RUNS_ON }) { id } }', { a: app, s: server });
      await crash(crashOnImport, 'mutation($data: String!) { importInventory(input: { type: "Server", format: CSV, data: $data }) { created } }', { data: 'hostname,cpu\nswept-1,2\nswept-2,4' });

      await client.connect();
      const db = client.db();
      const imported = await db.collection('inventory').find({ hostname: { $in: ['swept-1', 'swept-2'] } }).toArray();
      expect(imported).toHaveLength(2);
      const importedIds = imported.map((d) => Buffer.from(`Server:${d._id.toHexString()}`).toString('base64url'));

      // Nothing restarts: the worker's repair, on the maintenance queue, records them.
      const operations = async (id: string) => {
        const { data } = await gql<HistoryData>(healthy.url, HISTORY, { id }, auth);
        return data?.history.edges.map((e) => e.node.operation).join(',');
      };
      await until(async () => {
        const seen = await Promise.all([server, app, ...importedIds].map(operations));
        return seen.join(' | ') === ['LINK,UPDATE,CREATE', 'LINK,CREATE', 'CREATE', 'CREATE'].join(' | ');
      }, 'the stranded changes in history', 60_000);
      // A repair shows the changes in history first, then finishes its bookkeeping (changes taken off the entities and the edge, journal entry).
      const { ObjectId } = await import('mongodb');
      const hexOf = (id: string) => new ObjectId(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!);
      await until(
        async () =>
          (await db.collection('inventory').countDocuments({ _id: { $in: [hexOf(server), hexOf(app)] }, pending: { $gt: {} } })) === 0 &&
          (await db.collection('change_journal').countDocuments({})) === 0 &&
          (await db.collection('relations').countDocuments({ pending: { $gt: {} } })) === 0,
        'the repair to finish its bookkeeping',
        60_000,
      );

      const { data } = await gql<HistoryData>(healthy.url, HISTORY, { id: server }, auth);
      expect(data!.history.edges[1]!.node.diff).toEqual([{ path: 'cpu', before: 1, after: 8 }]);
      // Entities and history agree, each change recorded once however many repairs ran; nothing is left over.
      for (const id of [server, app]) {
        const entity = await db.collection('inventory').findOne({ _id: hexOf(id) });
        expect(entity!.pending).toEqual({});
        expect(await db.collection('changes').countDocuments({ entityId: hexOf(id).toHexString() })).toBe(entity!.revision);
      }
      expect(await db.collection('change_journal').countDocuments({})).toBe(0);
      // The link is the edge's change, recorded once; linking moved neither end (their revisions count only their own changes).
      const edge = await db.collection<{ _id: string; revision: number; pending: object }>('relations').findOne({ _id: `RUNS_ON|${hexOf(app).toHexString()}|${hexOf(server).toHexString()}` });
      expect(edge).toMatchObject({ revision: 1, pending: {} });
      expect(await db.collection('changes').countDocuments({ entityId: edge!._id })).toBe(1);
      expect(await db.collection('relations').countDocuments({ pending: { $gt: {} } })).toBe(0);

      // Each repair query has its index (FerretDB plans without them; MongoDB uses them).
      const indexes = async (collection: string) => Object.fromEntries((await db.collection(collection).indexes()).map((i) => [i.name, i.key]));
      expect(await indexes('inventory')).toMatchObject({ carrying_changes: { pending: 1 } });
      expect(await indexes('change_journal')).toMatchObject({ journal_by_age: { openedAt: 1 } });
      expect(await indexes('relations')).toMatchObject({ carrying_changes: { pending: 1 } });
    } finally {
      await Promise.all(processes.map((p) => p.stop()));
      await client.close();
    }
  }, 150_000);
});
