import type { ReactNode } from 'react';
import { formatDateTime } from '../../../shared/format.ts';
import { PrincipalName } from '../../access/components/principal-name.tsx';
import { fieldBlocks } from '../field-sections.ts';
import type { GroupField, InventoryRecord, InventoryTypeDef, RowsField, ScalarField } from '../inventory-model.ts';
import { recordsAt, valueAt } from '../item-values.ts';
import { ValueView } from './value-view.tsx';

function isWide(field: ScalarField): boolean {
  return field.kind === 'text' && field.multiline === true;
}

/** Beside a field's value: where it came from, its lock (the item page only). */
export type FieldAside = (field: string, label: string) => ReactNode;

function GroupDetails({ field, item, aside }: { field: GroupField; item: InventoryRecord; aside?: FieldAside }) {
  return (
    <div className="panel__body panel__body--divided" data-field={field.name}>
      <h3 className="details__title">{field.label}</h3>
      {aside?.(field.name, field.label)}
      <dl className="details">
        {field.fields.map((sub) => (
          <div key={sub.name}>
            <dt>{sub.label}</dt>
            <dd>
              <ValueView field={sub} value={valueAt(item, `${field.name}.${sub.name}`)} />
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Scalar fields shown under one heading ("At the provider"), each with its source and lock. */
function SectionDetails({ label, fields, item, aside }: { label: string; fields: readonly ScalarField[]; item: InventoryRecord; aside?: FieldAside }) {
  return (
    <div className="panel__body panel__body--divided" data-section={label}>
      <h3 className="details__title">{label}</h3>
      <dl className="details">
        {fields.map((field) => (
          <ScalarDetail key={field.name} field={field} item={item} aside={aside} />
        ))}
      </dl>
    </div>
  );
}

function ScalarDetail({ field, item, aside }: { field: ScalarField; item: InventoryRecord; aside?: FieldAside }) {
  return (
    <div className={isWide(field) ? 'details__wide' : undefined} data-field={field.name}>
      <dt>{field.label}</dt>
      <dd>
        <ValueView field={field} value={valueAt(item, field.name)} />
      </dd>
      {aside ? <dd className="details__source">{aside(field.name, field.label)}</dd> : null}
    </div>
  );
}

function RowsDetails({ field, item, aside }: { field: RowsField; item: InventoryRecord; aside?: FieldAside }) {
  const records = recordsAt(item, field.name);
  const titleId = `details-${field.name}`;
  return (
    <div className="panel__body panel__body--divided" data-field={field.name}>
      <h3 id={titleId} className="details__title">
        {field.label} <span className="relation__count">{records.length}</span>
      </h3>
      {aside?.(field.name, field.label)}
      {records.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact" aria-labelledby={titleId}>
            <thead>
              <tr>
                {field.fields.map((sub) => (
                  <th key={sub.name} scope="col">
                    {sub.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {records.map((record, index) => (
                <tr key={index}>
                  {field.fields.map((sub) => (
                    <td key={sub.name}>
                      <ValueView field={sub} value={record[sub.name]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export interface ItemDetailsProps {
  def: InventoryTypeDef;
  item: InventoryRecord;
  /** "Details as they were", for a past state shown instead of today's. */
  title?: string;
  className?: string;
  /** Beside each field: its source and lock. */
  fieldAside?: FieldAside;
  /** In the header, before the revision ("Lock whole item"). */
  tools?: ReactNode;
  /** Under the header: notes about the whole item. */
  notes?: ReactNode;
  /** More facts after "Created" ("Created by"). */
  facts?: ReactNode;
}

/** Every declared field of an item, then who owns it and when it changed. */
export function ItemDetails({ def, item, title = 'Details', className, fieldAside, tools, notes, facts }: ItemDetailsProps) {
  const blocks = fieldBlocks(def.fields);
  const scalars = blocks.flatMap((block) => (block.kind === 'field' && block.field.kind !== 'group' && block.field.kind !== 'rows' ? [block.field] : []));
  return (
    <section className={className ? `panel ${className}` : 'panel'} aria-labelledby="item-details-title" data-testid="item-details">
      <header className="panel__header">
        <h2 id="item-details-title" className="panel__title">
          {title}
        </h2>
        <div className="panel__tools">
          {tools}
          <span className="panel__meta">Revision {item.revision}</span>
        </div>
      </header>
      {notes}
      <dl className="details panel__body">
        {scalars.map((field) => (
          <ScalarDetail key={field.name} field={field} item={item} aside={fieldAside} />
        ))}
        <div>
          <dt>Owner</dt>
          <dd>
            <PrincipalName principal={item.owner} />
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>{item.active ? 'Active' : 'Deleted'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(item.createdAt)}</dd>
        </div>
        {facts}
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(item.updatedAt)}</dd>
        </div>
      </dl>
      {blocks.map((block) => {
        if (block.kind === 'section') return <SectionDetails key={`section-${block.label}`} label={block.label} fields={block.fields} item={item} aside={fieldAside} />;
        const { field } = block;
        if (field.kind === 'group') return <GroupDetails key={field.name} field={field} item={item} aside={fieldAside} />;
        if (field.kind === 'rows') return <RowsDetails key={field.name} field={field} item={item} aside={fieldAside} />;
        return null;
      })}
    </section>
  );
}
