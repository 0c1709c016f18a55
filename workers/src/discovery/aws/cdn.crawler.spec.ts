import { describe, expect, it } from 'vitest';
import { RESOURCE_FAMILIES } from '../../../../server/src/modules/inventory/definitions.js';
import { listCdn, transformCdn } from './cdn.crawler.js';
import { IN_DATACENTER } from './records.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { DISABLED_DISTRIBUTION, SITE_DISTRIBUTION } from './fixtures/s3-cloudfront.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';

describe('CloudFront distributions → CDN resources', () => {
  it('maps domain, aliases, origins and status; keyed in the region "global"', () => {
    const records = transformCdn([{ distribution: SITE_DISTRIBUTION, tags: [{ Key: 'team', Value: 'web' }] }], CTX);
    expect(records).toEqual([
      {
        type: 'Resource',
        external: { provider: 'aws', account: '123456789012', region: 'global', id: 'E2QWRUHAPOMQZL' },
        fields: {
          name: 'www.example.com',
          family: 'CDN',
          service: 'CloudFront',
          spec: { endpoint: 'd111111abcdef8.cloudfront.net' },
          providerId: 'E2QWRUHAPOMQZL',
          region: null,
          state: 'Deployed',
          enabled: true,
          aliases: ['www.example.com', 'example.com'],
          origins: ['acme-assets-prod.s3.eu-west-1.amazonaws.com/site', 'web-prod-1234567890.eu-west-1.elb.amazonaws.com'],
          tags: ['team:web'],
        },
        links: [IN_DATACENTER],
      },
    ]);
    expect(RESOURCE_FAMILIES).toContain('CDN');
  });

  it('names a distribution without aliases by its CloudFront domain', () => {
    const [record] = transformCdn([{ distribution: DISABLED_DISTRIBUTION, tags: [] }], CTX);
    expect(record!.fields).toMatchObject({ name: 'd222222abcdef8.cloudfront.net', state: 'InProgress', enabled: false, aliases: [], origins: ['old.example.com'] });
  });

  it('gives records the inventory accepts', () => {
    expectValidRecords(transformCdn([{ distribution: SITE_DISTRIBUTION, tags: [] }, { distribution: DISABLED_DISTRIBUTION, tags: [] }], CTX));
  });

  it('follows DistributionList.NextMarker and reads each distribution’s tags', async () => {
    const clients = testClients();
    const calls = stubSend(clients.cloudfront, {
      ListDistributionsCommand: paged('Marker', 'DistributionList.NextMarker', [
        { DistributionList: { Quantity: 1, MaxItems: 1, IsTruncated: true, Items: [SITE_DISTRIBUTION] } },
        { DistributionList: { Quantity: 1, MaxItems: 1, IsTruncated: false, Items: [DISABLED_DISTRIBUTION] } },
      ]),
      ListTagsForResourceCommand: (input) => ({ Tags: { Items: String(input.Resource).endsWith('E2QWRUHAPOMQZL') ? [{ Key: 'team', Value: 'web' }] : [] } }),
    });
    const listing = await listCdn(clients, CTX);
    expect(listing.map((d) => [d.distribution.Id, d.tags.length])).toEqual([
      ['E2QWRUHAPOMQZL', 1],
      ['E3OLDOLDOLDOLD', 0],
    ]);
    expect(calls.map((c) => [c.command, c.input.Marker ?? c.input.Resource])).toEqual([
      ['ListDistributionsCommand', undefined],
      ['ListDistributionsCommand', 'page-1'],
      ['ListTagsForResourceCommand', SITE_DISTRIBUTION.ARN],
      ['ListTagsForResourceCommand', DISABLED_DISTRIBUTION.ARN],
    ]);
  });
});
