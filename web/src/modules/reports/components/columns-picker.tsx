import { toggled } from '../report-draft.ts';
import type { FieldInfo } from '../report-filters.ts';
import { Problem, type ProblemLookup } from './problems.tsx';

export interface ColumnsPickerProps {
  legend: string;
  fields: readonly FieldInfo[] | undefined;
  /** Keys picked, in the order shown. */
  selected: readonly string[];
  onChange(selected: string[]): void;
  /** A field always shown that is not offered (a pivot level's name). */
  exclude?: string;
  /** What no pick means. */
  emptyText: string;
  path: string;
  lookup: ProblemLookup;
  testId: string;
}

/** A checkbox per field; the columns come in the order they were picked. */
export function ColumnsPicker({ legend, fields, selected, onChange, exclude, emptyText, path, lookup, testId }: ColumnsPickerProps) {
  const offered = (fields ?? []).filter((field) => field.key !== exclude);
  const labelOf = (key: string) => fields?.find((field) => field.key === key)?.label ?? key;
  return (
    <fieldset className="form__group form__wide report-columns" data-testid={testId} aria-describedby={lookup.errorAt(path) ? lookup.errorId(path) : undefined}>
      <legend className="form__legend">{legend}</legend>
      {!fields ? (
        <p className="muted">Loading the fields…</p>
      ) : (
        <ul className="report-columns__list">
          {offered.map((field) => (
            <li key={field.key}>
              <label className="filters__item--check report-columns__option" title={field.key}>
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={selected.includes(field.key)}
                  onChange={(event) => onChange(toggled(selected, field.key, event.target.checked))}
                  data-key={field.key}
                />
                {field.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="field__hint" data-testid={`${testId}-order`}>
        {selected.length > 0 ? `In this order: ${selected.map(labelOf).join(', ')}` : emptyText}
      </p>
      <Problem lookup={lookup} path={path} />
    </fieldset>
  );
}
