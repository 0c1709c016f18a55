import { paginateDescribeInstances, paginateDescribeInstanceTypes, type Instance, type InstanceTypeInfo, type Volume, type VolumeType } from '@aws-sdk/client-ec2';
import { tagsOf, tagValue } from './aws-tags.js';
import {
  IN_DATACENTER,
  chunks,
  clip,
  collect,
  externalOf,
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
 * EC2 instances → servers.
 *
 * The server's name field is `hostname`, which must be a hostname. It is
 * the instance's private DNS name when it has one (every instance in a VPC
 * does, stopped ones too); else its `Name` tag when that is a valid
 * hostname; else the instance id. The `Name` tag, whatever it holds, is
 * also kept as `displayName` and among the tags.
 *
 * Terminated and shutting-down instances are gone: no record. Stopped ones
 * stay, with `state: 'stopped'`.
 *
 * Each EBS volume of its block device mappings is ATTACHED_TO it (the
 * server owns that edge: detach a volume and the next crawl of servers
 * unlinks it). Its disks' sizes and types come from those volumes as the
 * inventory holds them (the crawl of volumes runs first in a region), not
 * from more calls to AWS; without volume discovery they are left empty.
 */

export interface ServersListing {
  instances: Instance[];
  /** Sizes of the instance types the instances use. */
  instanceTypes: InstanceTypeInfo[];
}

export interface InstanceSize {
  vcpus: number;
  memoryGb: number;
}

const GONE_STATES = new Set(['terminated', 'shutting-down']);

/** `DescribeInstanceTypes` takes at most 100 names. */
const TYPES_PER_CALL = 100;

/** The volumes the inventory knows, in the SDK's shape: their size and type. */
export function knownVolumes(known: CrawlContext['known']): Volume[] {
  return (known ?? [])
    .filter((item) => item.type === 'Volume')
    .map((item) => ({
      VolumeId: item.id,
      Size: typeof item.fields.sizeGb === 'number' ? item.fields.sizeGb : undefined,
      VolumeType: typeof item.fields.volumeType === 'string' ? (item.fields.volumeType as VolumeType) : undefined,
    }));
}

export async function listServers(clients: Pick<AwsClients, 'ec2'>, _ctx: CrawlContext): Promise<ServersListing> {
  const client = clients.ec2;
  const reservations = await collect(paginateDescribeInstances({ client }, {}), (page) => page.Reservations);
  const instances = reservations.flatMap((r) => r.Instances ?? []);
  const present = instances.filter((i) => !GONE_STATES.has(i.State?.Name ?? ''));

  const instanceTypes: InstanceTypeInfo[] = [];
  for (const names of chunks(unique(present.map((i) => i.InstanceType)), TYPES_PER_CALL)) {
    instanceTypes.push(...(await collect(paginateDescribeInstanceTypes({ client }, { InstanceTypes: names }), (page) => page.InstanceTypes)));
  }
  return { instances, instanceTypes };
}

/** Instance type → vCPUs and memory in GB, from `DescribeInstanceTypes`. */
export function instanceSizes(infos: readonly InstanceTypeInfo[]): Map<string, InstanceSize> {
  const sizes = new Map<string, InstanceSize>();
  for (const info of infos) {
    const vcpus = info.VCpuInfo?.DefaultVCpus;
    const mib = info.MemoryInfo?.SizeInMiB;
    if (info.InstanceType && vcpus !== undefined && mib !== undefined) sizes.set(info.InstanceType, { vcpus, memoryGb: mib / 1024 });
  }
  return sizes;
}

/** Servers, their disks sized from the volumes the inventory knows (`ctx.known`). */
export function transformServers(listing: ServersListing, ctx: CrawlContext): DiscoveredRecord[] {
  const volumes = new Map(knownVolumes(ctx.known).map((v) => [v.VolumeId!, v]));
  return serverRecords(listing.instances, ctx, instanceSizes(listing.instanceTypes), volumes);
}

export function serverRecords(
  instances: readonly Instance[],
  ctx: CrawlContext,
  sizes: ReadonlyMap<string, InstanceSize>,
  volumes: ReadonlyMap<string, Volume> = new Map(),
): DiscoveredRecord[] {
  const records: DiscoveredRecord[] = [];
  for (const instance of instances) {
    const id = instance.InstanceId;
    const state = instance.State?.Name;
    if (!id || GONE_STATES.has(state ?? '')) continue;
    records.push({ type: 'Server', external: externalOf(ctx, id), fields: serverFields(instance, id, ctx, sizes, volumes), links: serverLinks(instance) });
  }
  return records;
}

/** The same rule as the inventory's `hostname` format: labels of letters, digits, `_` and `-`, 253 characters at most. */
const HOSTNAME = /^(?=.{1,253}$)([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?)*\.?$/;

/** Private DNS name, else the `Name` tag if it is a hostname, else the instance id. */
export function hostnameOf(instance: Instance, id: string): string {
  const dns = instance.PrivateDnsName?.trim();
  if (dns && HOSTNAME.test(dns)) return dns;
  const name = tagValue(instance.Tags);
  if (name && HOSTNAME.test(name)) return name;
  return id;
}

function serverFields(
  instance: Instance,
  id: string,
  ctx: CrawlContext,
  sizes: ReadonlyMap<string, InstanceSize>,
  volumes: ReadonlyMap<string, Volume>,
): Record<string, unknown> {
  const name = tagValue(instance.Tags);
  const fields: Record<string, unknown> = {
    hostname: hostnameOf(instance, id),
    displayName: name ? clip(name, 255) : null,
    ipv4Private: textOrNull(instance.PrivateIpAddress),
    ipv4Public: textOrNull(instance.PublicIpAddress),
    dnsPrivate: textOrNull(instance.PrivateDnsName, 253),
    dnsPublic: textOrNull(instance.PublicDnsName, 253),
    instanceType: textOrNull(instance.InstanceType, 100),
    architecture: textOrNull(instance.Architecture, 50),
    imageId: textOrNull(instance.ImageId),
    state: textOrNull(instance.State?.Name, 50),
    placement: { region: ctx.region, zone: textOrNull(instance.Placement?.AvailabilityZone, 100), instanceId: id },
    storage: storageOf(instance, volumes),
    tags: tagsOf(instance.Tags),
  };
  const size = instance.InstanceType ? sizes.get(instance.InstanceType) : undefined;
  if (size) {
    fields.cpu = size.vcpus;
    fields.memory = size.memoryGb;
  }
  const os = osOf(instance);
  if (os) fields.os = os;
  // Only when AWS names a key pair: the list replaces what people wrote.
  if (instance.KeyName) {
    const windows = os?.base === 'WINDOWS';
    fields.authMethods = [{ kind: windows ? 'rdp' : 'ssh', port: windows ? 3389 : 22, keyPair: clip(instance.KeyName, 255) }];
  }
  return fields;
}

/**
 * What AWS says of the operating system: `Platform` is `windows` or absent;
 * `PlatformDetails` names the billing product (`Linux/UNIX`, `Red Hat
 * Enterprise Linux`, `SUSE Linux`, `Ubuntu Pro`, `Windows with SQL Server…`).
 * Only what it says is given (a partial object), so a distribution or
 * version people entered stays when AWS knows none.
 */
export function osOf(instance: Instance): { base: string; distribution?: string } | undefined {
  const details = instance.PlatformDetails?.trim() ?? '';
  // The API says `windows` (the SDK's type says `Windows`).
  if (instance.Platform?.toLowerCase() === 'windows' || /^windows/i.test(details)) return { base: 'WINDOWS' };
  if (/red hat/i.test(details)) return { base: 'LINUX', distribution: 'Red Hat Enterprise Linux' };
  if (/suse/i.test(details)) return { base: 'LINUX', distribution: 'SUSE Linux Enterprise Server' };
  if (/ubuntu/i.test(details)) return { base: 'LINUX', distribution: 'Ubuntu' };
  if (/linux|unix/i.test(details)) return { base: 'LINUX' };
  return undefined;
}

function storageOf(instance: Instance, volumes: ReadonlyMap<string, Volume>): Array<Record<string, unknown>> {
  return (instance.BlockDeviceMappings ?? []).map((mapping) => {
    const volumeId = mapping.Ebs?.VolumeId;
    const volume = volumeId ? volumes.get(volumeId) : undefined;
    return {
      mount: textOrNull(mapping.DeviceName, 500),
      sizeGb: numberOrNull(volume?.Size),
      rootDevice: mapping.DeviceName !== undefined && mapping.DeviceName === instance.RootDeviceName,
      type: textOrNull(volume?.VolumeType, 50),
      volumeProviderId: textOrNull(volumeId),
    };
  });
}

/** In the datacenter; uses its subnets, VPCs and security groups (of the instance and of each network interface); its EBS volumes are attached to it. */
function serverLinks(instance: Instance): DiscoveredLink[] {
  const interfaces = instance.NetworkInterfaces ?? [];
  const networks = unique([
    instance.SubnetId,
    ...interfaces.map((n) => n.SubnetId),
    instance.VpcId,
    ...interfaces.map((n) => n.VpcId),
    ...(instance.SecurityGroups ?? []).map((g) => g.GroupId),
    ...interfaces.flatMap((n) => (n.Groups ?? []).map((g) => g.GroupId)),
  ]);
  const volumes = unique((instance.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId));
  return [IN_DATACENTER, ...networks.map((id) => linkTo('USES', 'Network', id)), ...volumes.map((id): DiscoveredLink => ({ kind: 'ATTACHED_TO', direction: 'in', to: { type: 'Volume', id } }))];
}
