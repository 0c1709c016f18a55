import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import type { PayloadWarningFragment } from '../../../gql/graphql.ts';
import type { InventoryDetailRecord, InventoryTypeDef } from '../inventory-model.ts';
import { itemPath } from '../inventory-types.ts';
import { itemName } from '../item-values.ts';
import { ItemForm } from './item-form.tsx';
import { OwnerNote } from './owner-note.tsx';
import { WarningsAlert } from './warnings-alert.tsx';

/** The "New …" form: opens the new item, or stays to show the API's warnings about it (a duplicate hostname…). */
export function CreateItemPanel({ def, onClose }: { def: InventoryTypeDef; onClose(): void }) {
  const navigate = useNavigate();
  const [result, create] = useMutation(def.documents.create);
  const [created, setCreated] = useState<{ item: InventoryDetailRecord; warnings: PayloadWarningFragment[] } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const lower = def.label.toLowerCase();

  async function onSubmit(input: Record<string, unknown>) {
    setCreated(null);
    const answer = await create({ input });
    const payload = answer.data?.payload;
    if (!payload?.item) return;
    if (payload.warnings.length === 0) {
      navigate(itemPath(def, payload.item.id));
      return;
    }
    setCreated({ item: payload.item, warnings: payload.warnings });
    setFormKey((key) => key + 1);
  }

  return (
    <section className="panel" aria-labelledby="create-item-title">
      <header className="panel__header">
        <h2 id="create-item-title" className="panel__title">
          New {lower}
        </h2>
      </header>
      {created ? (
        <div className="panel__body">
          <WarningsAlert def={def} warnings={created.warnings} />
          <p>
            <Link to={itemPath(def, created.item.id)} data-testid="open-created">
              Open {itemName(def, created.item)}
            </Link>
          </p>
        </div>
      ) : null}
      <ItemForm
        key={formKey}
        def={def}
        error={result.error}
        busy={result.fetching}
        submitLabel={`Create ${lower}`}
        busyLabel="Creating…"
        onSubmit={(input) => void onSubmit(input)}
        onCancel={onClose}
        note={<OwnerNote />}
        labelledBy="create-item-title"
      />
    </section>
  );
}
