import { useState, type FormEvent, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import {
  createInput,
  draftOf,
  emptyRow,
  errorPathsOf,
  pruneDraft,
  updateInput,
  type FormDraft,
  type RowDraft,
} from '../form-draft.ts';
import { fieldBlocks, type FieldBlock } from '../field-sections.ts';
import type { FieldDef, InventoryTypeDef, RowsField } from '../inventory-model.ts';
import { FieldControl } from './field-control.tsx';

export interface ItemFormProps {
  def: InventoryTypeDef;
  /** The item being edited (only changed fields are sent); a new one when absent. */
  initial?: unknown;
  /** The API's answer to the last submit. */
  error: CombinedError | undefined;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  /** The input to send; not called when nothing changed in an edit. */
  onSubmit(input: Record<string, unknown>): void;
  onUnchanged?(): void;
  onCancel?(): void;
  /** Shown above the buttons, e.g. who will own a new item. */
  note?: ReactNode;
  labelledBy: string;
}

/**
 * The form of any inventory type, from its declared fields: groups of fields
 * for nested objects, rows for lists of objects. Problems found before
 * sending and those the API names (by path) show next to their field.
 */
export function ItemForm({ def, initial, error, busy, submitLabel, busyLabel, onSubmit, onUnchanged, onCancel, note, labelledBy }: ItemFormProps) {
  const [start] = useState<FormDraft>(() => draftOf(def, initial));
  const [draft, setDraft] = useState<FormDraft>(start);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const apiErrors = readFormErrors(error, errorPathsOf(def, draft));
  const errorAt = (path: string): string | undefined => problems[path] ?? apiErrors.fields[path];

  function setValue(path: string, value: string) {
    setDraft((current) => ({ ...current, values: { ...current.values, [path]: value } }));
    if (problems[path]) setProblems(({ [path]: _, ...rest }) => rest);
  }

  function setRows(name: string, rows: readonly RowDraft[]) {
    setDraft((current) => ({ ...current, rows: { ...current.rows, [name]: rows } }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const pruned = pruneDraft(draft);
    setDraft(pruned);
    const prepared = initial === undefined ? createInput(def, pruned) : updateInput(def, pruned, start);
    setProblems(prepared.problems);
    if (Object.keys(prepared.problems).length > 0) return;
    if (initial !== undefined && Object.keys(prepared.input).length === 0) {
      onUnchanged?.();
      return;
    }
    onSubmit(prepared.input);
  }

  function renderField(field: FieldDef) {
    if (field.kind === 'group') {
      return (
        <fieldset key={field.name} className="form__group form__wide">
          <legend className="form__legend">{field.label}</legend>
          {errorAt(field.name) ? <p className="field__error" data-testid={`error-${field.name}`}>{errorAt(field.name)}</p> : null}
          <div className="form__grid form__grid--dense">
            {field.fields.map((sub) => {
              const path = `${field.name}.${sub.name}`;
              return <FieldControl key={path} field={sub} path={path} value={draft.values[path] ?? ''} error={errorAt(path)} onChange={(value) => setValue(path, value)} />;
            })}
          </div>
        </fieldset>
      );
    }
    if (field.kind === 'rows') return <RowsEditor key={field.name} field={field} rows={draft.rows[field.name] ?? []} errorAt={errorAt} onChange={(rows) => setRows(field.name, rows)} />;
    return <FieldControl key={field.name} field={field} path={field.name} value={draft.values[field.name] ?? ''} error={errorAt(field.name)} onChange={(value) => setValue(field.name, value)} />;
  }

  function renderBlock(block: FieldBlock) {
    if (block.kind === 'field') return renderField(block.field);
    return (
      <fieldset key={`section-${block.label}`} className="form__group form__wide" data-testid="form-section">
        <legend className="form__legend">{block.label}</legend>
        <div className="form__grid form__grid--dense">{block.fields.map(renderField)}</div>
      </fieldset>
    );
  }

  return (
    <form className="form panel__body" onSubmit={submit} aria-labelledby={labelledBy} data-testid={`${def.testId}-form`} noValidate>
      {apiErrors.form ? <FormAlert>{apiErrors.form}</FormAlert> : null}
      <div className="form__grid">{fieldBlocks(def.fields).map(renderBlock)}</div>
      {note ? <p className="form__note">{note}</p> : null}
      <div className="form__actions">
        {onCancel ? (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy} data-testid={`${def.testId}-submit`}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}

interface RowsEditorProps {
  field: RowsField;
  rows: readonly RowDraft[];
  errorAt(path: string): string | undefined;
  onChange(rows: readonly RowDraft[]): void;
}

/** A list of objects: one row of fields each, added and removed by hand. */
function RowsEditor({ field, rows, errorAt, onChange }: RowsEditorProps) {
  const title = field.itemLabel.charAt(0).toUpperCase() + field.itemLabel.slice(1);
  return (
    <fieldset className="form__group form__wide" data-testid={`rows-${field.name}`}>
      <legend className="form__legend">{field.label}</legend>
      {field.hint ? <p className="field__hint">{field.hint}</p> : null}
      {errorAt(field.name) ? <p className="field__error" data-testid={`error-${field.name}`}>{errorAt(field.name)}</p> : null}
      {rows.length === 0 ? <p className="muted form__empty">None.</p> : null}
      {rows.map((row, index) => (
        <div key={index} className="form__row-item" role="group" aria-label={`${title} ${index + 1}`}>
          <div className="form__grid form__grid--dense">
            {field.fields.map((sub) => {
              const path = `${field.name}.${index}.${sub.name}`;
              return (
                <FieldControl
                  key={path}
                  field={sub}
                  path={path}
                  value={row[sub.name] ?? ''}
                  error={errorAt(path)}
                  onChange={(value) => onChange(rows.map((r, i) => (i === index ? { ...r, [sub.name]: value } : r)))}
                />
              );
            })}
          </div>
          <button type="button" className="button button--small button--quiet" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            Remove {field.itemLabel} {index + 1}
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="button button--small" onClick={() => onChange([...rows, emptyRow(field.fields)])} data-testid={`add-${field.name}`}>
          Add a {field.itemLabel}
        </button>
      </div>
    </fieldset>
  );
}
