import { useMutation } from 'urql';
import { UnlinkDocument, type NodeRefFragment } from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import type { InventoryDetailRecord, InventoryTypeDef } from '../inventory-model.ts';
import { itemName, nodeLabel, relatedAt } from '../item-values.ts';
import { edgeEnds, relationFieldsOf, type RelationFieldDef } from '../relation-kinds.ts';
import { AddRelationForm } from './add-relation-form.tsx';
import { NodeLink } from './node-link.tsx';

export interface RelationsPanelProps {
  def: InventoryTypeDef;
  item: InventoryDetailRecord;
  /** WRITE on this item: links can be added and removed (the API also wants WRITE on the other end). */
  canWrite: boolean;
  onChanged(): void;
}

/** Every relation of the item, both directions, as lists of links with counts; add and remove links. */
export function RelationsPanel({ def, item, canWrite, onChanged }: RelationsPanelProps) {
  const [result, unlink] = useMutation(UnlinkDocument);
  const fields = relationFieldsOf(def.type);
  const name = itemName(def, item);
  const related = new Map<string, Set<string>>();
  let total = 0;
  for (const field of fields) {
    const page = relatedAt(item, field.field);
    related.set(field.field, new Set(page?.edges.map((edge) => edge.node.id) ?? []));
    if (!field.only) total += page?.totalCount ?? 0;
  }
  const editable = canWrite && item.active;

  async function remove(field: RelationFieldDef, node: NodeRefFragment) {
    const answer = await unlink({ input: { ...edgeEnds(field, item.id, node.id), kind: field.kind } });
    if (answer.data) onChanged();
  }

  const error = readActionError(result.error);
  return (
    <section className="panel panel--overflow" aria-labelledby="relations-title" aria-busy={result.fetching} data-testid="relations-panel">
      <header className="panel__header">
        <div>
          <h2 id="relations-title" className="panel__title">
            Relations
          </h2>
          <p className="panel__subtitle">What {name} is linked to, in both directions.</p>
        </div>
        <span className="panel__meta">{total === 1 ? '1 link' : `${total} links`}</span>
      </header>
      {error ? (
        <div className="panel__body">
          <FormAlert testId="unlink-error">{error}</FormAlert>
        </div>
      ) : null}
      <div className="relations panel__body">
        {fields.map((field) => {
          const page = relatedAt(item, field.field);
          const nodes = page?.edges.map((edge) => edge.node) ?? [];
          const count = page?.totalCount ?? 0;
          const titleId = `relation-${field.field}-title`;
          return (
            <section key={field.field} className="relation" aria-labelledby={titleId} data-testid={`relation-${field.field}`} data-count={count}>
              <h3 id={titleId} className="relation__title">
                {field.label} <span className="relation__count">{count}</span>
              </h3>
              {nodes.length === 0 ? (
                <p className="relation__empty muted">None</p>
              ) : (
                <ul className="relation__list">
                  {nodes.map((node) => (
                    <li key={node.id} className="relation__item" data-testid="relation-item" data-name={nodeLabel(node)}>
                      <NodeLink node={node} />
                      {editable && !field.only ? (
                        <ConfirmButton
                          question={`Remove the link to ${nodeLabel(node)}?`}
                          confirmLabel="Remove"
                          disabled={result.fetching}
                          onConfirm={() => void remove(field, node)}
                          testId="unlink"
                        >
                          Remove
                        </ConfirmButton>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
              {count > nodes.length ? <p className="relation__more muted">Showing {nodes.length} of {count}.</p> : null}
            </section>
          );
        })}
      </div>
      {editable ? <AddRelationForm def={def} itemId={item.id} itemName={name} related={related} onLinked={onChanged} /> : null}
    </section>
  );
}
