import { useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { DirectDependenciesDocument, SetDependenciesDocument, type NodeRefFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { plural } from '../../../shared/format.ts';
import { relatedAt } from '../item-values.ts';
import { RELATION_KINDS } from '../relation-kinds.ts';
import { NodeLink } from './node-link.tsx';
import { NodePicker } from './node-picker.tsx';

/** The largest page the API gives. */
const MAX_DEPENDENCIES = 1000;

export interface DependencyTreeMakerProps {
  itemId: string;
  itemName: string;
  onSaved(): void;
}

/**
 * The dependency tree maker: choose exactly what an item depends on directly
 * (found by search), then save once; the API adds and removes DEPENDS_ON
 * edges to match.
 */
export function DependencyTreeMaker({ itemId, itemName, onSaved }: DependencyTreeMakerProps) {
  const [{ data, fetching, error: loadError }, reload] = useQuery({
    query: DirectDependenciesDocument,
    // All of them: saving sets exactly the chosen list.
    variables: { id: itemId, first: MAX_DEPENDENCIES },
    requestPolicy: 'network-only',
  });
  // The message outlives the editor, which starts afresh from what was saved.
  const [saved, setSaved] = useState<string | null>(null);
  const current = relatedAt(data?.node, 'dependsOn')?.edges.map((edge) => edge.node) ?? null;
  return current ? (
    <TreeEditor
      key={current.map((node) => node.id).join(',')}
      itemId={itemId}
      itemName={itemName}
      current={current}
      saved={saved}
      onSaving={() => setSaved(null)}
      onSaved={(message) => {
        setSaved(message);
        reload({ requestPolicy: 'network-only' });
        onSaved();
      }}
    />
  ) : (
    <section className="panel" aria-busy={fetching}>
      <p className="panel__empty">{loadError ? readActionError(loadError) : 'Loading the dependencies…'}</p>
    </section>
  );
}

interface TreeEditorProps {
  itemId: string;
  itemName: string;
  current: readonly NodeRefFragment[];
  saved: string | null;
  onSaving(): void;
  onSaved(message: string): void;
}

function TreeEditor({ itemId, itemName, current, saved, onSaving, onSaved }: TreeEditorProps) {
  const id = useId();
  const [chosen, setChosen] = useState<readonly NodeRefFragment[]>(current);
  const [result, setDependencies] = useMutation(SetDependenciesDocument);
  const chosenIds = chosen.map((node) => node.id);
  const changed = chosenIds.join(',') !== current.map((node) => node.id).join(',');

  async function save() {
    onSaving();
    const answer = await setDependencies({ input: { from: itemId, dependsOn: chosenIds } });
    const payload = answer.data?.setDependencies;
    if (!payload) return;
    onSaved(`Saved: ${plural(payload.added, 'link')} added, ${payload.removed} removed.`);
  }

  const error = readActionError(result.error);
  return (
    <section className="panel panel--overflow" aria-labelledby={`${id}-title`} aria-busy={result.fetching} data-testid="dependency-tree">
      <header className="panel__header">
        <div>
          <h2 id={`${id}-title`} className="panel__title">
            Dependency tree maker
          </h2>
          <p className="panel__subtitle">Choose exactly what {itemName} needs directly, then save: links are added and removed to match.</p>
        </div>
        <span className="panel__meta">{plural(chosen.length, 'direct dependency', 'direct dependencies')}</span>
      </header>
      <div className="panel__body tree-maker">
        {error ? <FormAlert testId="tree-error">{error}</FormAlert> : null}
        {saved ? (
          <FormAlert tone="success" testId="tree-saved">
            {saved}
          </FormAlert>
        ) : null}
        {chosen.length === 0 ? (
          <p className="muted">No direct dependencies.</p>
        ) : (
          <ul className="relation__list" aria-label="Direct dependencies">
            {chosen.map((node) => (
              <li key={node.id} className="relation__item" data-testid="tree-item">
                <NodeLink node={node} />
                <button type="button" className="button button--small button--quiet" onClick={() => setChosen(chosen.filter((n) => n.id !== node.id))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <NodePicker
          label="Add a dependency"
          types={RELATION_KINDS.DEPENDS_ON.to}
          exclude={new Set([itemId, ...chosenIds])}
          onPick={(node) => setChosen([...chosen, node])}
          hint="Applications, databases, resources, load balancers and services."
          testId="tree-picker"
        />
        <div className="form__actions">
          <button type="button" className="button button--quiet" disabled={!changed || result.fetching} onClick={() => setChosen(current)}>
            Undo changes
          </button>
          <button type="button" className="button button--primary" disabled={!changed || result.fetching} onClick={() => void save()} data-testid="tree-save">
            {result.fetching ? 'Saving…' : 'Save dependencies'}
          </button>
        </div>
      </div>
    </section>
  );
}
