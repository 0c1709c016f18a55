import { describe, expect, it } from 'vitest';
import { inventoryType } from '../inventory/inventory-types.ts';
import { diffRows, formatAgo, formatJson, humanizePath, relatedIds, relationLabel } from './change-format.ts';
import { decodeGlobalId, encodeGlobalId } from './global-ids.ts';

const server = inventoryType('Server');
if (!server) throw new Error('no Server declaration');

const APP_ID = encodeGlobalId('Application', '6b0210d70d414d9237438c54');
const USER_HEX = '6b0210d60d414d9237438c1c';

function rows(diff: Array<{ path: string; before: unknown; after: unknown; hidden?: boolean }>, entityType = 'Server', operation = 'UPDATE') {
  return diffRows(entityType === 'Server' ? server : inventoryType(entityType), { entityType, operation, diff: diff.map((d) => ({ hidden: false, ...d })) });
}

describe('changes as people read them', () => {
  it('formats declared fields with labels and units, field by field', () => {
    expect(rows([{ path: 'cpu', before: 2, after: 8 }])).toEqual([{ kind: 'value', path: 'cpu', label: 'CPU', before: '2 cores', after: '8 cores' }]);
    expect(rows([{ path: 'environment', before: null, after: 'PRODUCTION' }])).toEqual([
      { kind: 'value', path: 'environment', label: 'Environment', before: null, after: 'Production' },
    ]);
  });

  it('splits a nested object into the parts that changed', () => {
    const result = rows([
      { path: 'os', before: { base: 'LINUX', distribution: 'rhel', version: '22.04' }, after: { base: 'LINUX', distribution: 'Debian', version: '13' } },
    ]);
    expect(result.map((row) => (row.kind === 'value' ? [row.label, row.before, row.after] : row.kind))).toEqual([
      ['Operating system · Distribution', 'rhel', 'Debian'],
      ['Operating system · Version', '22.04', '13'],
    ]);
  });

  it('shows lists with what was added and removed, and rows of objects as lines', () => {
    const [tags] = rows([{ path: 'tags', before: ['web', 'old'], after: ['web', 'new'] }]);
    expect(tags).toMatchObject({ kind: 'list', label: 'Tags', added: ['new'], removed: ['old'] });
    const [storage] = rows([{ path: 'storage', before: [], after: [{ mount: '/', sizeGb: 100, rootDevice: true, type: null }] }]);
    expect(storage).toMatchObject({ kind: 'list', label: 'Storage', before: [], after: ['Mount: / · Size: 100 GB · Root device: Yes'] });
  });

  it('leaves out fields empty on both sides, and names the state', () => {
    expect(
      rows([
        { path: 'tags', before: null, after: [] },
        { path: 'role', before: null, after: '' },
      ]),
    ).toEqual([]);
    expect(rows([{ path: 'active', before: true, after: false }])).toEqual([
      { kind: 'value', path: 'active', label: 'State', before: 'Active', after: 'Deleted' },
    ]);
  });

  it('turns relation paths into links to the other item, labelled from this side', () => {
    const [linked] = rows([{ path: 'relations.RUNS_ON.in', before: null, after: APP_ID }]);
    expect(linked).toEqual({ kind: 'relation', path: 'relations.RUNS_ON.in', label: 'Runs here', relationKind: 'RUNS_ON', linked: true, otherId: APP_ID });
    const [unlinked] = rows([{ path: 'relations.RUNS_ON.out', before: 'U2VydmVyOjZiMDIxMGQ2MGQ0MTRkOTIzNzQzOGMyMw', after: null }], 'Application');
    expect(unlinked).toMatchObject({ kind: 'relation', label: 'Runs on', linked: false });
    expect(relatedIds([...rows([{ path: 'relations.RUNS_ON.in', before: null, after: APP_ID }]), ...(unlinked ? [unlinked] : [])])).toHaveLength(2);
    expect(relationLabel('Server', 'FUTURE_KIND', 'in')).toBe('Future kind (from the other side)');
  });

  it('keeps a link to an item the reader cannot see, without naming it', () => {
    const [hidden] = rows([{ path: 'relations.RUNS_ON.in', before: null, after: null, hidden: true }], 'Server', 'LINK');
    expect(hidden).toEqual({ kind: 'relation', path: 'relations.RUNS_ON.in', label: 'Runs here', relationKind: 'RUNS_ON', linked: true, otherId: null });
    expect(rows([{ path: 'relations.RUNS_ON.in', before: null, after: null, hidden: true }], 'Server', 'UNLINK')[0]).toMatchObject({ linked: false });
    expect(relatedIds(hidden ? [hidden] : [])).toEqual([]);
  });

  it('turns access lists into roles given, taken and changed', () => {
    const result = rows([
      {
        path: 'access',
        before: [`user:${USER_HEX}:admin`, 'team:6b0210d60d414d9237438c1d:read'],
        after: [`user:${USER_HEX}:admin`, 'team:6b0210d60d414d9237438c1d:write', 'user:6b0210d60d414d9237438c1e:read'],
      },
    ]);
    expect(result).toEqual([
      { kind: 'access', path: 'access', principal: { type: 'Team', id: encodeGlobalId('Team', '6b0210d60d414d9237438c1d') }, before: 'READ', after: 'WRITE' },
      { kind: 'access', path: 'access', principal: { type: 'User', id: encodeGlobalId('User', '6b0210d60d414d9237438c1e') }, before: null, after: 'READ' },
    ]);
  });

  it('formats unknown values generically', () => {
    expect(formatJson({ region: 'eu-west-1', ok: true, zones: ['a', 'b'] })).toBe('Region: eu-west-1 · Ok: Yes · Zones: a, b');
    expect(formatJson([])).toBeNull();
    expect(humanizePath('ipv4Private')).toBe('Ipv4 private');
    expect(rows([{ path: 'somethingNew', before: 1, after: 2 }])).toEqual([
      { kind: 'value', path: 'somethingNew', label: 'Something new', before: '1', after: '2' },
    ]);
  });

  it('says which fields a lock or an unlock changed, by their labels', () => {
    const [locked] = rows([{ path: 'locks', before: { all: false, fields: [] }, after: { all: false, fields: ['role', 'cpu'] } }], 'Server', 'LOCK');
    expect(locked).toEqual({ kind: 'locks', path: 'locks', locked: ['Role', 'CPU'], unlocked: [], text: 'Locked Role, CPU' });
    expect(rows([{ path: 'locks', before: { all: true, fields: ['cpu'] }, after: { all: false, fields: ['cpu'] } }], 'Server', 'UNLOCK')[0]).toMatchObject({
      text: 'Unlocked the whole item',
    });
    expect(rows([{ path: 'locks', before: { all: false, fields: ['memory'] }, after: { all: true, fields: ['futureField'] } }], 'Server', 'LOCK')[0]).toMatchObject({
      text: 'Locked the whole item, Future field; Unlocked Memory',
    });
    // The same locks before and after (or nothing readable): no row.
    expect(rows([{ path: 'locks', before: { all: false, fields: ['cpu'] }, after: { all: false, fields: ['cpu'] } }])).toEqual([]);
    expect(rows([{ path: 'locks', before: null, after: null }])).toEqual([]);
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-03-12T12:00:00Z');
    expect(formatAgo('2026-03-12T11:59:55Z', now)).toBe('just now');
    expect(formatAgo('2026-03-12T11:59:30Z', now)).toBe('30 s ago');
    expect(formatAgo('2026-03-12T11:55:00Z', now)).toBe('5 min ago');
  });

  it('reads and writes global ids', () => {
    expect(decodeGlobalId('U2VydmVyOjZiMDIxMGQ2MGQ0MTRkOTIzNzQzOGMyMw')).toEqual({ type: 'Server', key: '6b0210d60d414d9237438c23' });
    expect(encodeGlobalId('Server', '6b0210d60d414d9237438c23')).toBe('U2VydmVyOjZiMDIxMGQ2MGQ0MTRkOTIzNzQzOGMyMw');
    expect(decodeGlobalId('not an id!')).toBeNull();
  });
});
