import { describe, expect, it } from 'vitest';
import { draftOfGraph, graphInput, newGraphDraft, toggled, withPick, withSource } from './graph-draft.ts';

describe('graph drafts', () => {
  it('starts from applications, 5 hops, the default kinds, every type', () => {
    const draft = newGraphDraft();
    expect(draft.source).toBe('APPLICATIONS');
    expect(draft.kinds).toEqual(['DEPENDS_ON', 'RUNS_ON', 'TARGETS', 'ATTACHED_TO', 'USES']);
    expect(draft.types).toEqual([]);
  });

  it('says what is missing, by the API’s paths', () => {
    const { problems } = graphInput({ ...newGraphDraft(), depth: '11', kinds: [], schedule: '5' });
    expect(Object.keys(problems).sort()).toEqual(['depth', 'kinds', 'name', 'scheduleMinutes', 'sourceIds']);
  });

  it('makes the input', () => {
    let draft = withPick({ ...newGraphDraft(), name: ' Shop ', depth: '3', schedule: '60' }, { id: 'a1', name: 'shop' });
    draft = withPick(draft, { id: 'a2', name: 'cart' });
    draft = withPick(draft, { id: 'a1', name: 'shop' });
    const { input, problems } = graphInput(draft);
    expect(problems).toEqual({});
    expect(input).toMatchObject({ name: 'Shop', description: null, source: 'APPLICATIONS', sourceIds: ['a1', 'a2'], depth: 3, scheduleMinutes: 60 });
  });

  it('keeps one system, and forgets picks on another source', () => {
    let draft = withSource(newGraphDraft(), 'SYSTEM');
    draft = withPick(withPick(draft, { id: 's1', name: 'a' }), { id: 's2', name: 'b' });
    expect(draft.sources).toEqual([{ id: 's2', name: 'b' }]);
    expect(withSource(draft, 'CLIENT').sources).toEqual([]);
  });

  it('reads a stored graph back', () => {
    const draft = draftOfGraph({ name: 'g', description: null, source: 'CLIENT', depth: 2, kinds: ['USES'], types: ['Server'], scheduleMinutes: null }, [{ id: 'c', name: 'Acme' }]);
    expect(draft).toMatchObject({ depth: '2', schedule: '', description: '', sources: [{ id: 'c', name: 'Acme' }] });
  });

  it('toggles in the order offered', () => {
    expect(toggled(['c', 'a'], 'b', true, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(toggled(['a', 'b'], 'a', false, ['a', 'b'])).toEqual(['b']);
  });
});
