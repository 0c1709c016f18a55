import { randomBytes, randomInt } from 'node:crypto';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import {
  AttachVolumeCommand,
  CreateKeyPairCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeInstanceTypesCommand,
  DescribeSubnetsCommand,
  DetachVolumeCommand,
  RegisterImageCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Instance,
  type Tag,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand, RegisterInstancesWithLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateDBInstanceCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, DeleteBucketCommand, PutBucketTaggingCommand } from '@aws-sdk/client-s3';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/src/logger.ts';
import type { AwsClient } from '../server/src/modules/discovery/aws-clients.ts';
import { fromGlobalId, toGlobalId } from '../server/src/shared/ids.ts';
import { createWorkerApp, type WorkerApp } from '../workers/src/worker-app.ts';
import { signUp, startTestApi, type TestApi, type TestUser } from './support/app.ts';
import { awsClients, credentialsIn, roleIn } from './support/aws.ts';
import { record, until, waitForListeners, listenerBaseline } from './support/live.ts';

/*
 * Discovery runs against the run's moto, in two AWS accounts of this file's
 * own (random ids, reached by assuming a role into each): each connection
 * assumes the same role, so nothing here touches another file's resources.
 * Account A (two regions) belongs to `owner`'s connection; account B (one
 * region, with a server of the same name and private address as one of A's)
 * to `stranger`'s.
 */

const REGIONS = ['us-east-1', 'eu-west-1'];
const START = 'mutation($c: ID!, $k: [DiscoveryKind!], $r: [String!]) { startDiscovery(connectionId: $c, kinds: $k, regions: $r) { id status entries { kind region status error } } }';
const RUN =
  'query($id: ID!) { discoveryRun(id: $id) { id status account durationMs entries { kind region status found created updated unchanged deactivated keptByLock failed linked unlinked linksSkipped error attempts } } }';
const RUNS = 'query($c: ID!) { discoveryRuns(connectionId: $c) { totalCount edges { node { id } } } }';
const ACTIVITY = 'query($run: ID!) { activity(filter: { runId: $run }, first: 500) { totalCount edges { node { operation entityType entityId actor { kind name runId } } } } }';
const SECRET_A = `sk-${randomBytes(12).toString('hex')}`;
const SECRET_B = `sk-${randomBytes(12).toString('hex')}`;

interface Entry {
  kind: string;
  region: string;
  status: string;
  found: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  keptByLock: number;
  failed: number;
  linked: number;
  unlinked: number;
  linksSkipped: number;
  error: string | null;
  attempts: number;
}
interface Run {
  id: string;
  status: string;
  account: string | null;
  entries: Entry[];
}
interface Item {
  _id: ObjectId;
  active: boolean;
  revision: number;
  [field: string]: unknown;
}
interface Edge {
  _id: string;
  kind: string;
  from: string;
  to: string;
  removed?: boolean;
}

/** A document as JSON, without its id: what assertions compare (a failing one prints it whole). */
const plain = (doc: Item | null): Record<string, unknown> | null => (doc ? (JSON.parse(JSON.stringify({ ...doc, _id: undefined })) as Record<string, unknown>) : null);
const tags = (name: string, more: Tag[] = []): Tag[] => [{ Key: 'Name', Value: name }, ...more];
const randomAccount = () => String(randomInt(100_000_000_000, 999_999_999_999));

describe('discovery runs', () => {
  const accountA = randomAccount();
  const accountB = randomAccount();
  let api: TestApi;
  let worker: WorkerApp;
  let owner: TestUser;
  let stranger: TestUser;
  let connectionA = '';
  let connectionB = '';
  let datacenterA = '';
  let mongo: MongoClient;
  let db: Db;
  /** Instance ids by name, per account. */
  const instancesA: Record<string, string> = {};
  let instanceB = '';
  let dataVolume = '';
  let snapshot = '';
  const bucket = `assets-${accountA}`;
  let distribution = '';


  async function clientsIn(account: string, region: string) {
    return awsClients(await credentialsIn(account, region), region);
  }

  async function startWorker(middleware?: ReadonlyArray<(client: AwsClient, region: string) => void>): Promise<WorkerApp> {
    const config = { ...api.config, aws: { ...api.config.aws, ...(middleware ? { middleware } : {}) } };
    const app = await createWorkerApp(config, createLogger('silent', 'test-worker'));
    await app.start();
    return app;
  }

  async function waitForRun(id: string, user: TestUser): Promise<Run> {
    let run: Run | null = null;
    await until(async () => {
      run = (await api.call<{ discoveryRun: Run }>(RUN, { id }, user.accessToken)).data?.discoveryRun ?? null;
      return run !== null && ['SUCCEEDED', 'PARTIAL', 'FAILED', 'SKIPPED'].includes(run.status);
    }, 'the run to finish', 90_000);
    return run!;
  }

  async function startRun(user: TestUser, connectionId: string, variables: Record<string, unknown> = {}): Promise<Run> {
    const started = await api.call<{ startDiscovery: Run }>(START, { c: connectionId, ...variables }, user.accessToken);
    if (!started.data) throw new Error(`startDiscovery failed: ${JSON.stringify(started.errors)}`);
    return started.data.startDiscovery;
  }

  async function runDiscovery(user: TestUser = owner, connectionId = connectionA, variables: Record<string, unknown> = {}): Promise<Run> {
    return waitForRun((await startRun(user, connectionId, variables)).id, user);
  }

  const failures = (run: Run) => run.entries.filter((e) => e.status !== 'SUCCEEDED').map((e) => `${e.kind} ${e.region} ${e.status} ${e.attempts}: ${e.error}`);
  const entry = (run: Run, kind: string, region: string) => run.entries.find((e) => e.kind === kind && e.region === region)!;
  const item = (type: string, providerId: string, account = accountA) => db.collection<Item>('inventory').findOne({ type, 'external.account': account, 'external.id': providerId });
  const edges = () => db.collection<Edge>('relations');
  const liveEdges = async (id: ObjectId, kind?: string) =>
    edges()
      .find({ ...(kind ? { kind } : {}), removed: { $ne: true }, $or: [{ from: id.toHexString() }, { to: id.toHexString() }] })
      .toArray();
  const revisions = async () => new Map((await db.collection<Item>('inventory').find({}).project<{ _id: ObjectId; revision: number }>({ revision: 1 }).toArray()).map((d) => [d._id.toHexString(), d.revision]));

  async function describeInstance(account: string, region: string, id: string): Promise<Instance> {
    const { ec2 } = await clientsIn(account, region);
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    return out.Reservations![0]!.Instances![0]!;
  }

  async function createConnection(user: TestUser, account: string, secret: string, regions: string[]): Promise<{ id: string; datacenter: string }> {
    const created = await api.call<{ createConnection: { id: string; datacenter: { id: string } } }>(
      'mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id datacenter { id } } }',
      { i: { name: `aws-${randomBytes(3).toString('hex')}`, accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: secret, roleArn: roleIn(account), regions } },
      user.accessToken,
    );
    if (!created.data) throw new Error(`createConnection failed: ${JSON.stringify(created.errors)}`);
    return { id: created.data.createConnection.id, datacenter: created.data.createConnection.datacenter.id };
  }

  async function seedAccountA(): Promise<void> {
    for (const region of REGIONS) {
      const { ec2 } = await clientsIn(accountA, region);
      const image = (await ec2.send(new RegisterImageCommand({ Name: `img-${region}`, Description: 'golden image', RootDeviceName: '/dev/sda1' }))).ImageId!;
      const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!;
      if (region === 'eu-west-1') {
        for (const name of ['web-eu', 'db-eu']) {
          const out = await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', SubnetId: subnet.SubnetId, TagSpecifications: [{ ResourceType: 'instance', Tags: tags(name) }] }));
          instancesA[name] = out.Instances![0]!.InstanceId!;
        }
        continue;
      }
      await ec2.send(new CreateKeyPairCommand({ KeyName: 'ops-key' }));
      for (const name of ['web', 'worker']) {
        const out = await ec2.send(
          new RunInstancesCommand({
            ImageId: image,
            MinCount: 1,
            MaxCount: 1,
            InstanceType: 't3.micro',
            KeyName: 'ops-key',
            SubnetId: subnet.SubnetId,
            TagSpecifications: [{ ResourceType: 'instance', Tags: tags(name, [{ Key: 'env', Value: 'prod' }]) }],
          }),
        );
        instancesA[name] = out.Instances![0]!.InstanceId!;
      }
      dataVolume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: subnet.AvailabilityZone, Size: 20, VolumeType: 'gp3', TagSpecifications: [{ ResourceType: 'volume', Tags: tags('data-1') }] })))
        .VolumeId!;
      await ec2.send(new AttachVolumeCommand({ VolumeId: dataVolume, InstanceId: instancesA.web, Device: '/dev/sdf' }));
      snapshot = (await ec2.send(new CreateSnapshotCommand({ VolumeId: dataVolume, Description: 'nightly', TagSpecifications: [{ ResourceType: 'snapshot', Tags: tags('data-1-nightly') }] }))).SnapshotId!;

      const { rds, elbv2, elb, s3, cloudfront } = await clientsIn(accountA, region);
      await rds.send(
        new CreateDBInstanceCommand({ DBInstanceIdentifier: 'orders-db', Engine: 'postgres', EngineVersion: '16.3', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'admin', MasterUserPassword: 'password-1234' }),
      );
      const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!.slice(0, 2);
      const lb = (await elbv2.send(new CreateLoadBalancerCommand({ Name: 'front', Scheme: 'internet-facing', Subnets: subnets.map((s) => s.SubnetId!) }))).LoadBalancers![0]!;
      const group = (await elbv2.send(new CreateTargetGroupCommand({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: subnet.VpcId, TargetType: 'instance' }))).TargetGroups![0]!;
      await elbv2.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: group.TargetGroupArn }] }));
      await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: instancesA.web! }] }));
      await elb.send(
        new CreateClassicLoadBalancerCommand({ LoadBalancerName: 'legacy', AvailabilityZones: [subnet.AvailabilityZone!], Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 8080, InstancePort: 8080 }] }),
      );
      await elb.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: 'legacy', Instances: [{ InstanceId: instancesA.worker }] }));
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'team', Value: 'web' }] } }));
      const cdn = await cloudfront.send(
        new CreateDistributionCommand({
          DistributionConfig: {
            CallerReference: `assets-${accountA}`,
            Comment: 'assets',
            Enabled: true,
            Origins: { Quantity: 1, Items: [{ Id: 'assets', DomainName: `${bucket}.s3.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
            DefaultCacheBehavior: { TargetOriginId: 'assets', ViewerProtocolPolicy: 'allow-all', MinTTL: 0, ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } } },
          },
        }),
      );
      distribution = cdn.Distribution!.Id!;
    }
  }

  async function seedAccountB(): Promise<void> {
    const { ec2 } = await clientsIn(accountB, 'us-east-1');
    const image = (await ec2.send(new RegisterImageCommand({ Name: 'img-b', RootDeviceName: '/dev/sda1' }))).ImageId!;
    const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!;
    const out = await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', SubnetId: subnet.SubnetId, TagSpecifications: [{ ResourceType: 'instance', Tags: tags('web') }] }));
    instanceB = out.Instances![0]!.InstanceId!;
  }

  beforeAll(async () => {
    api = await startTestApi('discovery', { AWS_MAX_ATTEMPTS: '4' }, createLogger('error', 'discovery-api'));
    worker = await startWorker();
    owner = await signUp(api, 'Owner');
    stranger = await signUp(api, 'Stranger');
    mongo = await MongoClient.connect(api.config.mongoUrl);
    db = mongo.db();
    await seedAccountA();
    await seedAccountB();
    const a = await createConnection(owner, accountA, SECRET_A, REGIONS);
    connectionA = a.id;
    datacenterA = a.datacenter;
    connectionB = (await createConnection(stranger, accountB, SECRET_B, ['us-east-1'])).id;
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await mongo?.close();
    await api?.stop();
  });

  it('discovers every kind in two regions and two accounts, with what AWS says of each and its links', async () => {
    const run = await runDiscovery();
    expect(failures(run)).toEqual([]);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.account).toBe(accountA);
    expect(run.entries.every((e) => e.attempts === 1 && e.failed === 0)).toBe(true);
    expect(run.entries.filter((e) => e.kind === 'SERVERS').map((e) => [e.region, e.found, e.created])).toEqual([
      ['eu-west-1', 2, 2],
      ['us-east-1', 2, 2],
    ]);
    const runB = await runDiscovery(stranger, connectionB);
    expect(failures(runB)).toEqual([]);
    expect(runB.account).toBe(accountB);

    // A server: every field from what DescribeInstances and DescribeInstanceTypes say.
    const aws = await describeInstance(accountA, 'us-east-1', instancesA.web!);
    const { ec2 } = await clientsIn(accountA, 'us-east-1');
    const size = (await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['t3.micro'] }))).InstanceTypes![0]!;
    const web = (await item('Server', instancesA.web!))!;
    expect(plain(web)).toMatchObject({
      active: true,
      external: { provider: 'aws', account: accountA, region: 'us-east-1', id: instancesA.web },
      hostname: aws.PrivateDnsName,
      displayName: 'web',
      ipv4Private: aws.PrivateIpAddress,
      ipv4Public: aws.PublicIpAddress ?? null,
      dnsPrivate: aws.PrivateDnsName,
      instanceType: 't3.micro',
      cpu: size.VCpuInfo!.DefaultVCpus,
      memory: size.MemoryInfo!.SizeInMiB! / 1024,
      imageId: aws.ImageId,
      state: 'running',
      placement: { region: 'us-east-1', zone: aws.Placement!.AvailabilityZone, instanceId: instancesA.web },
      authMethods: [expect.objectContaining({ kind: 'ssh', port: 22, keyPair: 'ops-key' })],
    });
    expect(web.tags).toEqual(['Name:web', 'env:prod']);
    expect(web.storage).toEqual(expect.arrayContaining([expect.objectContaining({ mount: '/dev/sdf', sizeGb: 20, type: 'gp3', volumeProviderId: dataVolume, rootDevice: false })]));
    const uses = await liveEdges(web._id, 'USES');
    const networkIds = new Set((await db.collection<Item>('inventory').find({ _id: { $in: uses.map((e) => new ObjectId(e.to)) } }).toArray()).map((n) => (n.external as { id: string }).id));
    const groups = [...(aws.SecurityGroups ?? []), ...(aws.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? [])].map((g) => g.GroupId);
    expect(groups.length).toBeGreaterThan(0);
    expect(networkIds).toEqual(new Set([aws.SubnetId, aws.VpcId, ...groups]));
    const datacenterHex = fromGlobalId(datacenterA).id.toHexString();
    expect((await liveEdges(web._id, 'LOCATED_IN')).map((e) => e.to)).toEqual([datacenterHex]);

    // The same name and private address in another account is another server.
    const webB = (await item('Server', instanceB, accountB))!;
    expect((await describeInstance(accountB, 'us-east-1', instanceB)).PrivateIpAddress).toBe(aws.PrivateIpAddress);
    expect(webB._id.equals(web._id)).toBe(false);
    expect(plain(webB)).toMatchObject({ displayName: 'web', active: true, owner: expect.not.objectContaining({ id: (web.owner as { id: string }).id }) });

    // Volumes, snapshots, images, networks.
    const volume = (await item('Volume', dataVolume))!;
    expect(plain(volume)).toMatchObject({ active: true, sizeGb: 20, region: 'us-east-1', zone: aws.Placement!.AvailabilityZone });
    expect((await liveEdges(volume._id, 'ATTACHED_TO')).map((e) => [e.from, e.to])).toEqual([[volume._id.toHexString(), web._id.toHexString()]]);
    expect(plain(await item('Snapshot', snapshot))).toMatchObject({ active: true, name: 'data-1-nightly', description: 'nightly', volumeProviderId: dataVolume, sizeGb: 20, region: 'us-east-1' });
    const images = await db.collection<Item>('inventory').find({ type: 'Image', 'external.account': accountA }).toArray();
    expect(images.map((i) => [i.name, i.description, (i.external as { region: string }).region]).sort()).toEqual([
      ['img-eu-west-1', 'golden image', 'eu-west-1'],
      ['img-us-east-1', 'golden image', 'us-east-1'],
    ]);
    const vpc = (await item('Network', aws.VpcId!))!;
    expect(plain(vpc)).toMatchObject({ kind: 'VPC', region: 'us-east-1', active: true });
    expect(plain(await item('Network', aws.SubnetId!))).toMatchObject({ kind: 'SUBNET', vpcProviderId: aws.VpcId, zone: aws.Placement!.AvailabilityZone });

    // RDS.
    const rdsDb = (await (await clientsIn(accountA, 'us-east-1')).rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-db' }))).DBInstances![0]!;
    const database = (await item('Database', rdsDb.DbiResourceId!))!;
    expect(plain(database)).toMatchObject({
      active: true,
      name: 'orders-db',
      engine: 'POSTGRESQL',
      version: '16.3',
      instanceClass: 'db.t3.micro',
      storageGb: 20,
      multiAz: false,
      clusterMode: 'SINGLE',
      spec: { endpoint: rdsDb.Endpoint!.Address, ports: [String(rdsDb.Endpoint!.Port)] },
      region: 'us-east-1',
    });
    expect((await liveEdges(database._id, 'LOCATED_IN')).map((e) => e.to)).toEqual([datacenterHex]);

    // Load balancers: listeners, target groups, health, and whom they target.
    const front = (await db.collection<Item>('inventory').findOne({ type: 'LoadBalancer', 'external.account': accountA, name: 'front' }))!;
    expect(plain(front)).toMatchObject({
      active: true,
      service: 'ALB',
      scheme: 'internet-facing',
      listeners: [{ protocol: 'HTTP', port: 80, targetProtocol: 'HTTP', targetPort: 80, targetGroup: 'web' }],
      targetGroups: [expect.objectContaining({ name: 'web', protocol: 'HTTP', port: 80, targetType: 'instance' })],
      targetHealth: [expect.objectContaining({ target: instancesA.web, targetGroup: 'web' })],
    });
    expect(String(front.endpoint)).toMatch(/^front-/);
    expect((await liveEdges(front._id, 'TARGETS')).map((e) => e.to)).toEqual([web._id.toHexString()]);
    const workerServer = (await item('Server', instancesA.worker!))!;
    const legacy = (await item('LoadBalancer', 'legacy'))!;
    expect(plain(legacy)).toMatchObject({ active: true, service: 'ELB', listeners: [expect.objectContaining({ protocol: 'TCP', port: 8080, targetPort: 8080 })] });
    expect((await liveEdges(legacy._id, 'TARGETS')).map((e) => e.to)).toEqual([workerServer._id.toHexString()]);

    // S3 and CloudFront: account-wide.
    expect(plain(await item('Resource', bucket))).toMatchObject({ active: true, family: 'OBJECT_STORAGE', service: 'S3', region: 'us-east-1', tags: ['team:web'] });
    const cdn = (await item('Resource', distribution))!;
    // moto's ListDistributions leaves out Enabled, Aliases and Origins (AWS gives them; the crawler's unit tests map them).
    expect(plain(cdn)).toMatchObject({ active: true, family: 'CDN', service: 'CloudFront', state: 'Deployed', region: null, external: { region: 'global', id: distribution } });
    expect(String((cdn.spec as { endpoint: string }).endpoint)).toMatch(/\.cloudfront\.net$/);

    // The run's changes are one activity filter away, each naming the connection and the run.
    const activity = await api.call<{ activity: { totalCount: number; edges: Array<{ node: { actor: { kind: string; runId: string } } }> } }>(ACTIVITY, { run: run.id }, owner.accessToken);
    expect(activity.data?.activity.totalCount).toBeGreaterThan(20);
    expect(activity.data!.activity.edges.every((e) => e.node.actor.kind === 'DISCOVERY' && e.node.actor.runId === run.id)).toBe(true);
  }, 180_000);

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
      expect(failures(run)).toEqual([]);
      expect(writes).toEqual([]);
      expect(run.entries.every((e) => e.created + e.updated + e.deactivated + e.linked + e.unlinked === 0 && e.unchanged === e.found)).toBe(true);
      const activity = await api.call<{ activity: { totalCount: number } }>(ACTIVITY, { run: run.id }, owner.accessToken);
      expect(activity.data?.activity.totalCount).toBe(0);
    } finally {
      worker.mongo.off('commandStarted', listener);
    }
  }, 120_000);

  it('shows a connection, its runs and its items to its readers only', async () => {
    const runs = await api.call<{ discoveryRuns: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(RUNS, { c: connectionA }, owner.accessToken);
    expect(runs.data?.discoveryRuns.totalCount).toBeGreaterThanOrEqual(2);
    const runId = runs.data!.discoveryRuns.edges[0]!.node.id;
    // The list of connections shows each one's newest run.
    const listed = await api.call<{ connections: { edges: Array<{ node: { id: string; latestRun: { id: string; status: string } | null } }> } }>(
      '{ connections { edges { node { id latestRun { id status } } } } }',
      {},
      owner.accessToken,
    );
    expect(listed.data?.connections.edges.find((e) => e.node.id === connectionA)?.node.latestRun).toEqual({ id: runId, status: 'SUCCEEDED' });
    // Its schedules counted: one per kind, all enabled, none failing (yet: the region that fails comes later).
    const counts = await api.call<{ connection: { scheduleCounts: unknown } }>('query($id: ID!) { connection(id: $id) { scheduleCounts { total enabled failing } } }', { id: connectionA }, owner.accessToken);
    expect(counts.data?.connection.scheduleCounts).toEqual({ total: 9, enabled: 9, failing: 0 });
    const theirs = await api.call(RUNS, { c: connectionA }, stranger.accessToken);
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.call<{ discoveryRun: unknown }>(RUN, { id: runId }, stranger.accessToken)).data?.discoveryRun).toBeNull();
    expect((await api.call(START, { c: connectionA }, stranger.accessToken)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.call<{ connection: unknown }>('query($id: ID!) { connection(id: $id) { id } }', { id: connectionA }, stranger.accessToken)).data?.connection ?? null).toBeNull();
    // Each sees the servers of their own account only.
    const servers = async (user: TestUser) =>
      ((await api.call<{ servers: { edges: Array<{ node: { displayName: string } }> } }>('{ servers(first: 100) { edges { node { displayName } } } }', {}, user.accessToken)).data?.servers.edges ?? [])
        .map((e) => e.node.displayName)
        .sort();
    expect(await servers(stranger)).toEqual(['web']);
    expect(await servers(owner)).toEqual(['db-eu', 'web', 'web-eu', 'worker']);
    const web = (await item('Server', instancesA.web!))!;
    expect((await api.call<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('Server', web._id) }, stranger.accessToken)).data?.node ?? null).toBeNull();
  });

  it('keeps a locked field, retires what AWS no longer has with every edge it made there, and changes nothing else', async () => {
    const web = (await item('Server', instancesA.web!))!;
    const locked = await api.call('mutation($i: LockInput!) { lockFields(input: $i) { id } }', { i: { id: toGlobalId('Server', web._id), fields: ['displayName'] } }, owner.accessToken);
    expect(locked.errors).toBeUndefined();
    const { ec2, s3 } = await clientsIn(accountA, 'us-east-1');
    await ec2.send(new CreateTagsCommand({ Resources: [instancesA.web!], Tags: [{ Key: 'Name', Value: 'web-renamed' }] }));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instancesA.worker!] }));
    await ec2.send(new DetachVolumeCommand({ VolumeId: dataVolume, InstanceId: instancesA.web, Device: '/dev/sdf' }));
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshot }));
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));

    const workerServer = (await item('Server', instancesA.worker!))!;
    const volume = (await item('Volume', dataVolume))!;
    const edgesBefore = { worker: await liveEdges(workerServer._id), attached: await liveEdges(volume._id, 'ATTACHED_TO') };
    // Its root volume is attached to it; the legacy load balancer targets it.
    expect(edgesBefore.worker.map((e) => e.kind).sort()).toEqual(['ATTACHED_TO', 'LOCATED_IN', 'TARGETS', 'USES', 'USES', 'USES']);
    const rootVolume = edgesBefore.worker.find((e) => e.kind === 'ATTACHED_TO')!.from;
    const snapshotItem = (await item('Snapshot', snapshot))!;
    const bucketItem = (await item('Resource', bucket))!;
    // Everything this connection said of what goes: the edges of the instance, its root volume, the snapshot and the bucket, and the detached attachment.
    const retiredEdges = new Map<string, Edge>();
    for (const id of [workerServer._id, new ObjectId(rootVolume), snapshotItem._id, bucketItem._id]) for (const e of await liveEdges(id)) retiredEdges.set(e._id, e);
    for (const e of edgesBefore.attached) retiredEdges.set(e._id, e);
    const before = await revisions();

    const run = await runDiscovery();
    expect(failures(run)).toEqual([]);
    expect(entry(run, 'SERVERS', 'us-east-1')).toMatchObject({ found: 1, deactivated: 1, keptByLock: 1 });
    expect(entry(run, 'SNAPSHOTS', 'us-east-1')).toMatchObject({ deactivated: 1 });
    expect(entry(run, 'OBJECT_STORAGE', 'global')).toMatchObject({ found: 0, deactivated: 1 });

    // The locked name stayed; the rest of the server followed AWS.
    const webAfter = (await item('Server', instancesA.web!))!;
    expect(plain(webAfter)).toMatchObject({ displayName: 'web', active: true });
    expect(webAfter.tags).toEqual(['Name:web-renamed', 'env:prod']);
    expect(webAfter.storage).not.toEqual(expect.arrayContaining([expect.objectContaining({ volumeProviderId: dataVolume })]));
    // What AWS no longer has is inactive, with when it was last seen; its edges from this connection are gone.
    const gone = (await item('Server', instancesA.worker!))!;
    expect(plain(gone)).toMatchObject({ active: false, lastSeenAt: expect.any(String) });
    expect(await liveEdges(gone._id)).toEqual([]);
    expect(plain(await item('Snapshot', snapshot))).toMatchObject({ active: false });
    expect(plain(await item('Resource', bucket))).toMatchObject({ active: false });
    // The detached volume stays, without its attachment.
    expect(plain(await item('Volume', dataVolume))).toMatchObject({ active: true });
    expect(await liveEdges(volume._id, 'ATTACHED_TO')).toEqual([]);

    // Nothing else changed.
    const changed = [...(await revisions())].filter(([id, revision]) => before.get(id) !== revision).map(([id]) => id);
    // The terminated instance's root volume goes with it (or is detached); the classic load balancer's target health may change.
    const expected = [web._id, workerServer._id, volume._id, new ObjectId(rootVolume), (await item('Snapshot', snapshot))!._id, (await item('Resource', bucket))!._id, (await item('LoadBalancer', 'legacy'))!._id];
    expect(new Set(changed)).toSatisfy((ids: Set<string>) => [...ids].every((id) => expected.some((e) => e.toHexString() === id)));
    expect(changed).toEqual(expect.arrayContaining([workerServer._id, (await item('Snapshot', snapshot))!._id, (await item('Resource', bucket))!._id, web._id].map((id) => id.toHexString())));
    const stillLive = await edges().countDocuments({ _id: { $in: [...retiredEdges.keys()] }, removed: { $ne: true } });
    expect(stillLive).toBe(0);

    // History says so, naming the connection and the run.
    const activity = await api.call<{ activity: { edges: Array<{ node: { operation: string; entityType: string; entityId: string } }> } }>(ACTIVITY, { run: run.id }, owner.accessToken);
    const operations = activity.data!.activity.edges.map((e) => e.node);
    // The terminated instance's root volume went with it.
    expect(operations.filter((o) => o.operation === 'DELETE').map((o) => o.entityType).sort()).toEqual(['Resource', 'Server', 'Snapshot', 'Volume']);
    expect(operations.find((o) => o.operation === 'DELETE' && o.entityType === 'Volume')!.entityId).toBe(toGlobalId('Volume', rootVolume));
    expect(operations.filter((o) => o.operation === 'UNLINK')).toHaveLength(retiredEdges.size);
  }, 180_000);

  it('brings back what reappears: the same item, active again, linked again', async () => {
    const bucketBefore = (await item('Resource', bucket))!;
    const { ec2, s3 } = await clientsIn(accountA, 'us-east-1');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await ec2.send(new AttachVolumeCommand({ VolumeId: dataVolume, InstanceId: instancesA.web, Device: '/dev/sdf' }));
    const run = await runDiscovery(owner, connectionA, { r: ['us-east-1'], k: ['VOLUMES', 'SERVERS', 'OBJECT_STORAGE'] });
    expect(failures(run)).toEqual([]);
    const back = (await item('Resource', bucket))!;
    expect(back._id.equals(bucketBefore._id)).toBe(true);
    expect(plain(back)).toMatchObject({ active: true, family: 'OBJECT_STORAGE' });
    expect(await db.collection('inventory').countDocuments({ type: 'Resource', 'external.id': bucket })).toBe(1);
    const volume = (await item('Volume', dataVolume))!;
    const web = (await item('Server', instancesA.web!))!;
    expect((await liveEdges(volume._id, 'ATTACHED_TO')).map((e) => e.to)).toEqual([web._id.toHexString()]);
    // The server owns the edge to its volumes: its crawl links it again, and shows the disk.
    expect(entry(run, 'SERVERS', 'us-east-1')).toMatchObject({ linked: 1 });
    expect(web.storage).toEqual(expect.arrayContaining([expect.objectContaining({ mount: '/dev/sdf', sizeGb: 20, volumeProviderId: dataVolume })]));
  }, 120_000);

  it('reports progress live to readers of the connection only', async () => {
    const subscription = 'subscription { discoveryRunChanged { id status entries { kind region status } } }';
    const baseline = await listenerBaseline(api.url, ['discoveryRunChanged']);
    const mine = record<{ discoveryRunChanged: Run }>(api.url.replace('http', 'ws') + '/graphql', owner.accessToken, subscription);
    const theirs = record<{ discoveryRunChanged: Run }>(api.url.replace('http', 'ws') + '/graphql', stranger.accessToken, subscription);
    try {
      await waitForListeners(api.url, { discoveryRunChanged: baseline.discoveryRunChanged! + 2 });
      const started = await startRun(owner, connectionA, { k: ['IMAGES'] });
      await mine.next((d) => d.discoveryRunChanged.id === started.id && d.discoveryRunChanged.entries.some((e) => e.status === 'RUNNING'), 'a job of the run running');
      await mine.next((d) => d.discoveryRunChanged.id === started.id && d.discoveryRunChanged.status === 'SUCCEEDED', 'the run to succeed');
      // The stranger's own run reaches them; the owner's never did.
      const theirRun = await startRun(stranger, connectionB, { k: ['IMAGES'] });
      await theirs.next((d) => d.discoveryRunChanged.id === theirRun.id && d.discoveryRunChanged.status === 'SUCCEEDED', 'their run to succeed');
      expect(theirs.data.some((d) => d.discoveryRunChanged.id === started.id)).toBe(false);
    } finally {
      await mine.dispose();
      await theirs.dispose();
    }
  }, 120_000);

  it('crawls every region enabled in the account when a connection lists none', async () => {
    const everywhere = await createConnection(stranger, accountB, SECRET_B, []);
    const { ec2 } = await clientsIn(accountB, 'us-east-1');
    const enabled = ((await ec2.send(new DescribeRegionsCommand({}))).Regions ?? []).map((r) => r.RegionName!).sort();
    expect(enabled.length).toBeGreaterThan(2);
    const run = await runDiscovery(stranger, everywhere.id, { k: ['IMAGES'] });
    expect(failures(run)).toEqual([]);
    expect(run.entries.map((e) => e.region).sort()).toEqual(enabled);
    expect(entry(run, 'IMAGES', 'us-east-1')).toMatchObject({ found: 1 });
  }, 120_000);

  it('skips a kind and region another run is still discovering, and says so', async () => {
    await worker.stop();
    const first = await startRun(owner, connectionA, { k: ['NETWORKS'], r: ['us-east-1'] });
    const second = await startRun(owner, connectionA, { k: ['NETWORKS'], r: ['us-east-1'] });
    expect(second.entries).toEqual([{ kind: 'NETWORKS', region: 'us-east-1', status: 'SKIPPED', error: 'Skipped: already being discovered by another run.' }]);
    worker = await startWorker();
    expect((await waitForRun(first.id, owner)).status).toBe('SUCCEEDED');
    expect((await waitForRun(second.id, owner)).status).toBe('SKIPPED');
  }, 120_000);

  it('makes one run per schedule tick, even when the tick runs twice, and skips a tick while the last run is still going', async () => {
    await worker.stop();
    const runs = api.app.services.discoveryRuns;
    const id = fromGlobalId(connectionA).id;
    const tick = `repeat:test-${randomBytes(4).toString('hex')}:1`;
    const first = (await runs.startScheduled(id, 'SNAPSHOTS', tick))!;
    expect(first.trigger).toBe('SCHEDULE');
    // The same tick again (its worker died after starting the run): the same run, nothing more.
    expect((await runs.startScheduled(id, 'SNAPSHOTS', tick))!._id.equals(first._id)).toBe(true);
    // The next tick while the first run is still queued: skipped, and the run says so.
    const next = (await runs.startScheduled(id, 'SNAPSHOTS', `${tick}0`))!;
    expect(Object.values(next.entries).map((e) => e.status)).toEqual(['SKIPPED', 'SKIPPED']);
    worker = await startWorker();
    expect((await waitForRun(toGlobalId('DiscoveryRun', first._id), owner)).status).toBe('SUCCEEDED');
    expect((await waitForRun(toGlobalId('DiscoveryRun', next._id), owner)).status).toBe('SKIPPED');
    const scheduled = await db.collection('discovery_runs').countDocuments({ connectionId: id.toHexString(), trigger: 'SCHEDULE' });
    expect(scheduled).toBe(2);
  }, 120_000);

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
    const run = await runDiscovery(owner, connectionA, { k: ['SERVERS', 'VOLUMES'] });
    expect(run.status).toBe('PARTIAL');
    const eu = run.entries.filter((e) => e.region === 'eu-west-1');
    expect(eu.every((e) => e.status === 'FAILED' && e.attempts === 3 && /not authorized/.test(e.error ?? ''))).toBe(true);
    expect(run.entries.filter((e) => e.region === 'us-east-1').every((e) => e.status === 'SUCCEEDED' && e.attempts === 1)).toBe(true);
    expect(throttled).toBe(2);
    expect(await db.collection('inventory').countDocuments({ 'external.region': 'eu-west-1', active: true })).toBe(before);
    const counts = await api.call<{ connection: { scheduleCounts: unknown } }>('query($id: ID!) { connection(id: $id) { scheduleCounts { total enabled failing } } }', { id: connectionA }, owner.accessToken);
    expect(counts.data?.connection.scheduleCounts).toEqual({ total: 9, enabled: 9, failing: 2 });
  }, 120_000);
});
