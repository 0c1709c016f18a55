import { GetBucketLocationCommand, GetBucketTaggingCommand, paginateListBuckets, type Bucket, type Tag } from '@aws-sdk/client-s3';
import { tagsOf } from './aws-tags.js';
import { IN_DATACENTER, collect, externalOf, type AwsClients, type CrawlContext, type DiscoveredRecord } from './records.js';

/**
 * S3 buckets → resources of family `OBJECT_STORAGE`. Buckets belong to the
 * account, not to a region: one crawl lists them all, each keyed in its
 * own region. Reading the tags of a bucket in another region needs an S3
 * client with `followRegionRedirects: true`.
 */

export interface BucketListing {
  bucket: Bucket;
  region: string;
  tags: Tag[];
}

export async function listObjectStorage(clients: Pick<AwsClients, 's3'>, _ctx: CrawlContext): Promise<BucketListing[]> {
  const client = clients.s3;
  const buckets = await collect(paginateListBuckets({ client }, {}), (page) => page.Buckets);
  const out: BucketListing[] = [];
  for (const bucket of buckets) {
    const name = bucket.Name;
    if (!name) continue;
    const region = bucket.BucketRegion ?? regionOfLocation((await client.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint);
    out.push({ bucket, region, tags: await bucketTags(client, name) });
  }
  return out;
}

/** A bucket without tags answers `NoSuchTagSet`; any other failure fails the listing. */
async function bucketTags(client: AwsClients['s3'], bucket: string): Promise<Tag[]> {
  try {
    return (await client.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet ?? [];
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchTagSet') return [];
    throw error;
  }
}

/** `GetBucketLocation` says nothing for us-east-1 and `EU` for the oldest eu-west-1 buckets. */
export function regionOfLocation(location: string | null | undefined): string {
  if (!location) return 'us-east-1';
  if (location === 'EU') return 'eu-west-1';
  return location;
}

export function transformObjectStorage(buckets: readonly BucketListing[], ctx: CrawlContext): DiscoveredRecord[] {
  return buckets.flatMap(({ bucket, region, tags }) =>
    bucket.Name
      ? [
          {
            type: 'Resource',
            external: externalOf(ctx, bucket.Name, region),
            fields: {
              name: bucket.Name,
              family: 'OBJECT_STORAGE',
              service: 'S3',
              providerId: bucket.Name,
              region,
              tags: tagsOf(tags),
            },
            links: [IN_DATACENTER],
          },
        ]
      : [],
  );
}
