import { describe, expect, it } from 'vitest';
import { inventoryType } from './inventory-types.ts';
import { fieldAt, formatScalar, itemName, nodeDetail, nodeLabel, pathLabel, relatedAt, valueAt } from './item-values.ts';

const server = inventoryType('Server');
if (!server) throw new Error('no Server declaration');

describe('item values', () => {
  it('reads dotted paths and relation pages defensively', () => {
    const item = { hostname: 'web-1', os: { base: 'LINUX' }, placement: null, runs: { totalCount: 2, edges: [] }, bad: { totalCount: 'x' } };
    expect(valueAt(item, 'os.base')).toBe('LINUX');
    expect(valueAt(item, 'placement.zone')).toBeUndefined();
    expect(itemName(server, item)).toBe('web-1');
    expect(relatedAt(item, 'runs')?.totalCount).toBe(2);
    expect(relatedAt(item, 'bad')).toBeNull();
    expect(relatedAt(item, 'volumes')).toBeNull();
  });

  it('formats values with labels and units', () => {
    const environment = fieldAt(server, 'environment');
    const memory = fieldAt(server, 'memory');
    const rootDevice = fieldAt(server, 'storage.rootDevice');
    if (environment?.kind !== 'enum' || memory?.kind !== 'number' || rootDevice?.kind !== 'boolean') throw new Error('unexpected declarations');
    expect(formatScalar(environment, 'PRODUCTION')).toBe('Production');
    expect(formatScalar(memory, 16)).toBe('16 GB');
    expect(formatScalar(memory, null)).toBeNull();
    expect(formatScalar(rootDevice, false)).toBe('No');
  });

  it('names the field an input path is about', () => {
    expect(pathLabel(server, 'input.hostname')).toBe('Hostname');
    expect(pathLabel(server, 'input.os.base')).toBe('Operating system · Base');
    expect(pathLabel(server, 'input.storage.1.sizeGb')).toBe('Storage 2 · Size');
    expect(pathLabel(server, 'input.nothing')).toBeNull();
  });

  it('names any node and says a few words about it', () => {
    expect(nodeLabel({ __typename: 'Server', id: 's', hostname: 'web-1', ipv4Private: '10.0.0.5', environment: 'STAGING' })).toBe('web-1');
    expect(nodeDetail({ __typename: 'Server', id: 's', hostname: 'web-1', ipv4Private: '10.0.0.5', environment: 'STAGING' })).toBe('10.0.0.5 · Staging');
    expect(nodeDetail({ __typename: 'Datacenter', id: 'd', name: 'Paris', provider: 'BARE_METAL' })).toBe('Bare metal');
    expect(nodeLabel({ __typename: 'Team', id: 't' })).toBe('t');
  });
});
