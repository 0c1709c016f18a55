import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { ImportInventoryDocument, type ImportInventoryMutation, type ImportRowViewFragment, type ImportStatus, type TransferFormat } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { plural } from '../../../shared/format.ts';
import { runActivityPath } from '../../history/activity-query.ts';
import { useNodeRefs } from '../../history/hooks/use-node-refs.ts';
import type { InventoryTypeDef } from '../inventory-model.ts';
import { WarningItems } from './warnings-alert.tsx';
import { itemPath } from '../inventory-types.ts';
import { fieldAt, nodeLabel } from '../item-values.ts';
import {
  FORMAT_LABELS,
  IMPORT_STATUS_LABELS,
  TRANSFER_FORMATS,
  columnOfPath,
  exampleHeader,
  extensionOf,
  guessFormat,
  importErrorMessage,
  keptByLockRows,
  rowsToReview,
  writtenRows,
} from '../transfer.ts';

type Source = 'file' | 'text';
export type ImportResult = ImportInventoryMutation['result'];

/** Links to this many written items at most; the list shows them all. */
const MAX_LINKS = 50;

export interface ImportDialogProps {
  def: InventoryTypeDef;
  onClose(): void;
  /** After an import that created or changed items. */
  onImported(result: ImportResult): void;
}

function StatusBadge({ status }: { status: ImportStatus }) {
  return <span className={`badge badge--import-${status.toLowerCase()}`}>{IMPORT_STATUS_LABELS[status]}</span>;
}

/** What the reader should look at in one row: its errors in red, then its warnings in amber, each with its column. */
function RowIssues({ row }: { row: ImportRowViewFragment }) {
  return (
    <ul className="import-issues">
      {row.errors.map((error, index) => (
        <li key={`e${index}`} className="import-issue import-issue--error" data-testid="import-row-error" data-path={error.path}>
          <span className="import-issue__kind">Error</span>
          {columnOfPath(error.path) ? <code className="import-issue__path">{columnOfPath(error.path)}</code> : null}
          <span>{error.message}</span>
        </li>
      ))}
      {row.warnings.map((warning, index) => (
        <li
          key={`w${index}`}
          className="import-issue import-issue--warning"
          data-testid="import-row-warning"
          data-path={warning.path ?? ''}
          data-code={warning.code}
        >
          <span className="import-issue__kind">Warning</span>
          {columnOfPath(warning.path) ? <code className="import-issue__path">{columnOfPath(warning.path)}</code> : null}
          <span>{warning.message}</span>
          <WarningItems warning={warning} />
        </li>
      ))}
    </ul>
  );
}

/** Values the import left as they were because their fields are locked: how many, then which, row by row. */
function KeptByLockList({ def, result, nameOf }: { def: InventoryTypeDef; result: ImportResult; nameOf(id: string, row: number): string }) {
  const kept = keptByLockRows(result.rows);
  if (result.keptByLock === 0 && kept.length === 0) return null;
  return (
    <div className="import-kept" data-testid="import-kept">
      <h4 className="import-kept__title">
        Kept by lock: <span data-testid="import-kept-count">{plural(result.keptByLock, 'value')}</span>
      </h4>
      <p className="form__note">These fields are locked against imports on their {def.pluralLabel.toLowerCase()}: the file’s values were not written.</p>
      <ul className="import-written__list">
        {kept.map((entry) => (
          <li key={entry.row} data-testid="import-kept-row" data-row={entry.row}>
            {entry.id ? <Link to={itemPath(def, entry.id)}>{nameOf(entry.id, entry.row)}</Link> : `Row ${entry.row}`}:{' '}
            {entry.fields.map((field) => fieldAt(def, field)?.label ?? field).join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ImportResultView({ def, result, headingId }: { def: InventoryTypeDef; result: ImportResult; headingId: string }) {
  const review = rowsToReview(result.rows);
  const written = writtenRows(result.rows);
  const shown = written.slice(0, MAX_LINKS);
  const keptIds = keptByLockRows(result.rows).flatMap((entry) => (entry.id ? [entry.id] : []));
  const { byId } = useNodeRefs([...shown.map((row) => row.id), ...keptIds]);
  const nameOf = (id: string, row: number) => {
    const node = byId.get(id);
    return node ? nodeLabel(node) : `Row ${row}`;
  };
  const lower = def.label.toLowerCase();
  const counts: Array<{ key: string; label: string; value: number }> = [
    { key: 'created', label: 'Created', value: result.created },
    { key: 'updated', label: 'Updated', value: result.updated },
    { key: 'unchanged', label: 'Unchanged', value: result.unchanged },
    { key: 'failed', label: 'Failed', value: result.failed },
  ];

  return (
    <section className="import-result" aria-labelledby={headingId} data-testid="import-result">
      <h3 id={headingId} className="import-result__title" tabIndex={-1}>
        <span data-testid="import-name">{result.import.name}</span>: {plural(result.rows.length, 'row')}
      </h3>
      {result.created + result.updated > 0 ? (
        <p className="import-run">
          <Link to={runActivityPath(result.import.id)} data-testid="import-activity-link">
            See what {result.import.name} changed
          </Link>
        </p>
      ) : null}
      <dl className="import-counts">
        {counts.map((count) => (
          <div key={count.key} className={`import-count${count.key === 'failed' && count.value > 0 ? ' import-count--failed' : ''}`}>
            <dt>{count.label}</dt>
            <dd data-testid={`import-${count.key}`}>{count.value}</dd>
          </div>
        ))}
      </dl>
      {review.length > 0 ? (
        <div className="table-scroll">
          <table className="table table--compact import-rows" data-testid="import-problems">
            <caption className="visually-hidden">Rows with errors or warnings</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Status</th>
                <th scope="col">Errors and warnings</th>
                <th scope="col">{def.label}</th>
              </tr>
            </thead>
            <tbody>
              {review.map((row) => (
                <tr key={row.row} data-testid="import-row" data-row={row.row} data-status={row.status}>
                  <th scope="row" className="table__nowrap">
                    {row.row}
                  </th>
                  <td>
                    <StatusBadge status={row.status} />
                  </td>
                  <td>
                    <RowIssues row={row} />
                  </td>
                  <td>
                    {row.id && row.status !== 'ERROR' ? (
                      <Link to={itemPath(def, row.id)} data-testid="import-row-link">
                        {byId.has(row.id) ? nameOf(row.id, row.row) : `Open ${lower}`}
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="form__note">No row has errors or warnings.</p>
      )}
      <KeptByLockList def={def} result={result} nameOf={nameOf} />
      {shown.length > 0 ? (
        <div className="import-written">
          <h4 className="import-written__title">Created or updated</h4>
          <ul className="import-written__list" data-testid="import-written">
            {shown.map((row) => (
              <li key={row.row}>
                <Link to={itemPath(def, row.id)} data-testid="import-written-link">
                  {nameOf(row.id, row.row)}
                </Link>{' '}
                <StatusBadge status={row.status} />
              </li>
            ))}
          </ul>
          {written.length > shown.length ? <p className="form__note">and {written.length - shown.length} more, all in the list.</p> : null}
        </div>
      ) : null}
    </section>
  );
}

/**
 * "Import …": a modal dialog that sends a CSV or JSON file (or pasted rows)
 * to `importInventory` and shows what happened to each row. The focus stays
 * inside while it is open; Escape or "Close" closes it.
 */
export function ImportDialog({ def, onClose, onImported }: ImportDialogProps) {
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const resultHeadingId = `${id}-result`;
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [format, setFormat] = useState<TransferFormat>('CSV');
  const [missing, setMissing] = useState<string | null>(null);
  const [{ data, fetching, error }, importInventory] = useMutation(ImportInventoryDocument);
  const result = data?.result;
  const failure = importErrorMessage(error);

  const many = def.pluralLabel.toLowerCase();
  const lower = def.label.toLowerCase();
  const keyLabel = fieldAt(def, def.nameField)?.label ?? def.nameField;
  const jsonCells = def.fields.filter((field) => field.kind === 'rows').map((field) => field.name);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    firstRef.current?.focus();
  }, []);

  // A new answer takes the focus to its heading, where reading it starts.
  useEffect(() => {
    if (result) document.getElementById(resultHeadingId)?.focus();
  }, [result, resultHeadingId]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let content = text;
    if (source === 'file') {
      try {
        content = (await file?.text()) ?? '';
      } catch {
        setMissing('The file could not be read. Choose it again.');
        return;
      }
    }
    if (!content.trim()) {
      setMissing(source === 'file' ? (file ? 'The file is empty.' : 'Choose a file to import.') : `Paste the ${many} to import.`);
      return;
    }
    setMissing(null);
    const answer = await importInventory({ input: { type: def.type, format, data: content } });
    const imported = answer.data?.result;
    if (imported && imported.created + imported.updated > 0) onImported(imported);
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-about`} onClose={onClose} data-testid="import-dialog">
      <header className="dialog__header">
        <h2 id={`${id}-title`} className="panel__title">
          Import {many}
        </h2>
        <button type="button" className="button button--small button--quiet" onClick={onClose} aria-label="Close the import" data-testid="import-close-x">
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="dialog__body">
        <form className="form" onSubmit={(event) => void onSubmit(event)} aria-labelledby={`${id}-title`} data-testid="import-form" noValidate>
          <div id={`${id}-about`} className="import-about">
            <p className="form__note">
              {format === 'CSV' ? (
                <>
                  A header of field names, then one {lower} per line. Fields of a group are named like <code>os.base</code>, lists are separated by{' '}
                  <code>;</code>
                  {jsonCells.length > 0 ? (
                    <>
                      , and {jsonCells.map((name, index) => (
                        <span key={name}>
                          {index > 0 ? ', ' : ''}
                          <code>{name}</code>
                        </span>
                      ))}{' '}
                      {jsonCells.length === 1 ? 'is' : 'are'} JSON in one cell
                    </>
                  ) : null}
                  .
                </>
              ) : (
                <>A JSON list of objects shaped like the “New {lower}” form: groups as objects, lists as arrays.</>
              )}{' '}
              Rows are matched on <strong>{keyLabel}</strong> (<code>{def.nameField}</code>): a {lower} with the same {keyLabel.toLowerCase()} is updated
              or left as it is, so importing a file twice changes nothing. Rows with errors are skipped.
            </p>
            <p className="form__note" data-testid="import-partial">
              A row changes only the fields it carries.{' '}
              {format === 'CSV' ? (
                <>
                  A column absent from the file leaves that field as it is; an empty cell clears it. A column of a group, like{' '}
                  <code>os.version</code>, changes only that part.
                </>
              ) : (
                <>
                  A key missing from an object leaves that field as it is; <code>null</code> clears it.
                </>
              )}{' '}
              Required fields are needed only for new {many}. Fields locked on a {lower} are kept as they are, and the result lists them.
            </p>
            <p className="form__note">
              Example header: <code data-testid="import-example">{exampleHeader(def)}</code>
            </p>
          </div>

          <fieldset className="segmented">
            <legend className="field__label">Rows from</legend>
            <label className="segmented__option">
              <input
                ref={firstRef}
                type="radio"
                name="source"
                value="file"
                checked={source === 'file'}
                onChange={() => setSource('file')}
                data-testid="import-source-file"
              />
              A file
            </label>
            <label className="segmented__option">
              <input type="radio" name="source" value="text" checked={source === 'text'} onChange={() => setSource('text')} data-testid="import-source-text" />
              Pasted text
            </label>
          </fieldset>

          {source === 'file' ? (
            <Field label="File" name="file" error={missing ?? undefined} hint="A .csv or .json file; the format follows its extension.">
              {(control) => (
                <input
                  {...control}
                  type="file"
                  className="input"
                  accept=".csv,.json,text/csv,application/json"
                  onChange={(event) => {
                    const chosen = event.target.files?.[0] ?? null;
                    setFile(chosen);
                    setMissing(null);
                    const guessed = chosen ? guessFormat(chosen.name) : null;
                    if (guessed) setFormat(guessed);
                  }}
                  data-testid="import-file"
                />
              )}
            </Field>
          ) : (
            <Field label={`${def.pluralLabel} to import`} name="text" error={missing ?? undefined}>
              {(control) => (
                <textarea
                  {...control}
                  className="input input--area import-text"
                  rows={8}
                  spellCheck={false}
                  value={text}
                  placeholder={format === 'CSV' ? exampleHeader(def) : `[{ "${def.nameField}": "…" }]`}
                  onChange={(event) => {
                    setText(event.target.value);
                    setMissing(null);
                  }}
                  data-testid="import-text"
                />
              )}
            </Field>
          )}

          <fieldset className="segmented">
            <legend className="field__label">Format</legend>
            {TRANSFER_FORMATS.map((option) => (
              <label key={option} className="segmented__option">
                <input
                  type="radio"
                  name="format"
                  value={option}
                  checked={format === option}
                  onChange={() => setFormat(option)}
                  data-testid={`import-format-${extensionOf(option)}`}
                />
                {FORMAT_LABELS[option]}
              </label>
            ))}
          </fieldset>

          {failure ? <FormAlert testId="import-failure">{failure}</FormAlert> : null}

          <div className="form__actions">
            <button type="button" className="button button--quiet" onClick={onClose} data-testid="import-close">
              Close
            </button>
            <button type="submit" className="button button--primary" disabled={fetching} data-testid="import-submit">
              {fetching ? 'Importing…' : `Import ${many}`}
            </button>
          </div>
        </form>

        {result && !fetching ? <ImportResultView def={def} result={result} headingId={resultHeadingId} /> : null}
      </div>
    </dialog>
  );
}
