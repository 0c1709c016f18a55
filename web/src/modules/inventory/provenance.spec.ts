import { describe, expect, it } from 'vitest';
import type { ActorViewFragment, FieldProvenanceViewFragment } from '../../gql/graphql.ts';
import { formatDateTime } from '../../shared/format.ts';
import { encodeGlobalId } from '../history/global-ids.ts';
import { createdByLabel, isFieldLocked, lastSeenNote, lockToggle, provenanceByField, provenanceText, sourceLabel } from './provenance.ts';

const ME = encodeGlobalId('User', '6b0210d60d414d9237438c1c');
const NOW = Date.parse('2026-03-12T12:00:00Z');

function actor(patch: Partial<ActorViewFragment> & Pick<ActorViewFragment, 'kind'>): ActorViewFragment {
  return { id: null, name: null, runId: null, personId: null, ...patch };
}

function entry(field: string, source: ActorViewFragment, at = '2026-03-12T09:00:00Z'): FieldProvenanceViewFragment {
  return { field, at, source };
}

describe('where an item’s values come from', () => {
  it('says who set a field and how long ago, with the exact time aside', () => {
    const ada = entry('cpu', actor({ kind: 'USER', id: 'ada', name: 'Ada', personId: 'ada' }));
    expect(provenanceText(ada, ME, NOW)).toEqual({ label: 'set by Ada · 3 h ago', title: formatDateTime('2026-03-12T09:00:00Z') });
    expect(sourceLabel(actor({ kind: 'USER', id: ME, name: 'Me', personId: ME }), ME)).toBe('set by you');
    expect(sourceLabel(actor({ kind: 'IMPORT', id: 'i', name: 'import #12', runId: 'i', personId: ME }), ME)).toBe('import #12');
    expect(sourceLabel(actor({ kind: 'DISCOVERY', id: 'c', name: 'aws-prod', runId: 'r' }), ME)).toBe('aws-prod (discovery)');
    expect(sourceLabel(actor({ kind: 'SYSTEM', name: 'seed' }), ME)).toBe('Maestro (seed)');
  });

  it('finds a field’s source by name', () => {
    const byField = provenanceByField([entry('cpu', actor({ kind: 'SYSTEM' })), entry('os', actor({ kind: 'IMPORT', name: 'import #3' }))]);
    expect(byField.get('os')?.source.name).toBe('import #3');
    expect(byField.has('memory')).toBe(false);
  });

  it('names who created the item, and when discovery last saw it', () => {
    expect(createdByLabel(actor({ kind: 'DISCOVERY', name: 'aws-prod' }), ME)).toBe('Created by aws-prod (discovery)');
    expect(createdByLabel(null, ME)).toBeNull();
    expect(lastSeenNote('2026-03-10T08:00:00Z')).toBe(`Not seen by discovery since ${formatDateTime('2026-03-10T08:00:00Z')}`);
    expect(lastSeenNote(null)).toBeNull();
  });

  it('reads locks, and asks to turn one over', () => {
    const locks = { all: false, fields: ['cpu'] };
    expect(isFieldLocked(locks, 'cpu')).toBe(true);
    expect(isFieldLocked(locks, 'role')).toBe(false);
    expect(isFieldLocked({ all: true, fields: [] }, 'role')).toBe(true);
    expect(lockToggle('S1', locks, { field: 'cpu' })).toEqual({ lock: false, input: { id: 'S1', fields: ['cpu'] } });
    expect(lockToggle('S1', locks, { field: 'role' })).toEqual({ lock: true, input: { id: 'S1', fields: ['role'] } });
    expect(lockToggle('S1', locks, 'all')).toEqual({ lock: true, input: { id: 'S1', all: true } });
    expect(lockToggle('S1', { all: true, fields: [] }, 'all')).toEqual({ lock: false, input: { id: 'S1', all: true } });
  });
});
