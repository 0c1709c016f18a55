import { describe, expect, it } from 'vitest';
import { RESOURCE_FAMILIES } from '../../../../server/src/modules/inventory/definitions.js';
import { IN_DATACENTER } from './records.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { ASSETS_BUCKET, LOGS_BUCKET, OLD_BUCKET } from './fixtures/s3-cloudfront.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';
import { listObjectStorage, regionOfLocation, transformObjectStorage } from './object-storage.crawler.js';

describe('S3 buckets → object storage resources', () => {
  it('maps a bucket, keyed in its own region', () => {
    const records = transformObjectStorage([{ bucket: ASSETS_BUCKET, region: 'eu-west-1', tags: [{ Key: 'team', Value: 'web' }] }, { bucket: LOGS_BUCKET, region: 'us-east-1', tags: [] }], CTX);
    expect(records).toEqual([
      {
        type: 'Resource',
        external: { provider: 'aws', account: '123456789012', region: 'eu-west-1', id: 'acme-assets-prod' },
        fields: { name: 'acme-assets-prod', family: 'OBJECT_STORAGE', service: 'S3', providerId: 'acme-assets-prod', region: 'eu-west-1', tags: ['team:web'] },
        links: [IN_DATACENTER],
      },
      {
        type: 'Resource',
        external: { provider: 'aws', account: '123456789012', region: 'us-east-1', id: 'acme-logs' },
        fields: { name: 'acme-logs', family: 'OBJECT_STORAGE', service: 'S3', providerId: 'acme-logs', region: 'us-east-1', tags: [] },
        links: [IN_DATACENTER],
      },
    ]);
    expect(RESOURCE_FAMILIES).toContain('OBJECT_STORAGE');
    expectValidRecords(records);
  });

  it('reads GetBucketLocation as AWS answers it', () => {
    expect(regionOfLocation(undefined)).toBe('us-east-1');
    expect(regionOfLocation('')).toBe('us-east-1');
    expect(regionOfLocation('EU')).toBe('eu-west-1');
    expect(regionOfLocation('ap-south-1')).toBe('ap-south-1');
  });

  it('follows ContinuationToken, asks the region only when ListBuckets does not say it, and reads tags (none: NoSuchTagSet)', async () => {
    const clients = testClients();
    const calls = stubSend(clients.s3, {
      ListBucketsCommand: paged('ContinuationToken', 'ContinuationToken', [{ Buckets: [ASSETS_BUCKET] }, { Buckets: [LOGS_BUCKET, OLD_BUCKET] }]),
      GetBucketLocationCommand: () => ({ LocationConstraint: 'EU' }),
      GetBucketTaggingCommand: (input) => {
        if (input.Bucket === 'acme-assets-prod') return { TagSet: [{ Key: 'team', Value: 'web' }] };
        throw Object.assign(new Error('The TagSet does not exist'), { name: 'NoSuchTagSet' });
      },
    });
    const listing = await listObjectStorage(clients, CTX);
    expect(listing.map((b) => [b.bucket.Name, b.region, b.tags.length])).toEqual([
      ['acme-assets-prod', 'eu-west-1', 1],
      ['acme-logs', 'us-east-1', 0],
      ['acme-legacy', 'eu-west-1', 0],
    ]);
    expect(calls.filter((c) => c.command === 'GetBucketLocationCommand').map((c) => c.input.Bucket)).toEqual(['acme-legacy']);
    expect(calls.filter((c) => c.command === 'ListBucketsCommand').map((c) => c.input.ContinuationToken)).toEqual([undefined, 'page-1']);
  });

  it('fails when tags cannot be read for another reason', async () => {
    const clients = testClients();
    stubSend(clients.s3, {
      ListBucketsCommand: () => ({ Buckets: [ASSETS_BUCKET] }),
      GetBucketTaggingCommand: () => {
        throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
      },
    });
    await expect(listObjectStorage(clients, CTX)).rejects.toThrow('Access Denied');
  });
});
