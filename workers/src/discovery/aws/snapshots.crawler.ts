import { paginateDescribeSnapshots, type Snapshot } from '@aws-sdk/client-ec2';
import { tagsOf, tagValue } from './aws-tags.js';
import { IN_DATACENTER, collect, externalOf, numberOrNull, textOrNull, type AwsClients, type CrawlContext, type DiscoveredRecord } from './records.js';

/**
 * EBS snapshots the account owns → snapshots. The listing asks for the
 * account's own (`OwnerIds: ['self']`) and the transformer keeps only
 * those whose `OwnerId` is the account, as not every endpoint honours the
 * filter (moto ignores it).
 */

/** AWS's volume id of a snapshot copied from another one: it names no volume. */
const NO_VOLUME = 'vol-ffffffff';

export async function listSnapshots(clients: Pick<AwsClients, 'ec2'>, _ctx: CrawlContext): Promise<Snapshot[]> {
  return collect(paginateDescribeSnapshots({ client: clients.ec2 }, { OwnerIds: ['self'] }), (page) => page.Snapshots);
}

export function transformSnapshots(snapshots: readonly Snapshot[], ctx: CrawlContext): DiscoveredRecord[] {
  const records: DiscoveredRecord[] = [];
  for (const snapshot of snapshots) {
    const id = snapshot.SnapshotId;
    if (!id || snapshot.OwnerId !== ctx.account) continue;
    records.push({
      type: 'Snapshot',
      external: externalOf(ctx, id),
      fields: {
        name: textOrNull(tagValue(snapshot.Tags)) ?? id,
        providerId: id,
        volumeProviderId: snapshot.VolumeId === NO_VOLUME ? null : textOrNull(snapshot.VolumeId),
        sizeGb: numberOrNull(snapshot.VolumeSize),
        state: textOrNull(snapshot.State, 50),
        description: textOrNull(snapshot.Description, 2000),
        encrypted: snapshot.Encrypted ?? null,
        region: ctx.region,
        tags: tagsOf(snapshot.Tags),
      },
      links: [IN_DATACENTER],
    });
  }
  return records;
}
