import { describe, expect, it } from 'vitest';
import { DEFAULT_VPC, SUBNET, TAGGED_GROUP, UNTAGGED_SUBNET, VPC, WEB_GROUP } from './fixtures/ec2.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';
import { listNetworks, transformNetworks } from './networks.crawler.js';
import { NETWORK_KINDS } from '../../../../server/src/modules/inventory/definitions.js';

const IN_DC = [{ kind: 'LOCATED_IN', direction: 'out', to: { datacenter: true } }];
const external = (id: string) => ({ provider: 'aws', account: '123456789012', region: 'eu-west-1', id });

describe('VPCs, subnets and security groups → networks', () => {
  it('maps each kind with its fields', () => {
    const records = transformNetworks({ vpcs: [VPC], subnets: [SUBNET], securityGroups: [WEB_GROUP] }, CTX);
    expect(records).toEqual([
      {
        type: 'Network',
        external: external('vpc-0f1e2d3c4b5a69788'),
        fields: { providerId: 'vpc-0f1e2d3c4b5a69788', region: 'eu-west-1', name: 'prod', kind: 'VPC', cidr: '10.0.0.0/16', zone: null, vpcProviderId: null, description: null, state: 'available', tags: ['Name:prod', 'env:production'] },
        links: IN_DC,
      },
      {
        type: 'Network',
        external: external('subnet-0aa11bb22cc33dd44'),
        fields: { providerId: 'subnet-0aa11bb22cc33dd44', region: 'eu-west-1', name: 'prod-public-a', kind: 'SUBNET', cidr: '10.0.1.0/24', zone: 'eu-west-1a', vpcProviderId: 'vpc-0f1e2d3c4b5a69788', description: null, state: 'available', tags: ['Name:prod-public-a'] },
        links: IN_DC,
      },
      {
        type: 'Network',
        external: external('sg-0web0000000000001'),
        fields: { providerId: 'sg-0web0000000000001', region: 'eu-west-1', name: 'web', kind: 'SECURITY_GROUP', cidr: null, zone: null, vpcProviderId: 'vpc-0f1e2d3c4b5a69788', description: 'HTTP and HTTPS from anywhere', state: null, tags: [] },
        links: IN_DC,
      },
    ]);
    for (const record of records) expect(NETWORK_KINDS).toContain(record.fields.kind);
  });

  it('names by the Name tag, else the id (VPCs, subnets) or the group name (security groups)', () => {
    const names = transformNetworks({ vpcs: [DEFAULT_VPC], subnets: [UNTAGGED_SUBNET], securityGroups: [TAGGED_GROUP] }, CTX).map((r) => r.fields.name);
    expect(names).toEqual(['vpc-0default000000001', 'subnet-0default00000001', 'default-eu']);
  });

  it('gives records the inventory accepts', () => {
    expectValidRecords(transformNetworks({ vpcs: [VPC, DEFAULT_VPC], subnets: [SUBNET, UNTAGGED_SUBNET], securityGroups: [WEB_GROUP, TAGGED_GROUP] }, CTX));
  });

  it('follows the pages of all three listings', async () => {
    const clients = testClients();
    const calls = stubSend(clients.ec2, {
      DescribeVpcsCommand: paged('NextToken', 'NextToken', [{ Vpcs: [VPC] }, { Vpcs: [DEFAULT_VPC] }]),
      DescribeSubnetsCommand: paged('NextToken', 'NextToken', [{ Subnets: [SUBNET] }, { Subnets: [UNTAGGED_SUBNET] }]),
      DescribeSecurityGroupsCommand: paged('NextToken', 'NextToken', [{ SecurityGroups: [WEB_GROUP] }, { SecurityGroups: [] }, { SecurityGroups: [TAGGED_GROUP] }]),
    });
    const listing = await listNetworks(clients, CTX);
    expect([listing.vpcs.length, listing.subnets.length, listing.securityGroups.length]).toEqual([2, 2, 2]);
    expect(calls).toHaveLength(7);
  });
});
