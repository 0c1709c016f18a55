import {
  DescribeInstanceHealthCommand,
  DescribeTagsCommand as DescribeClassicTagsCommand,
  paginateDescribeLoadBalancers as paginateDescribeClassicLoadBalancers,
  type InstanceState,
  type LoadBalancerDescription,
  type TagDescription as ClassicTagDescription,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type Listener,
  type LoadBalancer,
  type TagDescription,
  type TargetGroup,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { tagsOf } from './aws-tags.js';
import {
  chunks,
  clip,
  collect,
  externalOf,
  IN_DATACENTER,
  linkTo,
  numberOrNull,
  textOrNull,
  unique,
  type AwsClients,
  type CrawlContext,
  type DiscoveredLink,
  type DiscoveredRecord,
} from './records.js';

/**
 * Load balancers → load balancers: application, network and gateway ones
 * (ELBv2, keyed by ARN) and classic ones (keyed by name, which is unique
 * in an account and region). Each TARGETS the instances it sends traffic
 * to; targets that are IP addresses or functions have no server to point
 * at and appear only in `targetHealth`, with every target's health.
 * No relation kind lets a load balancer be LOCATED_IN a datacenter.
 */

export interface LoadBalancersListing {
  loadBalancers: LoadBalancer[];
  listeners: Listener[];
  /** Target groups of at least one of the load balancers. */
  targetGroups: TargetGroup[];
  targetHealth: Array<{ targetGroupArn: string; targets: TargetHealthDescription[] }>;
  tags: TagDescription[];
  classic: LoadBalancerDescription[];
  classicHealth: Array<{ loadBalancerName: string; instances: InstanceState[] }>;
  classicTags: ClassicTagDescription[];
}

/** `DescribeTags` takes at most 20 load balancers (both APIs). */
const TAGS_PER_CALL = 20;

export async function listLoadBalancers(clients: Pick<AwsClients, 'elbv2' | 'elb'>, _ctx: CrawlContext): Promise<LoadBalancersListing> {
  const client = clients.elbv2;
  const loadBalancers = await collect(paginateDescribeLoadBalancers({ client }, {}), (page) => page.LoadBalancers);
  const listeners: Listener[] = [];
  for (const arn of unique(loadBalancers.map((lb) => lb.LoadBalancerArn))) {
    listeners.push(...(await collect(paginateDescribeListeners({ client }, { LoadBalancerArn: arn }), (page) => page.Listeners)));
  }
  const allGroups = await collect(paginateDescribeTargetGroups({ client }, {}), (page) => page.TargetGroups);
  const targetGroups = allGroups.filter((g) => (g.LoadBalancerArns ?? []).length > 0);
  const targetHealth: LoadBalancersListing['targetHealth'] = [];
  for (const arn of unique(targetGroups.map((g) => g.TargetGroupArn))) {
    const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    targetHealth.push({ targetGroupArn: arn, targets: out.TargetHealthDescriptions ?? [] });
  }
  const tags: TagDescription[] = [];
  for (const arns of chunks(unique(loadBalancers.map((lb) => lb.LoadBalancerArn)), TAGS_PER_CALL)) {
    tags.push(...((await client.send(new DescribeTagsCommand({ ResourceArns: arns }))).TagDescriptions ?? []));
  }

  const classicClient = clients.elb;
  const classic = await collect(paginateDescribeClassicLoadBalancers({ client: classicClient }, {}), (page) => page.LoadBalancerDescriptions);
  const classicHealth: LoadBalancersListing['classicHealth'] = [];
  const classicTags: ClassicTagDescription[] = [];
  const names = unique(classic.map((lb) => lb.LoadBalancerName));
  for (const name of names) {
    const out = await classicClient.send(new DescribeInstanceHealthCommand({ LoadBalancerName: name }));
    classicHealth.push({ loadBalancerName: name, instances: out.InstanceStates ?? [] });
  }
  for (const batch of chunks(names, TAGS_PER_CALL)) {
    classicTags.push(...((await classicClient.send(new DescribeClassicTagsCommand({ LoadBalancerNames: batch }))).TagDescriptions ?? []));
  }
  return { loadBalancers, listeners, targetGroups, targetHealth, tags, classic, classicHealth, classicTags };
}

const SERVICE_BY_TYPE: Record<string, string> = { application: 'ALB', network: 'NLB', gateway: 'GWLB' };

/** `HTTP:traffic-port/health`: how a target group checks its targets. */
export function healthCheckOf(group: TargetGroup): string | null {
  if (!group.HealthCheckProtocol && !group.HealthCheckPort) return null;
  return clip(`${group.HealthCheckProtocol ?? ''}:${group.HealthCheckPort ?? ''}${group.HealthCheckPath ?? ''}`, 500);
}

/** The target groups a listener forwards to: its default `forward` actions, simple or weighted. */
function forwardedGroups(listener: Listener): string[] {
  return unique(
    (listener.DefaultActions ?? []).flatMap((action) => [action.TargetGroupArn, ...(action.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)]),
  );
}

function portLabel(protocol: string | undefined, port: number | undefined): string | null {
  if (port === undefined) return null;
  return protocol ? `${protocol}:${port}` : String(port);
}

export function transformLoadBalancers(listing: LoadBalancersListing, ctx: CrawlContext): DiscoveredRecord[] {
  const groups = new Map(listing.targetGroups.flatMap((g) => (g.TargetGroupArn ? [[g.TargetGroupArn, g] as const] : [])));
  const health = new Map(listing.targetHealth.map((h) => [h.targetGroupArn, h.targets]));
  const tags = new Map(listing.tags.map((t) => [t.ResourceArn, t.Tags]));
  const records: DiscoveredRecord[] = [];

  for (const lb of listing.loadBalancers) {
    const arn = lb.LoadBalancerArn;
    if (!arn || !lb.LoadBalancerName) continue;
    const listeners = listing.listeners.filter((l) => l.LoadBalancerArn === arn);
    const lbGroups = listing.targetGroups.filter((g) => g.LoadBalancerArns?.includes(arn));
    const links: DiscoveredLink[] = [];
    const targetHealth: Array<Record<string, unknown>> = [];
    for (const group of lbGroups) {
      for (const target of health.get(group.TargetGroupArn ?? '') ?? []) {
        const targetId = target.Target?.Id;
        if (!targetId) continue;
        targetHealth.push({
          target: clip(targetId, 200),
          port: numberOrNull(target.Target?.Port),
          targetGroup: textOrNull(group.TargetGroupName),
          state: textOrNull(target.TargetHealth?.State, 50),
          reason: textOrNull(target.TargetHealth?.Description ?? target.TargetHealth?.Reason, 500),
        });
        if (group.TargetType === 'instance') links.push(linkTo('TARGETS', 'Server', targetId));
      }
    }
    const healthChecks = unique(lbGroups.map(healthCheckOf));
    records.push({
      type: 'LoadBalancer',
      external: externalOf(ctx, arn),
      fields: {
        name: lb.LoadBalancerName,
        service: SERVICE_BY_TYPE[lb.Type ?? ''] ?? 'ELB',
        endpoint: textOrNull(lb.DNSName, 500),
        healthCheck: healthChecks.length > 0 ? clip(healthChecks.join(', '), 500) : null,
        ports: unique(listeners.map((l) => portLabel(l.Protocol, l.Port))).slice(0, 50),
        providerId: clip(arn, 200),
        scheme: textOrNull(lb.Scheme, 50),
        region: ctx.region,
        zones: unique((lb.AvailabilityZones ?? []).map((z) => z.ZoneName)),
        vpcProviderId: textOrNull(lb.VpcId),
        state: textOrNull(lb.State?.Code, 50),
        listeners: listeners.slice(0, 100).map((l) => {
          const group = groups.get(forwardedGroups(l)[0] ?? '');
          return {
            protocol: textOrNull(l.Protocol, 20),
            port: numberOrNull(l.Port),
            targetProtocol: textOrNull(group?.Protocol, 20),
            targetPort: numberOrNull(group?.Port),
            targetGroup: textOrNull(group?.TargetGroupName),
          };
        }),
        targetGroups: lbGroups.slice(0, 100).map((g) => ({
          name: textOrNull(g.TargetGroupName),
          providerId: textOrNull(g.TargetGroupArn, 500),
          protocol: textOrNull(g.Protocol, 20),
          port: numberOrNull(g.Port),
          targetType: textOrNull(g.TargetType, 20),
          healthCheck: healthCheckOf(g),
        })),
        targetHealth: targetHealth.slice(0, 500),
        tags: tagsOf(tags.get(arn)),
      },
      links: [IN_DATACENTER, ...uniqueLinks(links)],
    });
  }

  const classicHealth = new Map(listing.classicHealth.map((h) => [h.loadBalancerName, h.instances]));
  const classicTags = new Map(listing.classicTags.map((t) => [t.LoadBalancerName, t.Tags]));
  for (const lb of listing.classic) {
    const name = lb.LoadBalancerName;
    if (!name) continue;
    const listeners = (lb.ListenerDescriptions ?? []).flatMap((d) => (d.Listener ? [d.Listener] : []));
    records.push({
      type: 'LoadBalancer',
      external: externalOf(ctx, name),
      fields: {
        name,
        service: 'ELB',
        endpoint: textOrNull(lb.DNSName, 500),
        healthCheck: textOrNull(lb.HealthCheck?.Target, 500),
        ports: unique(listeners.map((l) => portLabel(l.Protocol, l.LoadBalancerPort))).slice(0, 50),
        providerId: name,
        scheme: textOrNull(lb.Scheme, 50),
        region: ctx.region,
        zones: unique(lb.AvailabilityZones ?? []),
        vpcProviderId: textOrNull(lb.VPCId),
        state: null,
        listeners: listeners.slice(0, 100).map((l) => ({
          protocol: textOrNull(l.Protocol, 20),
          port: numberOrNull(l.LoadBalancerPort),
          targetProtocol: textOrNull(l.InstanceProtocol, 20),
          targetPort: numberOrNull(l.InstancePort),
          targetGroup: null,
        })),
        targetGroups: [],
        targetHealth: (classicHealth.get(name) ?? []).flatMap((s) =>
          s.InstanceId ? [{ target: s.InstanceId, port: null, targetGroup: null, state: textOrNull(s.State, 50), reason: textOrNull(s.Description, 500) }] : [],
        ).slice(0, 500),
        tags: tagsOf(classicTags.get(name)),
      },
      links: [IN_DATACENTER, ...unique((lb.Instances ?? []).map((i) => i.InstanceId)).map((id) => linkTo('TARGETS', 'Server', id))],
    });
  }
  return records;
}

function uniqueLinks(links: readonly DiscoveredLink[]): DiscoveredLink[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = JSON.stringify(link);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
