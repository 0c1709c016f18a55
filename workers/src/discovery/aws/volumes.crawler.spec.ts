import { describe, expect, it } from 'vitest';
import { DATA_VOLUME, DELETED_VOLUME, FREE_VOLUME, ROOT_VOLUME, SHARED_VOLUME } from './fixtures/ec2.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';
import { listVolumes, transformVolumes } from './volumes.crawler.js';

describe('EBS volumes → volumes', () => {
  it('maps every field, LOCATED_IN the datacenter (the edge to its server is the server’s)', () => {
    expect(transformVolumes([DATA_VOLUME], CTX)).toEqual([
      {
        type: 'Volume',
        external: { provider: 'aws', account: '123456789012', region: 'eu-west-1', id: 'vol-0data000000000001' },
        fields: {
          name: 'web-1 data',
          providerId: 'vol-0data000000000001',
          sizeGb: 500,
          volumeType: 'st1',
          attached: true,
          state: 'in-use',
          device: '/dev/sdf',
          iops: 1500,
          encrypted: false,
          region: 'eu-west-1',
          zone: 'eu-west-1a',
          tags: ['Name:web-1 data', 'backup:daily'],
        },
        links: [
          { kind: 'LOCATED_IN', direction: 'out', to: { datacenter: true } },
        ],
      },
    ]);
  });

  it('names an untagged volume by its id; says whether it is attached', () => {
    const [root, shared, free] = transformVolumes([ROOT_VOLUME, SHARED_VOLUME, FREE_VOLUME], CTX);
    expect(root!.fields).toMatchObject({ name: 'vol-0root000000000001', tags: [], encrypted: true, iops: 3000, attached: true });
    expect(shared!.fields).toMatchObject({ attached: true });
    expect(free!.fields).toMatchObject({ state: 'available', device: null, attached: false });
    expect(free!.links).toEqual([{ kind: 'LOCATED_IN', direction: 'out', to: { datacenter: true } }]);
  });

  it('drops deleting and deleted volumes', () => {
    expect(transformVolumes([DELETED_VOLUME, { ...DELETED_VOLUME, State: 'deleted' }, FREE_VOLUME], CTX).map((r) => r.external.id)).toEqual(['vol-0free000000000001']);
  });

  it('gives records the inventory accepts', () => {
    expectValidRecords(transformVolumes([ROOT_VOLUME, DATA_VOLUME, SHARED_VOLUME, FREE_VOLUME], CTX));
  });

  it('lists every page', async () => {
    const clients = testClients();
    const calls = stubSend(clients.ec2, { DescribeVolumesCommand: paged('NextToken', 'NextToken', [{ Volumes: [ROOT_VOLUME] }, { Volumes: [DATA_VOLUME] }, { Volumes: [FREE_VOLUME] }]) });
    expect((await listVolumes(clients, CTX)).map((v) => v.VolumeId)).toEqual(['vol-0root000000000001', 'vol-0data000000000001', 'vol-0free000000000001']);
    expect(calls.map((c) => c.input.NextToken)).toEqual([undefined, 'page-1', 'page-2']);
  });
});
