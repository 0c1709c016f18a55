import { randomInt } from 'node:crypto';
import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateSnapshotCommand, CreateVolumeCommand, DescribeSubnetsCommand, RegisterImageCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing';
import { CreateLoadBalancerCommand, CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { crawl, type CrawlerKind } from '../workers/src/discovery/aws/crawlers.ts';
import type { AwsClients } from '../workers/src/discovery/aws/records.ts';
import { awsClients, credentialsIn, type AwsCredentials } from './support/aws.ts';

/*
 * Every list call of the crawlers follows its pagination token to the end:
 * against moto, with the smallest page size each AWS call accepts forced on
 * every request (a middleware on the real SDK clients), each kind still
 * finds everything, over several pages.
 */

// moto pages DescribeInstances (by reservation) and both DescribeLoadBalancers; it answers the other calls whole, and
// ListBuckets with max-buckets cuts the list without a continuation token (so S3 keeps its default page here).
const REGION = 'us-east-1';
const N = 6;

/** The page-size parameter of each paged call, and the smallest value AWS accepts. */
const PAGE_SIZES: Record<string, [string, number]> = {
  DescribeInstancesCommand: ['MaxResults', 5],
  DescribeInstanceTypesCommand: ['MaxResults', 5],
  DescribeVolumesCommand: ['MaxResults', 5],
  DescribeSnapshotsCommand: ['MaxResults', 5],
  DescribeImagesCommand: ['MaxResults', 5],
  DescribeVpcsCommand: ['MaxResults', 5],
  DescribeSubnetsCommand: ['MaxResults', 5],
  DescribeSecurityGroupsCommand: ['MaxResults', 5],
  DescribeDBInstancesCommand: ['MaxRecords', 20],
  DescribeLoadBalancersCommand: ['PageSize', 1],
  DescribeTargetGroupsCommand: ['PageSize', 1],
  ListDistributionsCommand: ['MaxItems', 1],
};

describe('discovery follows every page', () => {
  const account = String(randomInt(100_000_000_000, 999_999_999_999));
  let credentials: AwsCredentials;
  /** Requests per command, with the page size forced. */
  const requests = new Map<string, number>();

  function clients(paged: boolean): AwsClients {
    const all: AwsClients = awsClients(credentials, REGION);
    if (!paged) return all;
    for (const client of Object.values(all)) {
      const stack = client.middlewareStack as unknown as { add(mw: unknown, options: Record<string, unknown>): void };
      stack.add(
        (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string; clientName?: string }) => async (args: { input: Record<string, unknown> }) => {
          const name = context.commandName ?? '';
          const size = PAGE_SIZES[name];
          if (size) args.input[size[0]] = size[1];
          const key = `${context.clientName ?? ''}.${name}`;
          requests.set(key, (requests.get(key) ?? 0) + 1);
          return next(args);
        },
        { step: 'initialize', name: 'smallestPages' },
      );
    }
    return all;
  }

  beforeAll(async () => {
    credentials = await credentialsIn(account, REGION);
    const { ec2, rds, elbv2, elb, s3, cloudfront } = clients(false);
    const subnets = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets!;
    for (let i = 0; i < N; i += 1) {
      const image = (await ec2.send(new RegisterImageCommand({ Name: `img-${i}`, RootDeviceName: '/dev/sda1' }))).ImageId!;
      // One reservation each: DescribeInstances pages by reservation.
      await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', SubnetId: subnets[0]!.SubnetId }));
      const volume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: subnets[0]!.AvailabilityZone, Size: 1 }))).VolumeId!;
      await ec2.send(new CreateSnapshotCommand({ VolumeId: volume }));
      await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: `db-${i}`, Engine: 'postgres', DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, MasterUsername: 'admin', MasterUserPassword: 'password-1234' }));
      await elbv2.send(new CreateLoadBalancerCommand({ Name: `lb-${i}`, Subnets: subnets.slice(0, 2).map((s) => s.SubnetId!) }));
      await elbv2.send(new CreateTargetGroupCommand({ Name: `tg-${i}`, Protocol: 'HTTP', Port: 80, VpcId: subnets[0]!.VpcId }));
      await elb.send(new CreateClassicLoadBalancerCommand({ LoadBalancerName: `classic-${i}`, AvailabilityZones: [subnets[0]!.AvailabilityZone!], Listeners: [{ Protocol: 'TCP', LoadBalancerPort: 80, InstancePort: 80 }] }));
      await s3.send(new CreateBucketCommand({ Bucket: `pages-${account}-${i}` }));
      await cloudfront.send(
        new CreateDistributionCommand({
          DistributionConfig: {
            CallerReference: `pages-${account}-${i}`,
            Comment: '',
            Enabled: true,
            Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: `pages-${account}-${i}.s3.amazonaws.com`, S3OriginConfig: { OriginAccessIdentity: '' } }] },
            DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: 'allow-all', MinTTL: 0, ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } } },
          },
        }),
      );
    }
  }, 120_000);

  it.each<[CrawlerKind, string, string[]]>([
    ['servers', 'Server', ['EC2Client.DescribeInstancesCommand']],
    ['volumes', 'Volume', []],
    ['snapshots', 'Snapshot', []],
    ['images', 'Image', []],
    ['networks', 'Network', []],
    ['databases', 'Database', []],
    ['loadBalancers', 'LoadBalancer', ['ElasticLoadBalancingV2Client.DescribeLoadBalancersCommand', 'ElasticLoadBalancingClient.DescribeLoadBalancersCommand']],
    ['objectStorage', 'Resource', []],
    ['cdn', 'Resource', []],
  ])('%s: the same records over the smallest pages as over the largest', async (kind, type, pagedCommands) => {
    const ctx = { account, region: REGION };
    const whole = await crawl(kind, clients(false), ctx);
    requests.clear();
    const paged = await crawl(kind, clients(true), ctx);
    const ids = (records: typeof whole) => records.filter((r) => r.type === type && r.external.account === account).map((r) => r.external.id).sort();
    expect(ids(paged)).toEqual(ids(whole));
    expect(ids(whole).length).toBeGreaterThanOrEqual(N);
    // The calls moto pages for real (it answers the others whole, whatever the page size asked) came back in several pages, each followed.
    for (const command of pagedCommands) expect(requests.get(command), command).toBeGreaterThan(1);
  });
});
