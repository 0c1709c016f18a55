import { describe, expect, it } from 'vitest';
import { DEFINITION_BY_TYPE } from '../../../../server/src/modules/inventory/definitions.js';
import { CRAWLER_KINDS, CRAWLERS, crawl } from './crawlers.js';
import { INSTANCE_TYPES, ROOT_VOLUME, WEB_1 } from './fixtures/ec2.js';
import { CTX, stubSend, testClients } from './fixtures/stub-client.js';

describe('CRAWLERS', () => {
  it('has one crawler per kind, named by its key, producing declared inventory types', () => {
    expect(Object.keys(CRAWLERS)).toEqual([...CRAWLER_KINDS]);
    for (const kind of CRAWLER_KINDS) {
      const crawler = CRAWLERS[kind];
      expect(crawler.kind).toBe(kind);
      for (const type of crawler.types) expect(DEFINITION_BY_TYPE.has(type)).toBe(true);
    }
    expect(CRAWLERS.objectStorage.scope).toBe('account');
    expect(CRAWLERS.cdn.scope).toBe('account');
    expect(CRAWLER_KINDS.filter((k) => CRAWLERS[k].scope === 'region')).toHaveLength(7);
  });

  it('runs one kind: lists, then transforms into records of its types', async () => {
    const clients = testClients();
    stubSend(clients.ec2, {
      DescribeInstancesCommand: () => ({ Reservations: [{ Instances: [WEB_1] }] }),
      DescribeInstanceTypesCommand: () => ({ InstanceTypes: INSTANCE_TYPES }),
    });
    const records = await crawl('servers', clients, { ...CTX, known: [{ type: 'Volume', id: ROOT_VOLUME.VolumeId!, fields: { sizeGb: 30 } }] });
    expect(records.map((r) => [r.type, r.external.id, r.fields.cpu])).toEqual([['Server', 'i-0123456789abcdef0', 2]]);
    // Everything its records link to is of a type it reads before it lists: the other ends come from that one read.
    const reads = new Set<string>([...CRAWLERS.servers.types, ...CRAWLERS.servers.reads]);
    for (const link of records[0]!.links) if ('type' in link.to) expect(reads.has(link.to.type), link.to.type).toBe(true);
    expect(records[0]!.fields.storage).toEqual(expect.arrayContaining([expect.objectContaining({ volumeProviderId: ROOT_VOLUME.VolumeId, sizeGb: 30 })]));
  });
});
