import { paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import { tagsOf, tagValue } from './aws-tags.js';
import { IN_DATACENTER, collect, externalOf, numberOrNull, textOrNull, type AwsClients, type CrawlContext, type DiscoveredRecord } from './records.js';

/**
 * EBS volumes → volumes: network storage, in the datacenter, `attached`
 * while attached (the edge ATTACHED_TO its server is the server's: the
 * crawl of servers, after this one, links it). Deleting and deleted
 * volumes are gone: no record.
 */

const GONE_STATES = new Set(['deleting', 'deleted']);

export async function listVolumes(clients: Pick<AwsClients, 'ec2'>, _ctx: CrawlContext): Promise<Volume[]> {
  return collect(paginateDescribeVolumes({ client: clients.ec2 }, {}), (page) => page.Volumes);
}

export function transformVolumes(volumes: readonly Volume[], ctx: CrawlContext): DiscoveredRecord[] {
  const records: DiscoveredRecord[] = [];
  for (const volume of volumes) {
    const id = volume.VolumeId;
    if (!id || GONE_STATES.has(volume.State ?? '')) continue;
    const attachments = (volume.Attachments ?? []).filter((a) => a.State !== 'detached');
    records.push({
      type: 'Volume',
      external: externalOf(ctx, id),
      fields: {
        name: textOrNull(tagValue(volume.Tags)) ?? id,
        providerId: id,
        sizeGb: numberOrNull(volume.Size),
        volumeType: textOrNull(volume.VolumeType, 50),
        attached: attachments.length > 0,
        state: textOrNull(volume.State, 50),
        device: textOrNull(attachments[0]?.Device, 100),
        iops: numberOrNull(volume.Iops),
        encrypted: volume.Encrypted ?? null,
        region: ctx.region,
        zone: textOrNull(volume.AvailabilityZone, 100),
        tags: tagsOf(volume.Tags),
      },
      links: [IN_DATACENTER],
    });
  }
  return records;
}
