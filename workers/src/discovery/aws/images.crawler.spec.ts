import { describe, expect, it } from 'vitest';
import { DEREGISTERED_IMAGE, FOREIGN_IMAGE, OWN_IMAGE, UNNAMED_IMAGE } from './fixtures/ec2.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';
import { listImages, transformImages } from './images.crawler.js';

describe('AMIs → images', () => {
  it('maps every field of the account’s own image', () => {
    expect(transformImages([OWN_IMAGE], CTX)).toEqual([
      {
        type: 'Image',
        external: { provider: 'aws', account: '123456789012', region: 'eu-west-1', id: 'ami-0a1b2c3d4e5f60718' },
        fields: {
          name: 'web-base-2024-04-30',
          providerId: 'ami-0a1b2c3d4e5f60718',
          platform: 'Red Hat Enterprise Linux',
          architecture: 'x86_64',
          state: 'available',
          public: false,
          description: 'Web base image',
          region: 'eu-west-1',
          tags: ['os:rhel9'],
        },
        links: [{ kind: 'LOCATED_IN', direction: 'out', to: { datacenter: true } }],
      },
    ]);
  });

  it('keeps only images the account owns and drops deregistered ones', () => {
    expect(transformImages([FOREIGN_IMAGE, OWN_IMAGE, DEREGISTERED_IMAGE, UNNAMED_IMAGE], CTX).map((r) => r.external.id)).toEqual([
      'ami-0a1b2c3d4e5f60718',
      'ami-0noname0000000001',
    ]);
  });

  it('names an image without name by its Name tag, else its id; platform falls back to Platform', () => {
    const [tagged, bare] = transformImages([{ ...UNNAMED_IMAGE, ImageId: 'ami-0tagged', Tags: [{ Key: 'Name', Value: 'golden' }] }, UNNAMED_IMAGE], CTX);
    expect(tagged!.fields.name).toBe('golden');
    expect(bare!.fields).toMatchObject({ name: 'ami-0noname0000000001', platform: 'Windows', architecture: 'arm64', public: true, description: null });
  });

  it('gives records the inventory accepts', () => {
    expectValidRecords(transformImages([OWN_IMAGE, UNNAMED_IMAGE], CTX));
  });

  it('asks for the account’s own and follows every page', async () => {
    const clients = testClients();
    const calls = stubSend(clients.ec2, { DescribeImagesCommand: paged('NextToken', 'NextToken', [{ Images: [OWN_IMAGE] }, { Images: [UNNAMED_IMAGE] }]) });
    expect(await listImages(clients, CTX)).toHaveLength(2);
    expect(calls.map((c) => c.input)).toEqual([{ Owners: ['self'] }, { Owners: ['self'], NextToken: 'page-1' }]);
  });
});
