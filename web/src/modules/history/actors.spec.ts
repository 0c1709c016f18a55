import { describe, expect, it } from 'vitest';
import type { ActorViewFragment } from '../../gql/graphql.ts';
import { actorLabel, isActorKind, linkedRunId, runChipLabel } from './actors.ts';
import { encodeGlobalId } from './global-ids.ts';

const ME = encodeGlobalId('User', '6b0210d60d414d9237438c1c');
const IMPORT_ID = encodeGlobalId('Import', '6b0210d60d414d9237438c30');

function actor(patch: Partial<ActorViewFragment> & Pick<ActorViewFragment, 'kind'>): ActorViewFragment {
  return { id: null, name: null, runId: null, personId: null, ...patch };
}

describe('actors in words', () => {
  it('names a person, "you" for the reader', () => {
    expect(actorLabel(actor({ kind: 'USER', id: ME, name: 'Ada', personId: ME }), ME)).toBe('you');
    expect(actorLabel(actor({ kind: 'USER', id: 'other', name: 'Grace', personId: 'other' }), ME)).toBe('Grace');
    expect(actorLabel(actor({ kind: 'USER', id: 'gone' }), ME)).toBe('a deleted user');
  });

  it('names an import by its number, even when the reader ran it, and links to its changes', () => {
    const run = actor({ kind: 'IMPORT', id: IMPORT_ID, name: 'import #12', runId: IMPORT_ID, personId: ME });
    expect(actorLabel(run, ME)).toBe('import #12');
    expect(linkedRunId(run)).toBe(IMPORT_ID);
    expect(actorLabel(actor({ kind: 'IMPORT' }), ME)).toBe('an import');
  });

  it('names discovery by its connection, and Maestro by its part', () => {
    const discovery = actor({ kind: 'DISCOVERY', id: 'conn', name: 'aws-prod', runId: 'run-1' });
    expect(actorLabel(discovery, ME)).toBe('aws-prod (discovery)');
    expect(linkedRunId(discovery)).toBeNull();
    expect(actorLabel(actor({ kind: 'DISCOVERY' }), ME)).toBe('discovery');
    expect(actorLabel(actor({ kind: 'SYSTEM', name: 'seed' }), ME)).toBe('Maestro (seed)');
    expect(actorLabel(actor({ kind: 'SYSTEM' }), ME)).toBe('Maestro');
  });

  it('labels the chip of one run from the changes it made', () => {
    const run = actor({ kind: 'IMPORT', id: IMPORT_ID, name: 'import #12', runId: IMPORT_ID });
    expect(runChipLabel(IMPORT_ID, [actor({ kind: 'USER', id: ME, name: 'Ada' }), run])).toBe('Changes of import #12');
    expect(runChipLabel('run-1', [actor({ kind: 'DISCOVERY', name: 'aws-prod', runId: 'run-1' })])).toBe('Changes of one discovery run of aws-prod');
    expect(runChipLabel(IMPORT_ID, [])).toBe('Changes of one run');
  });

  it('knows the kinds the API has', () => {
    expect(isActorKind('IMPORT')).toBe(true);
    expect(isActorKind('ROBOT')).toBe(false);
  });
});
