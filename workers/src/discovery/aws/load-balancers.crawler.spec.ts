import { describe, expect, it } from 'vitest';
import {
  INTERNAL_NLB,
  IP_TG,
  IP_TG_ARN,
  IP_TG_HEALTH,
  LEGACY_ELB,
  LEGACY_HEALTH,
  UNUSED_TG,
  WEB_ALB,
  WEB_ALB_ARN,
  WEB_LISTENERS,
  WEB_TG,
  WEB_TG_ARN,
  WEB_TG_HEALTH,
} from './fixtures/elb.js';
import { IN_DATACENTER } from './records.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';
import { listLoadBalancers, transformLoadBalancers, type LoadBalancersListing } from './load-balancers.crawler.js';

const LISTING: LoadBalancersListing = {
  loadBalancers: [WEB_ALB, INTERNAL_NLB],
  listeners: WEB_LISTENERS,
  targetGroups: [WEB_TG, IP_TG],
  targetHealth: [
    { targetGroupArn: WEB_TG_ARN, targets: WEB_TG_HEALTH },
    { targetGroupArn: IP_TG_ARN, targets: IP_TG_HEALTH },
  ],
  tags: [{ ResourceArn: WEB_ALB_ARN, Tags: [{ Key: 'team', Value: 'web' }] }],
  classic: [LEGACY_ELB],
  classicHealth: [{ loadBalancerName: 'legacy-web', instances: LEGACY_HEALTH }],
  classicTags: [{ LoadBalancerName: 'legacy-web', Tags: [{ Key: 'legacy', Value: 'true' }] }],
};

const targets = (record: ReturnType<typeof transformLoadBalancers>[number]) => record.links.map((l) => ('type' in l.to ? `${l.kind} ${l.to.type} ${l.to.id}` : l.kind));

describe('load balancers → load balancers', () => {
  it('maps an application load balancer: listeners, target groups, health, TARGETS its instances once', () => {
    const [alb] = transformLoadBalancers(LISTING, CTX);
    expect(alb).toEqual({
      type: 'LoadBalancer',
      external: { provider: 'aws', account: '123456789012', region: 'eu-west-1', id: WEB_ALB_ARN },
      fields: {
        name: 'web-prod',
        service: 'ALB',
        endpoint: 'web-prod-1234567890.eu-west-1.elb.amazonaws.com',
        healthCheck: 'HTTP:traffic-port/health, HTTP:80/',
        ports: ['HTTPS:443', 'HTTP:80'],
        providerId: WEB_ALB_ARN,
        scheme: 'internet-facing',
        region: 'eu-west-1',
        zones: ['eu-west-1a', 'eu-west-1b'],
        vpcProviderId: 'vpc-0f1e2d3c4b5a69788',
        state: 'active',
        listeners: [
          { protocol: 'HTTPS', port: 443, targetProtocol: 'HTTP', targetPort: 8080, targetGroup: 'web-prod' },
          { protocol: 'HTTP', port: 80, targetProtocol: null, targetPort: null, targetGroup: null },
        ],
        targetGroups: [
          { name: 'web-prod', providerId: WEB_TG_ARN, protocol: 'HTTP', port: 8080, targetType: 'instance', healthCheck: 'HTTP:traffic-port/health' },
          { name: 'web-ip', providerId: IP_TG_ARN, protocol: 'HTTP', port: 80, targetType: 'ip', healthCheck: 'HTTP:80/' },
        ],
        targetHealth: [
          { target: 'i-0123456789abcdef0', port: 8080, targetGroup: 'web-prod', state: 'healthy', reason: null },
          { target: 'i-0fedcba9876543210', port: 8080, targetGroup: 'web-prod', state: 'unused', reason: 'Target is in the stopped state' },
          { target: 'i-0123456789abcdef0', port: 8081, targetGroup: 'web-prod', state: 'unhealthy', reason: 'Health checks failed' },
          { target: '10.0.1.99', port: 80, targetGroup: 'web-ip', state: 'healthy', reason: null },
        ],
        tags: ['team:web'],
      },
      links: [
        IN_DATACENTER,
        { kind: 'TARGETS', direction: 'out', to: { type: 'Server', id: 'i-0123456789abcdef0' } },
        { kind: 'TARGETS', direction: 'out', to: { type: 'Server', id: 'i-0fedcba9876543210' } },
      ],
    });
  });

  it('maps a network load balancer without listeners or targets', () => {
    const nlb = transformLoadBalancers(LISTING, CTX)[1]!;
    expect(nlb.fields).toMatchObject({ name: 'queue', service: 'NLB', scheme: 'internal', state: 'provisioning', ports: [], listeners: [], targetGroups: [], targetHealth: [], healthCheck: null, tags: [] });
    expect(nlb.links).toEqual([IN_DATACENTER]);
  });

  it('maps a classic load balancer, keyed by its name', () => {
    const elb = transformLoadBalancers(LISTING, CTX)[2]!;
    expect(elb.external.id).toBe('legacy-web');
    expect(elb.fields).toEqual({
      name: 'legacy-web',
      service: 'ELB',
      endpoint: 'legacy-web-1234567890.eu-west-1.elb.amazonaws.com',
      healthCheck: 'HTTP:8080/ping',
      ports: ['HTTP:80', 'TCP:22'],
      providerId: 'legacy-web',
      scheme: 'internet-facing',
      region: 'eu-west-1',
      zones: ['eu-west-1a', 'eu-west-1b'],
      vpcProviderId: 'vpc-0f1e2d3c4b5a69788',
      state: null,
      listeners: [
        { protocol: 'HTTP', port: 80, targetProtocol: 'HTTP', targetPort: 8080, targetGroup: null },
        { protocol: 'TCP', port: 22, targetProtocol: 'TCP', targetPort: 22, targetGroup: null },
      ],
      targetGroups: [],
      targetHealth: [
        { target: 'i-0123456789abcdef0', port: null, targetGroup: null, state: 'InService', reason: 'N/A' },
        { target: 'i-0aaaaaaaaaaaaaaa1', port: null, targetGroup: null, state: 'OutOfService', reason: 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.' },
      ],
      tags: ['legacy:true'],
    });
    expect(targets(elb)).toEqual(['LOCATED_IN', 'TARGETS Server i-0123456789abcdef0', 'TARGETS Server i-0aaaaaaaaaaaaaaa1']);
  });

  it('gives records the inventory accepts', () => {
    expectValidRecords(transformLoadBalancers(LISTING, CTX));
  });

  it('lists both APIs following every Marker, with listeners, target health and tags', async () => {
    const clients = testClients();
    const v2 = stubSend(clients.elbv2, {
      DescribeLoadBalancersCommand: paged('Marker', 'NextMarker', [{ LoadBalancers: [WEB_ALB] }, { LoadBalancers: [INTERNAL_NLB] }]),
      DescribeListenersCommand: (input) =>
        input.LoadBalancerArn === WEB_ALB_ARN ? paged('Marker', 'NextMarker', [{ Listeners: WEB_LISTENERS.slice(0, 1) }, { Listeners: WEB_LISTENERS.slice(1) }])(input) : { Listeners: [] },
      DescribeTargetGroupsCommand: paged('Marker', 'NextMarker', [{ TargetGroups: [WEB_TG, UNUSED_TG] }, { TargetGroups: [IP_TG] }]),
      DescribeTargetHealthCommand: (input) => ({ TargetHealthDescriptions: input.TargetGroupArn === WEB_TG_ARN ? WEB_TG_HEALTH : IP_TG_HEALTH }),
      DescribeTagsCommand: (input) => ({ TagDescriptions: (input.ResourceArns as string[]).map((a) => ({ ResourceArn: a, Tags: [] })) }),
    });
    const classic = stubSend(clients.elb, {
      DescribeLoadBalancersCommand: paged('Marker', 'NextMarker', [{ LoadBalancerDescriptions: [] }, { LoadBalancerDescriptions: [LEGACY_ELB] }]),
      DescribeInstanceHealthCommand: () => ({ InstanceStates: LEGACY_HEALTH }),
      DescribeTagsCommand: () => ({ TagDescriptions: [{ LoadBalancerName: 'legacy-web', Tags: [{ Key: 'legacy', Value: 'true' }] }] }),
    });
    const listing = await listLoadBalancers(clients, CTX);
    expect(listing.loadBalancers.map((lb) => lb.LoadBalancerName)).toEqual(['web-prod', 'queue']);
    expect(listing.listeners).toHaveLength(2);
    expect(listing.targetGroups.map((g) => g.TargetGroupName)).toEqual(['web-prod', 'web-ip']);
    expect(listing.targetHealth.map((h) => h.targets.length)).toEqual([3, 1]);
    expect(listing.classic.map((lb) => lb.LoadBalancerName)).toEqual(['legacy-web']);
    expect(v2.map((c) => [c.command, c.input.Marker ?? c.input.LoadBalancerArn ?? c.input.TargetGroupArn ?? c.input.ResourceArns])).toEqual([
      ['DescribeLoadBalancersCommand', undefined],
      ['DescribeLoadBalancersCommand', 'page-1'],
      ['DescribeListenersCommand', WEB_ALB_ARN],
      ['DescribeListenersCommand', 'page-1'],
      ['DescribeListenersCommand', INTERNAL_NLB.LoadBalancerArn],
      ['DescribeTargetGroupsCommand', undefined],
      ['DescribeTargetGroupsCommand', 'page-1'],
      ['DescribeTargetHealthCommand', WEB_TG_ARN],
      ['DescribeTargetHealthCommand', IP_TG_ARN],
      ['DescribeTagsCommand', [WEB_ALB_ARN, INTERNAL_NLB.LoadBalancerArn]],
    ]);
    expect(classic.map((c) => c.command)).toEqual(['DescribeLoadBalancersCommand', 'DescribeLoadBalancersCommand', 'DescribeInstanceHealthCommand', 'DescribeTagsCommand']);
    expect(transformLoadBalancers(listing, CTX)).toHaveLength(3);
  });

  it('asks for tags 20 load balancers at a time', async () => {
    const clients = testClients();
    const many = Array.from({ length: 45 }, (_, i) => ({ ...INTERNAL_NLB, LoadBalancerArn: `${INTERNAL_NLB.LoadBalancerArn}-${i}`, LoadBalancerName: `nlb-${i}` }));
    const calls = stubSend(clients.elbv2, {
      DescribeLoadBalancersCommand: () => ({ LoadBalancers: many }),
      DescribeListenersCommand: () => ({ Listeners: [] }),
      DescribeTargetGroupsCommand: () => ({ TargetGroups: [] }),
      DescribeTagsCommand: () => ({ TagDescriptions: [] }),
    });
    stubSend(clients.elb, { DescribeLoadBalancersCommand: () => ({ LoadBalancerDescriptions: [] }) });
    await listLoadBalancers(clients, CTX);
    expect(calls.filter((c) => c.command === 'DescribeTagsCommand').map((c) => (c.input.ResourceArns as string[]).length)).toEqual([20, 20, 5]);
  });
});
