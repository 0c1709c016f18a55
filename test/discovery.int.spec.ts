import { randomBytes, randomInt } from 'node:crypto';
import { EC2Client, RegisterImageCommand, RunInstancesCommand, CreateVolumeCommand, AttachVolumeCommand, DescribeSubnetsCommand, type Tag } from '@aws-sdk/client-ec2';
import { RDSClient, CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { ElasticLoadBalancingV2Client, CreateLoadBalancerCommand, CreateTargetGroupCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '../server/src/logger.ts';
import type { AwsClient } from '../server/src/modules/discovery/aws-clients.ts';
import { createWorkerApp, type WorkerApp } from '../workers/src/worker-app.ts';
import { signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';
import { until } from './support/live.ts';

/*
 * Discovery runs against the run's moto, in an AWS account of this file's
 * own (a random id, reached by assuming a role into it): the connection
 * assumes the same role, so nothing here touches another file's resources.
 */

const REGIONS = ['us-east-1', 'eu-west-1'];
const START = 'mutation($c: ID!, $k: [DiscoveryKind!], $r: [String!]) { startDiscovery(connectionId: $c, kinds: $k, regions: $r) { id status entries { kind region status } } }';
const RUN = 'query($id: ID!) { discoveryRun(id: $id) { id status account durationMs entries { kind region status found created updated unchanged deactivated keptByLock failed linked unlinked linksSkipped error attempts } } }';
const RUNS = 'query($c: ID!) { discoveryRuns(connectionId: $c) { totalCount edges { node { id } } } }';
const ACTIVITY = 'query($run: ID!) { activity(filter: { runId: $run }, first: 500) { totalCount edges { node { operation entityType } } } }';

interface Entry { kind: string; region: string; status: string; found: number; created: number; updated: number; unchanged: number; deactivated: number; keptByLock: number; failed: number; linked: number; unlinked: number; linksSkipped: number; error: string | null; attempts: number }
interface Run { id: string; status: string; account: string | null; entries: Entry[] }

const tags = (name: string): Tag[] => [{ Key: 'Name', Value: name }];

describe('discovery runs', () => {
  const account = String(randomInt(100_000_000_000, 999_999_999_999));
  const roleArn = `arn:aws:iam::${account}:role/MaestroReadOnly`;
  const endpoint = inject('motoUrl');
  let api: TestApi;
  let worker: WorkerApp;
  let owner: TestUser;
  let stranger: TestUser;
  let connectionId: string;
  let mongo: MongoClient;
  let db: Db;
  const instances: Record<string, string> = {};
  let attachedVolume = '';

  async function clientsIn(region: string) {
    const sts = new STSClient({ region, endpoint, credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'secret-secret-secret' } });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'setup' }));
    const c = out.Credentials!;
    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
    const common = { region, endpoint, credentials };
    return { ec2: new EC2Client(common), rds: new RDSClient(common), elbv2: new ElasticLoadBalancingV2Client(common), s3: new S3Client({ ...common, forcePathStyle: true }) };
  }

  async function startWorker(middleware?: ReadonlyArray<(client: AwsClient, region: string) => void>): Promise<WorkerApp> {
    const config = { ...api.config, aws: { ...api.config.aws, ...(middleware ? { middleware } : {}) } };
    const app = await createWorkerApp(config, createLogger('silent', 'test-worker'));
    await app.start();
    return app;
  }

  async function runDiscovery(user: TestUser = owner, variables: Record<string, unknown> = {}): Promise<Run> {
    const started = await api.call<{ startDiscovery: Run }>(START, { c: connectionId, ...variables }, user.accessToken);
    if (!started.data) throw new Error(`startDiscovery failed: ${JSON.stringify(started.errors)}`);
    const id = started.data.startDiscovery.id;
    let run: Run | null = null;
    await until(async () => {
      run = (await api.call<{ discoveryRun: Run }>(RUN, { id }, user.accessToken)).data?.discoveryRun ?? null;
      return run !== null && ['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(run.status);
    }, 'the run to finish', 60_000);
    return run!;
  }

  const item = (type: string, providerId: string) => db.collection('inventory').findOne({ type, 'external.id': providerId });

  beforeAll(async () => {
    api = await startTestApi('discovery', { AWS_MAX_ATTEMPTS: '4' }, createLogger('error', 'discovery-api'));
    worker = await startWorker();
    owner = await signUp(api, 'Owner');
    stranger = await signUp(api, 'Stranger');
    mongo = await MongoClient.connect(api.config.mongoUrl);
    db = mongo.db();

    for (const region of REGIONS) {
      const { ec2 } = await clientsIn(region);
      const image = (await ec2.send(new RegisterImageCommand({ Name: `img-${region}`, RootDeviceName: '/dev/sda1' }))).ImageId!;
      const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!;
      for (const name of [`web-${region}`, `db-${region}`]) {
        const out = await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', SubnetId: subnet.SubnetId, TagSpecifications: [{ ResourceType: 'instance', Tags: tags(name) }] }));
        instances[name] = out.Instances![0]!.InstanceId!;
      }
      if (region === 'us-east-1') {
        const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: subnet.AvailabilityZone, Size: 20, TagSpecifications: [{ ResourceType: 'volume', Tags: tags('data-1') }] }));
        attachedVolume = volume.VolumeId!;
        await ec2.send(new AttachVolumeCommand({ VolumeId: attachedVolume, InstanceId: instances['web-us-east-1'], Device: '/dev/sdf' }));
        const { rds, elbv2, s3 } = await clientsIn(region);
        await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: 'orders-db', Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'admin', MasterUserPassword: 'password-1234' }));
        const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!.slice(0, 2).map((s) => s.SubnetId!);
        const lb = await elbv2.send(new CreateLoadBalancerCommand({ Name: 'front', Subnets: subnets }));
        const group = await elbv2.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: subnet.VpcId, TargetType: 'instance' }));
        await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group.TargetGroups![0]!.TargetGroupArn, Targets: [{ Id: instances['web-us-east-1']! }] }));
        expect(lb.LoadBalancers).toHaveLength(1);
        await s3.send(new CreateBucketCommand({ Bucket: `assets-${account}` }));
      }
    }
    const created = await api.call<{ createConnection: { id: string } }>(
      'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }',
      { i: { name: `aws-${randomBytes(3).toString('hex')}`, accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'secret-secret-secret', roleArn, regions: REGIONS } },
      owner.accessToken,
    );
    connectionId = created.data!.createConnection.id;
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await mongo?.close();
    await api?.stop();
  });

  it('discovers every kind in every region, with its key fields and links', async () => {
    const run = await runDiscovery();
    expect(run.entries.filter((e) => e.status !== 'SUCCEEDED').map((e) => `${e.kind} ${e.region} ${e.status} ${e.attempts}: ${e.error}`)).toEqual([]);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.account).toBe(account);
    expect(run.entries.every((e) => e.status === 'SUCCEEDED' && e.attempts === 1)).toBe(true);
    const servers = run.entries.filter((e) => e.kind === 'SERVERS');
    expect(servers.map((e) => [e.region, e.created])).toEqual([['eu-west-1', 2], ['us-east-1', 2]]);
    const web = await item('Server', instances['web-us-east-1']!);
    expect(web).toMatchObject({ active: true, external: { provider: 'aws', account, region: 'us-east-1', id: instances['web-us-east-1'] } });
    expect(await item('Volume', attachedVolume)).toMatchObject({ active: true, sizeGb: 20 });
    expect(await db.collection('inventory').countDocuments({ type: 'LoadBalancer', active: true })).toBe(1);
    expect(await db.collection('inventory').countDocuments({ type: 'Resource', family: 'OBJECT_STORAGE', active: true })).toBe(1);
    expect(await db.collection('inventory').countDocuments({ type: 'Network', 'external.account': account })).toBeGreaterThanOrEqual(2);
    const volume = await item('Volume', attachedVolume);
    const edges = db.collection<{ _id: string }>('relations');
    expect(await edges.countDocuments({ kind: 'ATTACHED_TO', from: volume!._id.toHexString(), to: web!._id.toHexString(), removed: { $ne: true } })).toBe(1);
    expect(await edges.countDocuments({ kind: 'LOCATED_IN', from: web!._id.toHexString(), removed: { $ne: true } })).toBe(1);
    // The run's changes are one activity filter away.
    const activity = await api.call<{ activity: { totalCount: number } }>(ACTIVITY, { run: run.id }, owner.accessToken);
    expect(activity.data?.activity.totalCount).toBeGreaterThan(10);
  }, 120_000);

  it('writes nothing and records no history when nothing changed', async () => {
    const writes: string[] = [];
    const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (!['insert', 'update', 'delete', 'findAndModify'].includes(event.commandName)) return;
      const collection = String(event.command[event.commandName]);
      // The run's own record of its progress is the only write expected.
      if (collection !== 'discovery_runs' && collection !== 'discovery_run_entries') writes.push(`${event.commandName} ${collection}`);
    };
    worker.mongo.on('commandStarted', listener);
    try {
      const run = await runDiscovery();
      expect(run.status).toBe('SUCCEEDED');
      expect(writes).toEqual([]);
      expect(run.entries.every((e) => e.created + e.updated + e.deactivated + e.linked + e.unlinked === 0)).toBe(true);
      const activity = await api.call<{ activity: { totalCount: number } }>(ACTIVITY, { run: run.id }, owner.accessToken);
      expect(activity.data?.activity.totalCount).toBe(0);
    } finally {
      worker.mongo.off('commandStarted', listener);
    }
  }, 120_000);

  it('shows runs to readers of the connection only', async () => {
    const runs = await api.call<{ discoveryRuns: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(RUNS, { c: connectionId }, owner.accessToken);
    expect(runs.data?.discoveryRuns.totalCount).toBeGreaterThanOrEqual(2);
    const runId = runs.data!.discoveryRuns.edges[0]!.node.id;
    const theirs = await api.call(RUNS, { c: connectionId }, stranger.accessToken);
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.call<{ discoveryRun: unknown }>(RUN, { id: runId }, stranger.accessToken)).data?.discoveryRun).toBeNull();
    const start = await api.call(START, { c: connectionId }, stranger.accessToken);
    expect(start.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const servers = await api.call<{ servers: { totalCount: number } }>('{ servers { totalCount } }', {}, stranger.accessToken);
    expect(servers.data?.servers.totalCount).toBe(0);
  });

  it('fails a region on its own and deactivates nothing there; throttling is retried by the SDK', async () => {
    await worker.stop();
    let throttled = 0;
    worker = await startWorker([
      (client, region) => {
        const stack = client.middlewareStack as unknown as { addRelativeTo(mw: unknown, options: Record<string, unknown>): void };
        stack.addRelativeTo(
          (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
            if (region === 'eu-west-1' && context.commandName !== 'GetCallerIdentityCommand') {
              throw Object.assign(new Error('User is not authorized to perform this operation in eu-west-1'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
            }
            if (region === 'us-east-1' && context.commandName === 'DescribeVolumesCommand' && throttled < 2) {
              throttled += 1;
              throw Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
            }
            return next(args);
          },
          { relation: 'after', toMiddleware: 'retryMiddleware', name: 'testFaults' },
        );
      },
    ]);
    const before = await db.collection('inventory').countDocuments({ 'external.region': 'eu-west-1', active: true });
    const run = await runDiscovery(owner, { k: ['SERVERS', 'VOLUMES'] });
    expect(run.status).toBe('PARTIAL');
    const eu = run.entries.filter((e) => e.region === 'eu-west-1');
    expect(eu.every((e) => e.status === 'FAILED' && e.attempts === 3 && /not authorized/.test(e.error ?? ''))).toBe(true);
    expect(run.entries.filter((e) => e.region === 'us-east-1').every((e) => e.status === 'SUCCEEDED' && e.attempts === 1)).toBe(true);
    expect(throttled).toBe(2);
    expect(await db.collection('inventory').countDocuments({ 'external.region': 'eu-west-1', active: true })).toBe(before);
  }, 120_000);
});
