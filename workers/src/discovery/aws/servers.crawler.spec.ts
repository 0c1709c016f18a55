import { describe, expect, it } from 'vitest';
import { INSTANCE_TYPES, NAMELESS, ROOT_VOLUME, DATA_VOLUME, SHUTTING_DOWN, TERMINATED, WEB_1, WINDOWS_NO_DNS, WORKER_STOPPED } from './fixtures/ec2.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';
import { hostnameOf, instanceSizes, listServers, osOf, serverRecords, transformServers } from './servers.crawler.js';

const sizes = instanceSizes(INSTANCE_TYPES);
const volumes = new Map([ROOT_VOLUME, DATA_VOLUME].map((v) => [v.VolumeId!, v]));
const byId = (records: ReturnType<typeof serverRecords>) => new Map(records.map((r) => [r.external.id, r]));

describe('EC2 instances → servers', () => {
  it('maps every field of a running instance', () => {
    const [record] = serverRecords([WEB_1], CTX, sizes, volumes);
    expect(record).toEqual({
      type: 'Server',
      external: { provider: 'aws', account: '123456789012', region: 'eu-west-1', id: 'i-0123456789abcdef0' },
      fields: {
        hostname: 'ip-10-0-1-23.eu-west-1.compute.internal',
        displayName: 'web-1',
        ipv4Private: '10.0.1.23',
        ipv4Public: '54.170.12.34',
        dnsPrivate: 'ip-10-0-1-23.eu-west-1.compute.internal',
        dnsPublic: 'ec2-54-170-12-34.eu-west-1.compute.amazonaws.com',
        instanceType: 't3.large',
        architecture: 'x86_64',
        imageId: 'ami-0a1b2c3d4e5f60718',
        state: 'running',
        cpu: 2,
        memory: 8,
        os: { base: 'LINUX', distribution: 'Red Hat Enterprise Linux' },
        placement: { region: 'eu-west-1', zone: 'eu-west-1a', instanceId: 'i-0123456789abcdef0' },
        storage: [
          { mount: '/dev/xvda', sizeGb: 30, rootDevice: true, type: 'gp3', volumeProviderId: 'vol-0root000000000001' },
          { mount: '/dev/sdf', sizeGb: 500, rootDevice: false, type: 'st1', volumeProviderId: 'vol-0data000000000001' },
        ],
        authMethods: [{ kind: 'ssh', port: 22, keyPair: 'ops-2024' }],
        tags: ['Name:web-1', 'aws:cloudformation:stack-name:web_prod', 'team:payments'],
      },
      links: [
        { kind: 'LOCATED_IN', direction: 'out', to: { datacenter: true } },
        { kind: 'USES', direction: 'out', to: { type: 'Network', id: 'subnet-0aa11bb22cc33dd44' } },
        { kind: 'USES', direction: 'out', to: { type: 'Network', id: 'subnet-0mgmt00000000001' } },
        { kind: 'USES', direction: 'out', to: { type: 'Network', id: 'vpc-0f1e2d3c4b5a69788' } },
        { kind: 'USES', direction: 'out', to: { type: 'Network', id: 'sg-0web0000000000001' } },
        { kind: 'USES', direction: 'out', to: { type: 'Network', id: 'sg-0mgmt000000000001' } },
        { kind: 'ATTACHED_TO', direction: 'in', to: { type: 'Volume', id: 'vol-0root000000000001' } },
        { kind: 'ATTACHED_TO', direction: 'in', to: { type: 'Volume', id: 'vol-0data000000000001' } },
      ],
    });
    expect(record).not.toHaveProperty('active');
  });

  it('keeps a stopped instance with its state, clearing what AWS no longer reports', () => {
    const record = byId(serverRecords([WORKER_STOPPED], CTX, sizes)).get('i-0fedcba9876543210');
    expect(record?.fields).toMatchObject({
      hostname: 'ip-10-0-2-40.eu-west-1.compute.internal',
      displayName: 'batch worker (old)',
      state: 'stopped',
      ipv4Public: null,
      dnsPublic: null,
      cpu: 4,
      memory: 16,
      os: { base: 'LINUX' },
      storage: [],
    });
    expect(record?.fields.os).not.toHaveProperty('distribution');
    expect(record?.fields).not.toHaveProperty('authMethods');
    expect(record?.links).toEqual([
      { kind: 'LOCATED_IN', direction: 'out', to: { datacenter: true } },
      { kind: 'USES', direction: 'out', to: { type: 'Network', id: 'subnet-0bb11bb22cc33dd44' } },
      { kind: 'USES', direction: 'out', to: { type: 'Network', id: 'vpc-0f1e2d3c4b5a69788' } },
    ]);
  });

  it('drops terminated and shutting-down instances', () => {
    const records = serverRecords([TERMINATED, WEB_1, SHUTTING_DOWN, WORKER_STOPPED], CTX, sizes);
    expect(records.map((r) => r.external.id)).toEqual(['i-0123456789abcdef0', 'i-0fedcba9876543210']);
  });

  it('names a server by private DNS, else a Name tag that is a hostname, else the instance id', () => {
    expect(hostnameOf(WEB_1, 'i-0123456789abcdef0')).toBe('ip-10-0-1-23.eu-west-1.compute.internal');
    expect(hostnameOf(WINDOWS_NO_DNS, 'i-0aaaaaaaaaaaaaaa1')).toBe('ad-01');
    expect(hostnameOf(NAMELESS, 'i-0bbbbbbbbbbbbbbb2')).toBe('i-0bbbbbbbbbbbbbbb2');
    expect(hostnameOf({ ...NAMELESS, Tags: [] }, 'i-0bbbbbbbbbbbbbbb2')).toBe('i-0bbbbbbbbbbbbbbb2');
    const nameless = serverRecords([NAMELESS], CTX, sizes)[0]!;
    expect(nameless.fields).toMatchObject({ hostname: 'i-0bbbbbbbbbbbbbbb2', displayName: 'my build box', ipv4Private: null, dnsPrivate: null });
  });

  it('leaves CPU and memory out for an instance type it has no size of, and os when AWS says nothing', () => {
    const { fields } = serverRecords([NAMELESS], CTX, sizes)[0]!;
    expect(fields).not.toHaveProperty('cpu');
    expect(fields).not.toHaveProperty('memory');
    expect(fields).not.toHaveProperty('os');
    expect(fields.instanceType).toBe('c7g.medium');
  });

  it('reads Windows from Platform (as the API spells it and as the SDK types it) and gives its key pair as RDP', () => {
    expect(osOf({ Platform: 'windows' as never })).toEqual({ base: 'WINDOWS' });
    expect(osOf({ PlatformDetails: 'Windows with SQL Server Standard' })).toEqual({ base: 'WINDOWS' });
    expect(osOf({ PlatformDetails: 'SUSE Linux' })).toEqual({ base: 'LINUX', distribution: 'SUSE Linux Enterprise Server' });
    expect(osOf({ PlatformDetails: 'Ubuntu Pro' })).toEqual({ base: 'LINUX', distribution: 'Ubuntu' });
    expect(osOf({})).toBeUndefined();
    const { fields } = serverRecords([WINDOWS_NO_DNS], CTX, sizes)[0]!;
    expect(fields).toMatchObject({ os: { base: 'WINDOWS' }, authMethods: [{ kind: 'rdp', port: 3389, keyPair: 'win-admins' }], cpu: 2, memory: 8, state: 'pending' });
  });

  it('gives records the inventory accepts', () => {
    expectValidRecords(serverRecords([WEB_1, WORKER_STOPPED, WINDOWS_NO_DNS, NAMELESS], CTX, sizes, volumes));
  });

  it('sizes instance types from DescribeInstanceTypes', () => {
    expect(Object.fromEntries(instanceSizes(INSTANCE_TYPES))).toEqual({
      't3.large': { vcpus: 2, memoryGb: 8 },
      'm5.xlarge': { vcpus: 4, memoryGb: 16 },
      'm5.large': { vcpus: 2, memoryGb: 8 },
    });
  });
});

describe('listServers', () => {
  it('follows every page of instances, then sizes their types; its disks are the volumes the inventory knows', async () => {
    const clients = testClients();
    const calls = stubSend(clients.ec2, {
      DescribeInstancesCommand: paged('NextToken', 'NextToken', [
        { Reservations: [{ ReservationId: 'r-1', OwnerId: CTX.account, Instances: [WEB_1] }] },
        { Reservations: [{ ReservationId: 'r-2', OwnerId: CTX.account, Instances: [WORKER_STOPPED, TERMINATED] }] },
        { Reservations: [] },
      ]),
      DescribeInstanceTypesCommand: paged('NextToken', 'NextToken', [{ InstanceTypes: INSTANCE_TYPES.slice(0, 1) }, { InstanceTypes: INSTANCE_TYPES.slice(1, 2) }]),
    });
    const known = [
      { type: 'Volume', id: 'vol-0root000000000001', fields: { sizeGb: 30, volumeType: 'gp3' } },
      { type: 'Volume', id: 'vol-0data000000000001', fields: { sizeGb: 500, volumeType: 'st1' } },
      { type: 'Volume', id: 'vol-0free000000000001', fields: { sizeGb: 8, volumeType: 'gp2' } },
      { type: 'Network', id: 'vpc-0f1e2d3c4b5a69788', fields: {} },
    ];
    const ctx = { ...CTX, known };
    const listing = await listServers(clients, CTX);
    expect(listing.instances.map((i) => i.InstanceId)).toEqual(['i-0123456789abcdef0', 'i-0fedcba9876543210', 'i-0ccccccccccccccc3']);
    expect(listing.instanceTypes.map((t) => t.InstanceType)).toEqual(['t3.large', 'm5.xlarge']);
    expect(calls.map((c) => [c.command, c.input.NextToken])).toEqual([
      ['DescribeInstancesCommand', undefined],
      ['DescribeInstancesCommand', 'page-1'],
      ['DescribeInstancesCommand', 'page-2'],
      ['DescribeInstanceTypesCommand', undefined],
      ['DescribeInstanceTypesCommand', 'page-1'],
    ]);
    // Types of present instances only (not the terminated one).
    expect(calls[3]!.input.InstanceTypes).toEqual(['t3.large', 'm5.xlarge']);
    const records = transformServers(listing, ctx);
    expect(records.map((r) => r.external.id)).toEqual(['i-0123456789abcdef0', 'i-0fedcba9876543210']);
    expect(records[0]!.fields.storage).toEqual([
      { mount: '/dev/xvda', sizeGb: 30, rootDevice: true, type: 'gp3', volumeProviderId: 'vol-0root000000000001' },
      { mount: '/dev/sdf', sizeGb: 500, rootDevice: false, type: 'st1', volumeProviderId: 'vol-0data000000000001' },
    ]);
    // Without volume discovery the disks are there, their sizes unknown.
    const alone = transformServers(listing, CTX);
    expect(alone[0]!.fields.storage).toEqual([
      { mount: '/dev/xvda', sizeGb: null, rootDevice: true, type: null, volumeProviderId: 'vol-0root000000000001' },
      { mount: '/dev/sdf', sizeGb: null, rootDevice: false, type: null, volumeProviderId: 'vol-0data000000000001' },
    ]);
  });

  it('asks for instance types at most 100 at a time', async () => {
    const clients = testClients();
    const instances = Array.from({ length: 150 }, (_, i) => ({ InstanceId: `i-${i}`, InstanceType: `x${i}.large`, State: { Name: 'running' } }));
    const calls = stubSend(clients.ec2, {
      DescribeInstancesCommand: () => ({ Reservations: [{ Instances: instances }] }),
      DescribeInstanceTypesCommand: () => ({ InstanceTypes: [] }),
    });
    await listServers(clients, CTX);
    expect(calls.filter((c) => c.command === 'DescribeInstanceTypesCommand').map((c) => (c.input.InstanceTypes as string[]).length)).toEqual([100, 50]);
  });

  it('fails when a page fails: a listing is complete or nothing', async () => {
    const clients = testClients();
    const pages = paged('NextToken', 'NextToken', [{ Reservations: [{ Instances: [WEB_1] }] }, { Reservations: [] }]);
    stubSend(clients.ec2, {
      DescribeInstancesCommand: (input) => {
        if (input.NextToken) throw Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
        return pages(input);
      },
    });
    await expect(listServers(clients, CTX)).rejects.toThrow('Request limit exceeded.');
  });
});
