import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/src/logger.ts';
import { freePort } from '../scripts/lib/services.ts';
import { createWorkerApp } from '../workers/src/worker-app.ts';
import { codeOf, signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';

/*
 * Connections against the run's moto (test/global-setup.ts). This file only
 * reads from moto: the caller identity of its default account, and of
 * accounts it assumes roles into (ids picked at random, so no other file
 * shares them); it creates nothing there and never resets it.
 */

const FIELDS = `id name provider accessKeyIdHint hasSecret roleArn externalId regions enabled active revision latestRun { id }
  kinds { kind enabled intervalMinutes } datacenter { id name provider regions } myRole`;
const CREATE = `mutation($input: CreateConnectionInput!) { createConnection(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateConnectionInput!) { updateConnection(id: $id, input: $input) { ${FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteConnection(id: $id) { id active } }`;
const TEST = 'mutation($id: ID!) { testConnection(id: $id) { ok accountId arn message } }';
const ONE = `query($id: ID!) { connection(id: $id) { ${FIELDS} } }`;
const NODE = 'query($id: ID!) { node(id: $id) { id ... on Connection { name hasSecret } } }';
const LIST = 'query($first: Int, $after: String) { connections(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }';
const DATACENTERS = 'query($name: String!) { datacenters(filter: { name: { equals: $name } }) { totalCount edges { node { id ... on Datacenter { name provider regions } } } } }';
const HISTORY = 'query($id: ID!) { history(id: $id) { totalCount edges { node { operation entityType diff { path before after } } } } }';
const GRANT = 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { entity { id } access { role } } }';

/** A secret access key as AWS makes them: 40 characters. */
function newSecret(): string {
  return randomBytes(30).toString('base64').replace(/[+/]/g, 'x');
}
function newKeyId(): string {
  return `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
}
/** A 12-digit AWS account id nobody else in the run uses. */
function newAccountId(): string {
  return String(randomInt(100_000_000_000, 999_999_999_999));
}

interface ConnectionShape {
  id: string;
  name: string;
  accessKeyIdHint: string;
  hasSecret: boolean;
  roleArn: string | null;
  regions: string[];
  revision: number;
  active: boolean;
  latestRun: { id: string } | null;
  kinds: Array<{ kind: string; enabled: boolean; intervalMinutes: number }>;
  datacenter: { id: string; name: string; provider: string; regions: string[] } | null;
  myRole: string | null;
}

describe('discovery connections', () => {
  let api: TestApi;
  let owner: TestUser;
  let stranger: TestUser;
  let reader: TestUser;
  const logFile = join(process.cwd(), 'test-results', 'logs', `connections-${randomBytes(4).toString('hex')}.log`);
  /** Every secret this file sends: none may come back, in any answer or log line. */
  const secrets: string[] = [];
  /** Every answer the API gave, to search for secrets. */
  const answers: unknown[] = [];

  async function call<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, user: TestUser | null, on: TestApi = api) {
    const result = await on.call<T>(query, variables, user?.accessToken ?? null);
    answers.push(result);
    return result;
  }

  async function create(user: TestUser, input: Record<string, unknown>, on: TestApi = api): Promise<ConnectionShape> {
    const secretAccessKey = (input.secretAccessKey as string | undefined) ?? newSecret();
    secrets.push(secretAccessKey);
    const result = await call<{ createConnection: ConnectionShape }>(CREATE, { input: { accessKeyId: newKeyId(), secretAccessKey, ...input } }, user, on);
    if (!result.data) throw new Error(`createConnection failed: ${JSON.stringify(result.errors)}`);
    return result.data.createConnection;
  }

  beforeAll(async () => {
    mkdirSync(join(process.cwd(), 'test-results', 'logs'), { recursive: true });
    const logger = createLogger('debug', 'connections-api', pino.destination({ dest: logFile, sync: true }));
    api = await startTestApi('connections', { LOG_LEVEL: 'debug' }, logger);
    owner = await signUp(api, 'Owner');
    stranger = await signUp(api, 'Stranger');
    reader = await signUp(api, 'Reader');
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('creates a connection with its defaults, and the Datacenter it fills, once', async () => {
    const name = `prod-${randomBytes(3).toString('hex')}`;
    const keyId = 'AKIAIOSFODNN7EXAMPLE';
    const created = await create(owner, { name, accessKeyId: keyId, regions: ['us-east-1', 'eu-west-1'] });
    expect(created).toMatchObject({ name, accessKeyIdHint: 'AKIA…MPLE', hasSecret: true, roleArn: null, regions: ['us-east-1', 'eu-west-1'], revision: 1, active: true, latestRun: null, myRole: 'ADMIN' });
    expect(Object.fromEntries(created.kinds.map((k) => [k.kind, k.intervalMinutes]))).toEqual({
      SERVERS: 5, VOLUMES: 60, SNAPSHOTS: 1440, IMAGES: 1440, NETWORKS: 20160, DATABASES: 60, LOAD_BALANCERS: 60, OBJECT_STORAGE: 1440, CDN: 1440,
    });
    expect(created.kinds.every((k) => k.enabled)).toBe(true);
    expect(created.datacenter).toMatchObject({ name, provider: 'AWS', regions: ['us-east-1', 'eu-west-1'] });

    // A second connection of the same name is refused and makes no second datacenter.
    const again = await call(CREATE, { input: { name: name.toUpperCase(), accessKeyId: newKeyId(), secretAccessKey: newSecret() } }, owner);
    expect(codeOf(again)).toBe('CONFLICT');
    const datacenters = await call<{ datacenters: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(DATACENTERS, { name }, owner);
    expect(datacenters.data?.datacenters.totalCount).toBe(1);
    expect(datacenters.data?.datacenters.edges[0]?.node.id).toBe(created.datacenter?.id);

    // Another connection can fill the same datacenter: it is linked, not made again.
    const second = await create(owner, { name: `${name}-eu`, datacenterId: created.datacenter!.id });
    expect(second.datacenter?.id).toBe(created.datacenter?.id);
    expect((await call<{ datacenters: { totalCount: number } }>(DATACENTERS, { name }, owner)).data?.datacenters.totalCount).toBe(1);

    // node(id) resolves it; a stranger's workspace has its own names.
    expect((await call<{ node: { name: string } }>(NODE, { id: created.id }, owner)).data?.node).toMatchObject({ name, hasSecret: true });
    expect((await create(stranger, { name })).name).toBe(name);
  });

  it('refuses bad input field by field, and changes nothing', async () => {
    const count = async () => (await call<{ connections: { totalCount: number } }>(LIST, {}, owner)).data!.connections.totalCount;
    const before = await count();
    const name = `bad-${randomBytes(3).toString('hex')}`;
    const bad = await call(CREATE, {
      input: { name, accessKeyId: 'not a key', regions: ['us-east-1', 'Mars-1'], roleArn: 'arn:aws:iam::123:user/bob', kinds: [{ kind: 'SERVERS', intervalMinutes: 0 }] },
    }, owner);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const paths = (bad.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path).sort();
    expect(paths).toEqual(['input.accessKeyId', 'input.kinds.0.intervalMinutes', 'input.regions.1', 'input.roleArn', 'input.secretAccessKey']);
    expect(await count()).toBe(before);
    expect((await call<{ datacenters: { totalCount: number } }>(DATACENTERS, { name }, owner)).data?.datacenters.totalCount).toBe(0);

    const created = await create(owner, { name, regions: ['us-east-1'] });
    const update = await call(UPDATE, { id: created.id, input: { regions: ['us-east-1', 'nowhere'], roleArn: 'arn:aws:iam::123456789012:user/bob', secretAccessKey: 'short' } }, owner);
    expect(codeOf(update)).toBe('BAD_USER_INPUT');
    const updatePaths = (update.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path).sort();
    expect(updatePaths).toEqual(['input.regions.1', 'input.roleArn', 'input.secretAccessKey']);
    expect(JSON.stringify(update)).not.toContain('short');
    const after = await call<{ connection: ConnectionShape }>(ONE, { id: created.id }, owner);
    expect(after.data?.connection).toMatchObject({ regions: ['us-east-1'], revision: 1, roleArn: null });
    const externalAlone = await call(UPDATE, { id: created.id, input: { externalId: 'maestro-external' } }, owner);
    expect(externalAlone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.externalId' }] });
  });

  it('updates only the fields given; a new secret shows in the history as "(changed)" only', async () => {
    const name = `upd-${randomBytes(3).toString('hex')}`;
    const created = await create(owner, { name, regions: ['us-east-1'] });
    const regions = await call<{ updateConnection: ConnectionShape }>(UPDATE, { id: created.id, input: { regions: ['us-west-2'], kinds: [{ kind: 'NETWORKS', enabled: false }] } }, owner);
    expect(regions.data?.updateConnection).toMatchObject({ name, regions: ['us-west-2'], revision: 2, accessKeyIdHint: created.accessKeyIdHint });
    const networks = regions.data!.updateConnection.kinds.find((k) => k.kind === 'NETWORKS');
    expect(networks).toEqual({ kind: 'NETWORKS', enabled: false, intervalMinutes: 20160 });
    expect(regions.data!.updateConnection.kinds.find((k) => k.kind === 'SERVERS')).toEqual({ kind: 'SERVERS', enabled: true, intervalMinutes: 5 });

    const secret = newSecret();
    secrets.push(secret);
    const rotated = await call<{ updateConnection: ConnectionShape }>(UPDATE, { id: created.id, input: { secretAccessKey: secret } }, owner);
    expect(rotated.data?.updateConnection).toMatchObject({ revision: 3, hasSecret: true, regions: ['us-west-2'] });
    // The same secret again changes nothing.
    const same = await call<{ updateConnection: ConnectionShape }>(UPDATE, { id: created.id, input: { secretAccessKey: secret } }, owner);
    expect(same.data?.updateConnection.revision).toBe(3);

    const history = await call<{ history: { edges: Array<{ node: { operation: string; entityType: string; diff: Array<{ path: string; before: unknown; after: unknown }> } }> } }>(HISTORY, { id: created.id }, owner);
    const changes = history.data!.history.edges.map((e) => e.node);
    expect(changes.map((c) => c.operation)).toEqual(['UPDATE', 'UPDATE', 'CREATE']);
    expect(changes.every((c) => c.entityType === 'Connection')).toBe(true);
    expect(changes[0]!.diff).toEqual([{ path: 'secretAccessKey', before: null, after: '(changed)' }]);
    expect(changes[1]!.diff.map((d) => d.path).sort()).toEqual(['kinds', 'regions']);
    const createDiff = changes[2]!.diff;
    expect(createDiff).toContainEqual({ path: 'secretAccessKey', before: null, after: '(changed)' });
    expect(createDiff).toContainEqual({ path: 'accessKeyId', before: null, after: created.accessKeyIdHint });
    expect(createDiff).toContainEqual({ path: 'name', before: null, after: name });

    // Renaming onto a taken name is a conflict.
    const taken = await create(owner, { name: `${name}-other` });
    expect(codeOf(await call(UPDATE, { id: created.id, input: { name: taken.name } }, owner))).toBe('CONFLICT');
  });

  it('answers the account of the keys, and of the role assumed with them', async () => {
    const plain = await create(owner, { name: `test-${randomBytes(3).toString('hex')}`, regions: ['us-east-1'] });
    const answer = await call<{ testConnection: { ok: boolean; accountId: string; arn: string; message: string } }>(TEST, { id: plain.id }, owner);
    // moto's default account.
    expect(answer.data?.testConnection).toMatchObject({ ok: true, accountId: '123456789012' });

    const account = newAccountId();
    const roleArn = `arn:aws:iam::${account}:role/MaestroReadOnly`;
    const withRole = await create(owner, { name: `role-${randomBytes(3).toString('hex')}`, roleArn, externalId: 'maestro-external-id' });
    expect(withRole.roleArn).toBe(roleArn);
    const assumed = await call<{ testConnection: { ok: boolean; accountId: string; arn: string } }>(TEST, { id: withRole.id }, owner);
    expect(assumed.data?.testConnection).toMatchObject({ ok: true, accountId: account });
    expect(assumed.data?.testConnection.arn).toContain(`${account}:assumed-role/MaestroReadOnly/`);
  });

  it('tests credentials before they are saved: alone, or over a connection’s stored ones; bad input is refused by field', async () => {
    const TRY = 'mutation($id: ID, $input: ConnectionCredentialsInput) { testConnection(id: $id, input: $input) { ok accountId message } }';
    const account = newAccountId();
    const secret = newSecret();
    secrets.push(secret);
    const newcomer = await signUp(api, 'Newcomer');
    const fresh = await call<{ testConnection: { ok: boolean; accountId: string } }>(TRY, { input: { accessKeyId: newKeyId(), secretAccessKey: secret, roleArn: `arn:aws:iam::${account}:role/New` } }, newcomer);
    expect(fresh.data?.testConnection).toMatchObject({ ok: true, accountId: account });
    // Nothing was stored.
    expect((await call<{ connections: { totalCount: number } }>(LIST, { first: 1 }, newcomer)).data?.connections.totalCount).toBe(0);

    const missing = await call(TRY, { input: { accessKeyId: newKeyId() } }, stranger);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.secretAccessKey', message: 'is required' }] });
    const bad = await call(TRY, { input: { accessKeyId: 'nope', secretAccessKey: 'short' } }, stranger);
    expect((bad.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path)).toEqual(['input.accessKeyId', 'input.secretAccessKey']);

    // An edit form: a new role over the stored keys (an empty secret keeps the stored one).
    const stored = await create(owner, { name: `edit-${randomBytes(3).toString('hex')}` });
    const other = newAccountId();
    const edited = await call<{ testConnection: { ok: boolean; accountId: string } }>(TRY, { id: stored.id, input: { secretAccessKey: '', roleArn: `arn:aws:iam::${other}:role/Edit` } }, owner);
    expect(edited.data?.testConnection).toMatchObject({ ok: true, accountId: other });
    expect((await call<{ connection: { roleArn: string | null } }>(ONE, { id: stored.id }, owner)).data?.connection.roleArn).toBeNull();
    // Another person's connection is still theirs alone.
    expect(codeOf(await call(TRY, { id: stored.id, input: { roleArn: `arn:aws:iam::${other}:role/Edit` } }, stranger))).toBe('NOT_FOUND');
  });

  it('limits how often one person tests credentials', async () => {
    const tester = await signUp(api, 'Tester');
    const TRY = 'mutation($input: ConnectionCredentialsInput) { testConnection(input: $input) { ok } }';
    const input = { accessKeyId: newKeyId(), secretAccessKey: newSecret() };
    secrets.push(input.secretAccessKey);
    const codes: unknown[] = [];
    for (let i = 0; i < 31; i += 1) codes.push(codeOf(await call(TRY, { input }, tester)));
    expect(codes.slice(0, 30).every((c) => c === undefined)).toBe(true);
    expect(codes[30]).toBe('RATE_LIMITED');
    // Others are not held back.
    expect(codeOf(await call(TRY, { input }, stranger))).toBeUndefined();
  });

  it('answers a provider refusal or an unreachable endpoint with ok false and the reason in words', async () => {
    // moto accepts any keys and any role (it checks no signature nor trust
    // policy), so it cannot refuse: an endpoint on loopback answers as AWS
    // does when it refuses keys, and another is closed.
    const refusing: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(403, { 'content-type': 'text/xml', 'x-amzn-requestid': 'test-request' });
        res.end(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>' +
            '<Message>The security token included in the request is invalid.</Message></Error><RequestId>test-request</RequestId></ErrorResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const port = (refusing.address() as { port: number }).port;
    const closed = await freePort();
    const apis: TestApi[] = [];
    try {
      for (const [endpoint, expected] of [
        [`http://127.0.0.1:${port}`, /^InvalidClientTokenId: The security token included in the request is invalid\.$/],
        [`http://127.0.0.1:${closed}`, /^Could not reach the provider \(ECONNREFUSED\)\.$/],
      ] as const) {
        const other = await startTestApi('connections-refused', { AWS_ENDPOINT_URL: endpoint, AWS_MAX_ATTEMPTS: '1' });
        apis.push(other);
        const user = await signUp(other, 'Refused');
        const connection = await create(user, { name: 'refused' }, other);
        const answer = await call<{ testConnection: { ok: boolean; accountId: string | null; message: string } }>(TEST, { id: connection.id }, user, other);
        expect(answer.errors).toBeUndefined();
        expect(answer.data?.testConnection).toMatchObject({ ok: false, accountId: null });
        expect(answer.data?.testConnection.message).toMatch(expected);
      }
    } finally {
      await Promise.all(apis.map((a) => a.stop()));
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  it('shows a connection only to those with access: NOT_FOUND for others, FORBIDDEN for a reader who changes it', async () => {
    const created = await create(owner, { name: `acl-${randomBytes(3).toString('hex')}` });
    expect((await call<{ connection: unknown }>(ONE, { id: created.id }, stranger)).data?.connection).toBeNull();
    expect((await call<{ node: unknown }>(NODE, { id: created.id }, stranger)).data?.node).toBeNull();
    expect(codeOf(await call(TEST, { id: created.id }, stranger))).toBe('NOT_FOUND');
    expect(codeOf(await call(UPDATE, { id: created.id, input: { enabled: false } }, stranger))).toBe('NOT_FOUND');
    expect(codeOf(await call(DELETE, { id: created.id }, stranger))).toBe('NOT_FOUND');
    const strangers = await call<{ connections: { edges: Array<{ node: { id: string } }> } }>(LIST, { first: 1000 }, stranger);
    expect(strangers.data?.connections.edges.map((e) => e.node.id)).not.toContain(created.id);
    expect(codeOf(await call(HISTORY, { id: created.id }, stranger))).toBeUndefined();
    expect((await call<{ history: { totalCount: number } }>(HISTORY, { id: created.id }, stranger)).data?.history.totalCount).toBe(0);
    expect(codeOf(await call(GRANT, { input: { entityId: created.id, userEmail: stranger.email, role: 'READ' } }, stranger))).toBe('NOT_FOUND');

    const granted = await call(GRANT, { input: { entityId: created.id, userEmail: reader.email, role: 'READ' } }, owner);
    expect(granted.errors).toBeUndefined();
    expect(granted.data).toMatchObject({ grantAccess: { entity: { id: created.id } } });
    const seen = await call<{ connection: ConnectionShape }>(ONE, { id: created.id }, reader);
    expect(seen.data?.connection).toMatchObject({ id: created.id, myRole: 'READ', hasSecret: true });
    const listed = await call<{ connections: { edges: Array<{ node: { id: string } }> } }>(LIST, { first: 1000 }, reader);
    expect(listed.data?.connections.edges.map((e) => e.node.id)).toContain(created.id);
    expect(codeOf(await call(UPDATE, { id: created.id, input: { enabled: false } }, reader))).toBe('FORBIDDEN');
    expect(codeOf(await call(TEST, { id: created.id }, reader))).toBe('FORBIDDEN');
    expect(codeOf(await call(DELETE, { id: created.id }, reader))).toBe('FORBIDDEN');
    // The grant is a change of the connection, in its history.
    const history = await call<{ history: { edges: Array<{ node: { operation: string } }> } }>(HISTORY, { id: created.id }, owner);
    expect(history.data?.history.edges.map((e) => e.node.operation)).toEqual(['GRANT', 'CREATE']);
  });

  it('deletes softly (ADMIN): the connection leaves the list and its name is free again', async () => {
    const name = `del-${randomBytes(3).toString('hex')}`;
    const created = await create(owner, { name });
    const deleted = await call<{ deleteConnection: { active: boolean } }>(DELETE, { id: created.id }, owner);
    expect(deleted.data?.deleteConnection.active).toBe(false);
    const list = await call<{ connections: { edges: Array<{ node: { id: string } }> } }>(LIST, { first: 1000 }, owner);
    expect(list.data?.connections.edges.map((e) => e.node.id)).not.toContain(created.id);
    expect((await call<{ connection: ConnectionShape }>(ONE, { id: created.id }, owner)).data?.connection.active).toBe(false);
    expect(codeOf(await call(UPDATE, { id: created.id, input: { enabled: false } }, owner))).toBe('CONFLICT');
    const again = await create(owner, { name });
    expect(again.id).not.toBe(created.id);
    // The datacenter of that name is filled again, not made twice.
    expect(again.datacenter?.id).toBe(created.datacenter?.id);
    const history = await call<{ history: { edges: Array<{ node: { operation: string; diff: unknown } }> } }>(HISTORY, { id: created.id }, owner);
    expect(history.data?.history.edges[0]?.node).toEqual({ operation: 'DELETE', entityType: 'Connection', diff: [{ path: 'active', before: true, after: false }] });
  });

  it('pages connections by name', async () => {
    const user = await signUp(api, 'Pager');
    for (const name of ['c', 'a', 'b']) await create(user, { name });
    const first = await call<{ connections: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { name: string } }> } }>(LIST, { first: 2 }, user);
    expect(first.data?.connections).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(first.data?.connections.edges.map((e) => e.node.name)).toEqual(['a', 'b']);
    const rest = await call<{ connections: { pageInfo: { hasNextPage: boolean }; edges: Array<{ node: { name: string } }> } }>(LIST, { first: 2, after: first.data!.connections.pageInfo.endCursor }, user);
    expect(rest.data?.connections.edges.map((e) => e.node.name)).toEqual(['c']);
    expect(rest.data?.connections.pageInfo.hasNextPage).toBe(false);
  });

  it('never shows nor logs a secret, and stores it only sealed', async () => {
    expect(secrets.length).toBeGreaterThan(5);
    expect(answers.length).toBeGreaterThan(20);
    const everything = JSON.stringify(answers);
    for (const secret of secrets) expect(everything).not.toContain(secret);

    const log = readFileSync(logFile, 'utf8');
    // The log is written (the debug level shows the secrets' key coming from the database)…
    expect(log).toMatch(/comes? from the database/);
    // …and holds none of them.
    for (const secret of secrets) expect(log).not.toContain(secret);

    const client = await MongoClient.connect(api.config.mongoUrl);
    try {
      const db = client.db();
      const stored = await db.collection('connections').find({}).toArray();
      expect(stored.length).toBeGreaterThan(5);
      for (const doc of stored) expect(doc.secret).toMatchObject({ v: 1, kid: expect.any(String), iv: expect.any(String), tag: expect.any(String), data: expect.any(String) });
      const changes = await db.collection('changes').find({ entityType: 'Connection' }).toArray();
      expect(changes.length).toBeGreaterThan(5);
      const dump = JSON.stringify([stored, changes]);
      for (const secret of secrets) expect(dump).not.toContain(secret);
      // Not even sealed in the history: snapshots leave it out.
      for (const doc of stored) expect(JSON.stringify(changes)).not.toContain((doc.secret as { data: string }).data);
    } finally {
      await client.close();
    }
  });
});

describe('rotating the key that seals secrets', () => {
  const key = () => randomBytes(32).toString('base64');
  const oldKey = `k2025:${key()}`;
  const newKey = `k2026:${key()}`;

  it('seals stored secrets again with the new key when a worker starts, so the old key can go', async () => {
    const before = await startTestApi('rotation', { MAESTRO_ENCRYPTION_KEYS: oldKey });
    const owner = await signUp(before, 'Rotator');
    const created = await before.call<{ createConnection: { id: string } }>(
      'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }',
      { i: { name: 'rotated', accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'rotate-me-secret', regions: ['us-east-1'] } },
      owner.accessToken,
    );
    const id = created.data!.createConnection.id;
    const schedule = await before.call('mutation($i: ScheduleInput!) { createSchedule(input: $i) { id } }', {
      i: { name: 'rotated-call', url: 'https://example.com/hook', intervalMinutes: 60, enabled: false, secretHeaders: [{ name: 'x-api-key', value: 'rotate-me-too' }] },
    }, owner.accessToken);
    expect(schedule.errors).toBeUndefined();
    const client = await MongoClient.connect(before.config.mongoUrl);
    const stored = () => client.db().collection('connections').findOne({ name: 'rotated' });
    try {
      expect((await stored())?.secret).toMatchObject({ kid: 'k2025' });
      await before.stop();

      // The new key first, the old one still listed: a worker seals again what the old one sealed.
      const env = { MONGO_URL: before.config.mongoUrl, REDIS_PREFIX: before.config.redisPrefix, MAESTRO_ENCRYPTION_KEYS: `${newKey},${oldKey}` };
      const during = await startTestApi('rotation', env);
      const worker = await createWorkerApp(during.config, createLogger('silent', 'rotation-worker'));
      await worker.start();
      await worker.stop();
      await during.stop();
      const resealed = await stored();
      expect(resealed?.secret).toMatchObject({ kid: 'k2026' });
      // A schedule's secret headers too.
      const call = await client.db().collection('schedules').findOne({ name: 'rotated-call' });
      expect(call?.secretHeaders).toEqual([{ name: 'x-api-key', sealed: expect.objectContaining({ kid: 'k2026' }) }]);

      // With the old key gone, the secret still opens: the connection still reaches AWS.
      const after = await startTestApi('rotation', { ...env, MAESTRO_ENCRYPTION_KEYS: newKey });
      try {
        const tested = await after.call<{ testConnection: { ok: boolean; accountId: string } }>(TEST, { id }, owner.accessToken);
        expect(tested.data?.testConnection).toMatchObject({ ok: true, accountId: '123456789012' });
      } finally {
        await after.stop();
      }
    } finally {
      await client.close();
    }
  }, 60_000);
});
