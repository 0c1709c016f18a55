import {
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  type SecurityGroup,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { tagsOf, tagValue } from './aws-tags.js';
import { IN_DATACENTER, collect, externalOf, textOrNull, type AwsClients, type CrawlContext, type DiscoveredRecord } from './records.js';

/**
 * VPCs, subnets and security groups → networks of kind `VPC`, `SUBNET` and
 * `SECURITY_GROUP`, in the datacenter. Subnets and security groups name
 * their VPC in `vpcProviderId` (no relation kind joins two networks).
 */

export interface NetworksListing {
  vpcs: Vpc[];
  subnets: Subnet[];
  securityGroups: SecurityGroup[];
}

export async function listNetworks(clients: Pick<AwsClients, 'ec2'>, _ctx: CrawlContext): Promise<NetworksListing> {
  const client = clients.ec2;
  const vpcs = await collect(paginateDescribeVpcs({ client }, {}), (page) => page.Vpcs);
  const subnets = await collect(paginateDescribeSubnets({ client }, {}), (page) => page.Subnets);
  const securityGroups = await collect(paginateDescribeSecurityGroups({ client }, {}), (page) => page.SecurityGroups);
  return { vpcs, subnets, securityGroups };
}

export function transformNetworks(listing: NetworksListing, ctx: CrawlContext): DiscoveredRecord[] {
  const records: DiscoveredRecord[] = [];
  const network = (id: string, fields: Record<string, unknown>) =>
    records.push({ type: 'Network', external: externalOf(ctx, id), fields: { providerId: id, region: ctx.region, ...fields }, links: [IN_DATACENTER] });

  for (const vpc of listing.vpcs) {
    if (!vpc.VpcId) continue;
    network(vpc.VpcId, {
      name: textOrNull(tagValue(vpc.Tags)) ?? vpc.VpcId,
      kind: 'VPC',
      cidr: textOrNull(vpc.CidrBlock, 50),
      zone: null,
      vpcProviderId: null,
      description: null,
      state: textOrNull(vpc.State, 50),
      tags: tagsOf(vpc.Tags),
    });
  }
  for (const subnet of listing.subnets) {
    if (!subnet.SubnetId) continue;
    network(subnet.SubnetId, {
      name: textOrNull(tagValue(subnet.Tags)) ?? subnet.SubnetId,
      kind: 'SUBNET',
      cidr: textOrNull(subnet.CidrBlock, 50),
      zone: textOrNull(subnet.AvailabilityZone, 100),
      vpcProviderId: textOrNull(subnet.VpcId),
      description: null,
      state: textOrNull(subnet.State, 50),
      tags: tagsOf(subnet.Tags),
    });
  }
  for (const group of listing.securityGroups) {
    if (!group.GroupId) continue;
    network(group.GroupId, {
      name: textOrNull(tagValue(group.Tags)) ?? textOrNull(group.GroupName) ?? group.GroupId,
      kind: 'SECURITY_GROUP',
      cidr: null,
      zone: null,
      vpcProviderId: textOrNull(group.VpcId),
      description: textOrNull(group.Description, 2000),
      state: null,
      tags: tagsOf(group.Tags),
    });
  }
  return records;
}
