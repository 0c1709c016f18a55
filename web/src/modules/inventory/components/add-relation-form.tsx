import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { LinkDocument, type NodeRefFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import type { InventoryTypeDef } from '../inventory-model.ts';
import { inventoryType } from '../inventory-types.ts';
import { nodeLabel } from '../item-values.ts';
import { edgeEnds, otherEndTypes, relationFieldsOf, type RelationFieldDef } from '../relation-kinds.ts';
import { NodeLink } from './node-link.tsx';
import { NodePicker } from './node-picker.tsx';

export interface AddRelationFormProps {
  def: InventoryTypeDef;
  itemId: string;
  itemName: string;
  /** Ids already related, by relation field, not offered again. */
  related: ReadonlyMap<string, ReadonlySet<string>>;
  onLinked(): void;
}

function optionLabel(field: RelationFieldDef): string {
  const types = otherEndTypes(field).map((type) => inventoryType(type)?.label ?? type);
  return `${field.label} (${types.join(', ')})`;
}

/** "Add a relation": a kind this type can have, in either direction, and the item at the other end, found by search. */
export function AddRelationForm({ def, itemId, itemName, related, onLinked }: AddRelationFormProps) {
  const id = useId();
  // Narrower views of another field (a system's applications among its components) are not offered.
  const fields = relationFieldsOf(def.type).filter((field) => !field.only);
  const [fieldName, setFieldName] = useState(fields[0]?.field ?? '');
  const [target, setTarget] = useState<NodeRefFragment | null>(null);
  const [linked, setLinked] = useState<string | null>(null);
  const [result, link] = useMutation(LinkDocument);
  const field = fields.find((f) => f.field === fieldName);
  if (!field) return null;
  const exclude = new Set([itemId, ...(related.get(field.field) ?? [])]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!field || !target) return;
    setLinked(null);
    const answer = await link({ input: { ...edgeEnds(field, itemId, target.id), kind: field.kind } });
    if (answer.data) {
      setLinked(`${itemName} → ${field.label.toLowerCase()} → ${nodeLabel(target)}`);
      setTarget(null);
      onLinked();
    }
  }

  const error = readActionError(result.error);
  return (
    <form className="panel__body panel__body--divided add-relation" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} data-testid="add-relation">
      <h3 id={`${id}-title`} className="form__title">
        Add a relation
      </h3>
      {error ? <FormAlert testId="relation-error">{error}</FormAlert> : null}
      {linked ? (
        <FormAlert tone="success" testId="relation-added">
          Linked: {linked}.
        </FormAlert>
      ) : null}
      <div className="add-relation__grid">
        <div className="field">
          <label htmlFor={`${id}-kind`} className="field__label">
            Relation
          </label>
          <select
            id={`${id}-kind`}
            name="relation"
            className="select"
            value={fieldName}
            data-testid="relation-kind"
            onChange={(event) => {
              setFieldName(event.target.value);
              setTarget(null);
            }}
          >
            {fields.map((f) => (
              <option key={f.field} value={f.field}>
                {optionLabel(f)}
              </option>
            ))}
          </select>
        </div>
        {target ? (
          <div className="field">
            <span className="field__label">Item</span>
            <div className="add-relation__target" data-testid="relation-target">
              <NodeLink node={target} />
              <button type="button" className="button button--small button--quiet" onClick={() => setTarget(null)}>
                Change
              </button>
            </div>
          </div>
        ) : (
          <NodePicker key={field.field} label="Item" types={otherEndTypes(field)} exclude={exclude} onPick={setTarget} testId="relation-picker" />
        )}
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={!target || result.fetching} data-testid="add-relation-submit">
          {result.fetching ? 'Adding…' : 'Add relation'}
        </button>
      </div>
    </form>
  );
}
