import { describe, expect, it } from 'vitest';
import type { FieldProvenanceViewFragment } from '../../gql/graphql.ts';
import { discoveredByText, discoveryKindOf, jobRegionOf, lastSeenOf, lastSucceededJob, type DiscoveryRunsSeen } from './discovered-item.ts';

const runs: DiscoveryRunsSeen = [
  {
    id: 'r2',
    status: 'PARTIAL',
    entries: [
      { kind: 'SERVERS', region: 'us-east-1', status: 'FAILED', finishedAt: '2026-03-12T12:00:00.000Z' },
      { kind: 'SERVERS', region: 'eu-west-1', status: 'SUCCEEDED', finishedAt: '2026-03-12T12:00:05.000Z' },
    ],
  },
  {
    id: 'r1',
    status: 'SUCCEEDED',
    entries: [
      { kind: 'SERVERS', region: 'us-east-1', status: 'SUCCEEDED', finishedAt: '2026-03-12T11:00:00.000Z' },
      { kind: 'OBJECT_STORAGE', region: 'global', status: 'SUCCEEDED', finishedAt: '2026-03-12T11:00:02.000Z' },
    ],
  },
];

function stamp(id: string, at: string): FieldProvenanceViewFragment {
  return { field: 'cpu', at, source: { kind: 'DISCOVERY', id, name: 'aws-prod', runId: null, personId: null } };
}

describe('discovered items', () => {
  it('knows which kind of discovery finds a type, and in which region its jobs run', () => {
    expect(discoveryKindOf('Server')).toBe('SERVERS');
    expect(discoveryKindOf('LoadBalancer')).toBe('LOAD_BALANCERS');
    expect(discoveryKindOf('Resource', 'CDN')).toBe('CDN');
    expect(discoveryKindOf('Resource', 'CACHE')).toBeNull();
    expect(discoveryKindOf('Application')).toBeNull();
    expect(jobRegionOf('SERVERS', 'us-east-1')).toBe('us-east-1');
    expect(jobRegionOf('OBJECT_STORAGE', null)).toBe('global');
    expect(jobRegionOf('VOLUMES', '')).toBeNull();
  });

  it('takes the last job of its kind and region that succeeded', () => {
    expect(lastSucceededJob(runs, 'SERVERS', 'us-east-1')).toBe('2026-03-12T11:00:00.000Z');
    expect(lastSucceededJob(runs, 'SERVERS', null)).toBe('2026-03-12T12:00:05.000Z');
    expect(lastSucceededJob(runs, 'VOLUMES', 'us-east-1')).toBeNull();
  });

  it('says when an item was last seen: by the runs, by what discovery last wrote, or when it stopped being seen', () => {
    const server = { type: 'Server', active: true, lastSeenAt: null, region: 'us-east-1', provenance: [stamp('c1', '2026-03-12T10:00:00.000Z'), stamp('c2', '2026-03-12T13:00:00.000Z')] };
    expect(lastSeenOf(server, 'c1', runs)).toBe('2026-03-12T11:00:00.000Z');
    expect(lastSeenOf(server, 'c1', [])).toBe('2026-03-12T10:00:00.000Z');
    expect(lastSeenOf({ ...server, active: false, lastSeenAt: '2026-03-01T00:00:00.000Z' }, 'c1', runs)).toBe('2026-03-01T00:00:00.000Z');
    expect(lastSeenOf({ ...server, provenance: [] }, 'c9', [])).toBeNull();
    expect(lastSeenOf({ type: 'Resource', family: 'OBJECT_STORAGE', active: true, lastSeenAt: null, provenance: [] }, 'c1', runs)).toBe('2026-03-12T11:00:02.000Z');
  });

  it('says it in words', () => {
    const now = Date.parse('2026-03-12T11:04:00.000Z');
    expect(discoveredByText('aws-prod', '2026-03-12T11:00:00.000Z', now)).toBe('Discovered by aws-prod, last seen 4 min ago');
    expect(discoveredByText('aws-prod', null, now)).toBe('Discovered by aws-prod');
  });
});
