import { ListTagsForResourceCommand, paginateListDistributions, type DistributionSummary, type Tag } from '@aws-sdk/client-cloudfront';
import { tagsOf } from './aws-tags.js';
import { IN_DATACENTER, clip, collect, externalOf, textOrNull, unique, type AwsClients, type CrawlContext, type DiscoveredRecord } from './records.js';

/**
 * CloudFront distributions → resources of family `CDN`, named by their
 * first alias (else their CloudFront domain), with their domain, aliases,
 * origins and status. CloudFront is global: records are keyed in the
 * region `global`.
 */

export const GLOBAL_REGION = 'global';

export interface DistributionListing {
  distribution: DistributionSummary;
  tags: Tag[];
}

export async function listCdn(clients: Pick<AwsClients, 'cloudfront'>, _ctx: CrawlContext): Promise<DistributionListing[]> {
  const client = clients.cloudfront;
  const distributions = await collect(paginateListDistributions({ client }, {}), (page) => page.DistributionList?.Items);
  const out: DistributionListing[] = [];
  for (const distribution of distributions) {
    const tags = distribution.ARN ? ((await client.send(new ListTagsForResourceCommand({ Resource: distribution.ARN }))).Tags?.Items ?? []) : [];
    out.push({ distribution, tags });
  }
  return out;
}

/** `origin.example.com/path` for each origin. */
export function originsOf(distribution: DistributionSummary): string[] {
  return unique((distribution.Origins?.Items ?? []).map((o) => (o.DomainName ? clip(`${o.DomainName}${o.OriginPath ?? ''}`, 200) : undefined))).slice(0, 100);
}

export function transformCdn(distributions: readonly DistributionListing[], ctx: CrawlContext): DiscoveredRecord[] {
  const records: DiscoveredRecord[] = [];
  for (const { distribution, tags } of distributions) {
    const id = distribution.Id;
    if (!id) continue;
    const aliases = unique(distribution.Aliases?.Items ?? []).map((a) => clip(a, 200)).slice(0, 100);
    records.push({
      type: 'Resource',
      external: externalOf(ctx, id, GLOBAL_REGION),
      fields: {
        name: aliases[0] ?? textOrNull(distribution.DomainName) ?? id,
        family: 'CDN',
        service: 'CloudFront',
        spec: { endpoint: textOrNull(distribution.DomainName, 500) },
        providerId: id,
        region: null,
        state: textOrNull(distribution.Status, 50),
        enabled: distribution.Enabled ?? null,
        aliases,
        origins: originsOf(distribution),
        tags: tagsOf(tags),
      },
      links: [IN_DATACENTER],
    });
  }
  return records;
}
