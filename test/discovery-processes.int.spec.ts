import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateVolumeCommand, DescribeSubnetsCommand, RegisterImageCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startStack, startWorker, type ManagedProcess, type Stack } from './support/stack.ts';
import { until } from './support/live.ts';
import { awsClients, credentialsIn, roleIn } from './support/aws.ts';

/*
 * Discovery in real processes: the API and workers from dist/, on the run's
 * moto, in an AWS account of this file's own. A worker is killed in the
 * middle of a run (at the worst moment: new items inserted, their history
 * not yet written) and another takes the run over; the secret of the
 * connection is then looked for in every log those processes wrote.
 */

const SERVERS = 12;
const SECRET = `Secret+${randomBytes(18).toString('base64url')}`;
const RUN = 'query($id: ID!) { discoveryRun(id: $id) { id status entries { kind region status found created unchanged failed error } } }';
const ACTIVITY = 'query($run: ID!) { activity(filter: { runId: $run }, first: 1000) { totalCount edges { node { operation entityType entityId } } } }';

interface Run {
  id: string;
  status: string;
  entries: Array<{ kind: string; region: string; status: string; found: number; created: number; unchanged: number; failed: number; error: string | null }>;
}

describe('discovery in real processes', () => {
  const account = String(randomInt(100_000_000_000, 999_999_999_999));
  const roleArn = roleIn(account);
  let stack: Stack;
  let token = '';
  let connectionId = '';
  let mongo: MongoClient;
  let db: Db;
  const workers: ManagedProcess[] = [];
  const responses: string[] = [];

  async function call<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
    const result = await gql<T>(stack.apis[0]!.url, query, variables, token ? { authorization: `Bearer ${token}` } : {});
    responses.push(JSON.stringify(result));
    return result;
  }

  async function waitForRun(id: string): Promise<Run> {
    let run: Run | null = null;
    await until(async () => {
      run = (await call<{ discoveryRun: Run }>(RUN, { id })).data?.discoveryRun ?? null;
      return run !== null && ['SUCCEEDED', 'PARTIAL', 'FAILED', 'SKIPPED'].includes(run.status);
    }, 'the run to finish', 120_000);
    return run!;
  }

  beforeAll(async () => {
    // A crashed worker's job is taken up again after JOB_LOCK_MS; history left unwritten is repaired on a short timer.
    stack = await startStack({ label: 'discovery-processes', worker: false, env: { LOG_LEVEL: 'debug', JOB_LOCK_MS: '3000', HISTORY_REPAIR_INTERVAL_MS: '1000', HISTORY_REPAIR_GRACE_MS: '0' } });
    mongo = await MongoClient.connect(stack.env.MONGO_URL!);
    db = mongo.db();

    const { ec2 } = awsClients(await credentialsIn(account), 'us-east-1');
    const image = (await ec2.send(new RegisterImageCommand({ Name: 'img', RootDeviceName: '/dev/sda1' }))).ImageId!;
    const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!;
    await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: SERVERS, MaxCount: SERVERS, InstanceType: 't3.micro', SubnetId: subnet.SubnetId }));
    for (let i = 0; i < 3; i += 1) await ec2.send(new CreateVolumeCommand({ AvailabilityZone: subnet.AvailabilityZone, Size: 10 }));

    const email = `owner-${randomBytes(4).toString('hex')}@example.com`;
    const signed = await call<{ signup: { accessToken: string } }>('mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', { i: { email, password: 'correct horse battery staple', name: 'Owner' } });
    token = signed.data!.signup.accessToken;
    const created = await call<{ createConnection: { id: string } }>('mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }', {
      i: { name: 'aws-prod', accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: SECRET, roleArn, regions: ['us-east-1'] },
    });
    if (!created.data) throw new Error(`createConnection failed: ${JSON.stringify(created.errors)}`);
    connectionId = created.data.createConnection.id;
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await mongo?.close();
    await stack?.stop();
  });

  it('finishes a run whose worker was killed mid-write, with nothing lost and nothing twice', async () => {
    const crashing = await startWorker({ ...stack.env, MAESTRO_FAULTS: 'crash-after-bulk-insert' }, `discovery-processes-crashing-${Date.now()}`);
    workers.push(crashing);
    const started = await call<{ startDiscovery: { id: string } }>('mutation($c: ID!) { startDiscovery(connectionId: $c, kinds: [SERVERS, VOLUMES]) { id } }', { c: connectionId });
    const runId = started.data!.startDiscovery.id;
    // It dies between inserting the first items (the volumes: their crawl runs first) and recording their history.
    await crashing.exited;
    // Killed by its own fault (its last log line may not have made it out): the volumes are in, their history is not.
    expect(crashing.child.signalCode).toBe('SIGKILL');
    const volumes0 = await db.collection('inventory').find({ type: 'Volume', 'external.account': account }).project({ _id: 1 }).toArray();
    expect(volumes0).toHaveLength(SERVERS + 3);
    expect(await db.collection('changes').countDocuments({ entityId: { $in: volumes0.map((s) => s._id.toHexString()) } })).toBe(0);

    workers.push(await stack.startWorker());
    const run = await waitForRun(runId);
    expect(run.entries.map((e) => [e.kind, e.status, e.found, e.failed, e.error]).sort()).toEqual([
      ['SERVERS', 'SUCCEEDED', SERVERS, 0, null],
      ['VOLUMES', 'SUCCEEDED', SERVERS + 3, 0, null],
    ]);
    expect(run.status).toBe('SUCCEEDED');

    // One item per instance and volume, one CREATE each in the history (the one the crash left unwritten, repaired), one edge each.
    const servers = await db.collection('inventory').find({ type: 'Server', 'external.account': account }).toArray();
    expect(new Set(servers.map((s) => (s.external as { id: string }).id)).size).toBe(SERVERS);
    expect(servers).toHaveLength(SERVERS);
    expect(await db.collection('inventory').countDocuments({ type: 'Volume', 'external.account': account })).toBe(SERVERS + 3);
    let creates: Array<{ entityType: string; entityId: string }> = [];
    await until(async () => {
      const activity = await call<{ activity: { edges: Array<{ node: { operation: string; entityType: string; entityId: string } }> } }>(ACTIVITY, { run: runId });
      creates = (activity.data?.activity.edges ?? []).map((e) => e.node).filter((n) => n.operation === 'CREATE' && (n.entityType === 'Server' || n.entityType === 'Volume'));
      return creates.length >= 2 * SERVERS + 3;
    }, 'the history of every item created', 30_000);
    expect(creates).toHaveLength(2 * SERVERS + 3);
    expect(new Set(creates.map((c) => c.entityId)).size).toBe(2 * SERVERS + 3);
    const located = await db.collection('relations').find({ kind: 'LOCATED_IN', removed: { $ne: true }, from: { $in: servers.map((s) => s._id.toHexString()) } }).toArray();
    expect(located).toHaveLength(SERVERS);
    // Each server's root volume is attached to it, once.
    const attached = await db.collection('relations').find({ kind: 'ATTACHED_TO', removed: { $ne: true }, to: { $in: servers.map((s) => s._id.toHexString()) } }).toArray();
    expect(attached).toHaveLength(SERVERS);

    // A run after it finds everything as it is.
    const again = await call<{ startDiscovery: { id: string } }>('mutation($c: ID!) { startDiscovery(connectionId: $c, kinds: [SERVERS, VOLUMES]) { id } }', { c: connectionId });
    const second = await waitForRun(again.data!.startDiscovery.id);
    expect(second.entries.map((e) => [e.kind, e.status, e.created, e.unchanged]).sort()).toEqual([
      ['SERVERS', 'SUCCEEDED', 0, SERVERS],
      ['VOLUMES', 'SUCCEEDED', 0, SERVERS + 3],
    ]);
  }, 180_000);

  it('never shows nor logs the secret: not in any answer, nor in any log line of the API or the workers', async () => {
    await call('mutation($id: ID!) { testConnection(id: $id) { ok accountId message } }', { id: connectionId });
    const updated = await call('mutation($id: ID!, $i: UpdateConnectionInput!) { updateConnection(id: $id, input: $i) { id } }', { id: connectionId, i: { secretAccessKey: `${SECRET}-2` } });
    expect(updated.errors).toBeUndefined();
    await call('query { connections { edges { node { id name accessKeyIdHint hasSecret roleArn } } } }');
    await call('query($id: ID!) { history(id: $id) { edges { node { diff { path before after } } } } }', { id: connectionId });

    const logDir = join(process.cwd(), 'test-results', 'logs');
    const logs = readdirSync(logDir).filter((f) => f.startsWith('discovery-processes'));
    // The API and both workers wrote logs (at debug level).
    expect(logs.length).toBeGreaterThanOrEqual(3);
    const lines = logs.flatMap((f) => readFileSync(join(logDir, f), 'utf8').split('\n'));
    expect(lines.filter((l) => l.includes('discovery run finished')).length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((l) => l.includes(SECRET))).toEqual([]);
    expect(responses.filter((r) => r.includes(SECRET))).toEqual([]);
    // Nor is it in the database in the clear.
    const connection = await db.collection('connections').findOne({ name: 'aws-prod' });
    expect(JSON.stringify(connection)).not.toContain(SECRET);
    expect(JSON.stringify(await db.collection('changes').find({}).toArray())).not.toContain(SECRET);
  }, 120_000);
});
