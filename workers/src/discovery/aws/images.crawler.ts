import { paginateDescribeImages, type Image } from '@aws-sdk/client-ec2';
import { tagsOf, tagValue } from './aws-tags.js';
import { IN_DATACENTER, collect, externalOf, textOrNull, type AwsClients, type CrawlContext, type DiscoveredRecord } from './records.js';

/**
 * AMIs the account owns → images. The listing asks for the account's own
 * (`Owners: ['self']`) and the transformer keeps only those whose
 * `OwnerId` is the account. Deregistered images are gone: no record.
 */

const GONE_STATES = new Set(['deregistered']);

export async function listImages(clients: Pick<AwsClients, 'ec2'>, _ctx: CrawlContext): Promise<Image[]> {
  return collect(paginateDescribeImages({ client: clients.ec2 }, { Owners: ['self'] }), (page) => page.Images);
}

export function transformImages(images: readonly Image[], ctx: CrawlContext): DiscoveredRecord[] {
  const records: DiscoveredRecord[] = [];
  for (const image of images) {
    const id = image.ImageId;
    if (!id || image.OwnerId !== ctx.account || GONE_STATES.has(image.State ?? '')) continue;
    records.push({
      type: 'Image',
      external: externalOf(ctx, id),
      fields: {
        // An AMI's own name (unique per account and region), else its Name tag.
        name: textOrNull(image.Name) ?? textOrNull(tagValue(image.Tags)) ?? id,
        providerId: id,
        platform: textOrNull(image.PlatformDetails ?? image.Platform, 100),
        architecture: textOrNull(image.Architecture, 50),
        state: textOrNull(image.State, 50),
        public: image.Public ?? null,
        description: textOrNull(image.Description, 2000),
        region: ctx.region,
        tags: tagsOf(image.Tags),
      },
      links: [IN_DATACENTER],
    });
  }
  return records;
}
