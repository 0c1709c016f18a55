import { describe, expect, it } from 'vitest';
import { COPIED_SNAPSHOT, FOREIGN_SNAPSHOT, OWN_SNAPSHOT } from './fixtures/ec2.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';
import { listSnapshots, transformSnapshots } from './snapshots.crawler.js';

describe('EBS snapshots → snapshots', () => {
  it('maps every field of the account’s own snapshot', () => {
    expect(transformSnapshots([OWN_SNAPSHOT], CTX)).toEqual([
      {
        type: 'Snapshot',
        external: { provider: 'aws', account: '123456789012', region: 'eu-west-1', id: 'snap-0own0000000000001' },
        fields: {
          name: 'web-1-data-2024-05-02',
          providerId: 'snap-0own0000000000001',
          volumeProviderId: 'vol-0data000000000001',
          sizeGb: 500,
          state: 'completed',
          description: 'nightly backup of web-1 data',
          encrypted: false,
          region: 'eu-west-1',
          tags: ['Name:web-1-data-2024-05-02'],
        },
        links: [{ kind: 'LOCATED_IN', direction: 'out', to: { datacenter: true } }],
      },
    ]);
  });

  it('keeps only snapshots the account owns, whatever the endpoint answered', () => {
    expect(transformSnapshots([FOREIGN_SNAPSHOT, OWN_SNAPSHOT, COPIED_SNAPSHOT, { ...OWN_SNAPSHOT, OwnerId: undefined }], CTX).map((r) => r.external.id)).toEqual([
      'snap-0own0000000000001',
      'snap-0copy000000000001',
    ]);
  });

  it('names an untagged snapshot by its id; a copy names no volume', () => {
    const [copy] = transformSnapshots([COPIED_SNAPSHOT], CTX);
    expect(copy!.fields).toMatchObject({ name: 'snap-0copy000000000001', volumeProviderId: null, state: 'pending', tags: [] });
  });

  it('gives records the inventory accepts', () => {
    expectValidRecords(transformSnapshots([OWN_SNAPSHOT, COPIED_SNAPSHOT], CTX));
  });

  it('asks for the account’s own and follows every page', async () => {
    const clients = testClients();
    const calls = stubSend(clients.ec2, { DescribeSnapshotsCommand: paged('NextToken', 'NextToken', [{ Snapshots: [OWN_SNAPSHOT, FOREIGN_SNAPSHOT] }, { Snapshots: [COPIED_SNAPSHOT] }]) });
    expect(await listSnapshots(clients, CTX)).toHaveLength(3);
    expect(calls.map((c) => c.input)).toEqual([{ OwnerIds: ['self'] }, { OwnerIds: ['self'], NextToken: 'page-1' }]);
  });
});
