import type { ReportComparer } from '../../../gql/graphql.ts';
import { COMPARER_LABELS, newFilterDraft, operandKindOf, valueLabel, withField, type FieldInfo, type FilterDraft } from '../report-filters.ts';
import { Problem, problemProps, type ProblemLookup } from './problems.tsx';

export interface FilterEditorProps {
  legend: string;
  /** "Filter", "Servers filter": how each row's controls are named, with its number. */
  label: string;
  filters: readonly FilterDraft[];
  fields: readonly FieldInfo[] | undefined;
  /** `filters`, `levels.3.filters`: where the API names this list's problems. */
  path: string;
  lookup: ProblemLookup;
  /** The new filters, and the paths whose problems the change settles. */
  onChange(filters: FilterDraft[], ...settled: string[]): void;
  testId: string;
}

function OperandControls({ filter, field, name, path, lookup, set }: { filter: FilterDraft; field: FieldInfo | undefined; name: string; path: string; lookup: ProblemLookup; set(change: Partial<FilterDraft>): void }) {
  const kind = operandKindOf(filter, field);
  const input = (part: 'text' | 'values' | 'number' | 'numberTo' | 'date' | 'dateTo' | 'days', label: string, type: string, placeholder?: string) => (
    <div className="report-filter__operand">
      <input
        className="input"
        type={type}
        aria-label={`${name} ${label}`}
        placeholder={placeholder}
        step={type === 'number' ? 'any' : undefined}
        value={filter[part]}
        onChange={(event) => set({ [part]: event.target.value })}
        data-testid={`${path}.${part}`}
        {...problemProps(lookup, `${path}.${part}`)}
      />
      <Problem lookup={lookup} path={`${path}.${part}`} />
    </div>
  );
  switch (kind) {
    case 'none':
      return null;
    case 'text':
      return input('text', 'text', 'text', 'web');
    case 'values':
      return input('values', 'values', 'text', 'web, db (separated by commas)');
    case 'choices': {
      const values = field?.values ?? [];
      return (
        <div className="report-filter__operand">
          <select
            multiple
            className="select report-filter__choices"
            aria-label={`${name} values`}
            size={Math.min(5, Math.max(2, values.length))}
            value={[...filter.choices]}
            onChange={(event) => set({ choices: Array.from(event.target.selectedOptions, (option) => option.value) })}
            data-testid={`${path}.values`}
            {...problemProps(lookup, `${path}.values`)}
          >
            {values.map((value) => (
              <option key={value} value={value}>
                {valueLabel(value)}
              </option>
            ))}
          </select>
          <Problem lookup={lookup} path={`${path}.values`} />
        </div>
      );
    }
    case 'number':
      return input('number', 'number', 'number');
    case 'numberRange':
      return (
        <>
          {input('number', 'from', 'number')}
          <span className="report-filter__and">and</span>
          {input('numberTo', 'to', 'number')}
        </>
      );
    case 'date':
      return input('date', 'date', 'datetime-local');
    case 'dateRange':
      return (
        <>
          {input('date', 'from', 'datetime-local')}
          <span className="report-filter__and">and</span>
          {input('dateTo', 'to', 'datetime-local')}
        </>
      );
    case 'days':
      return (
        <>
          {input('days', 'days', 'number')}
          <span className="report-filter__and">days</span>
        </>
      );
  }
}

/**
 * Filters that must all hold: a row each, a field, a comparison that fits it
 * (those the API lists for the field), and the operands that comparison
 * takes. Each control shows its own problem, the form's or the API's.
 */
export function FilterEditor({ legend, label, filters, fields, path, lookup, onChange, testId }: FilterEditorProps) {
  const setAt = (index: number, next: FilterDraft) => onChange(filters.map((filter, i) => (i === index ? next : filter)), `${path}.${index}`, path);
  return (
    <fieldset className="form__group form__wide report-filters" data-testid={testId}>
      <legend className="form__legend">{legend}</legend>
      {filters.length === 0 ? <p className="field__hint">No filter: every item is listed.</p> : <p className="field__hint">All of them must hold.</p>}
      {filters.map((filter, index) => {
        const rowPath = `${path}.${index}`;
        const name = `${label} ${index + 1}`;
        const field = fields?.find((candidate) => candidate.key === filter.field);
        return (
          <div className="report-filter" key={index} data-testid="report-filter" data-field={filter.field} role="group" aria-label={name}>
            <div className="report-filter__row">
              <div className="report-filter__part">
                <select
                  className="select"
                  aria-label={`${name} field`}
                  value={filter.field}
                  onChange={(event) => setAt(index, withField(filter, fields?.find((candidate) => candidate.key === event.target.value)))}
                  data-testid={`${rowPath}.field`}
                  {...problemProps(lookup, `${rowPath}.field`)}
                >
                  {field || !filter.field ? null : <option value={filter.field}>{filter.field}</option>}
                  {(fields ?? []).map((candidate) => (
                    <option key={candidate.key} value={candidate.key}>
                      {candidate.label}
                    </option>
                  ))}
                </select>
                <Problem lookup={lookup} path={`${rowPath}.field`} />
              </div>
              <div className="report-filter__part">
                <select
                  className="select"
                  aria-label={`${name} comparison`}
                  value={filter.comparer}
                  onChange={(event) => setAt(index, { ...filter, comparer: event.target.value as ReportComparer })}
                  data-testid={`${rowPath}.comparer`}
                  {...problemProps(lookup, `${rowPath}.comparer`)}
                >
                  {filter.comparer && field && !field.comparers.includes(filter.comparer) ? <option value={filter.comparer}>{COMPARER_LABELS[filter.comparer]}</option> : null}
                  {(field?.comparers ?? []).map((comparer) => (
                    <option key={comparer} value={comparer}>
                      {COMPARER_LABELS[comparer]}
                    </option>
                  ))}
                </select>
                <Problem lookup={lookup} path={`${rowPath}.comparer`} />
              </div>
              <OperandControls filter={filter} field={field} name={name} path={rowPath} lookup={lookup} set={(change) => setAt(index, { ...filter, ...change })} />
              <button
                type="button"
                className="button button--quiet report-filter__remove"
                // The rows after it move up: every problem of the list is settled.
                onClick={() => onChange(filters.filter((_, i) => i !== index), path)}
                aria-label={`Remove ${name.toLowerCase()}`}
              >
                Remove
              </button>
            </div>
            <Problem lookup={lookup} path={rowPath} />
          </div>
        );
      })}
      <div>
        <button type="button" className="button" onClick={() => onChange([...filters, newFilterDraft(fields?.[0])], path)} disabled={!fields} data-testid={`${testId}-add`}>
          Add a filter
        </button>
      </div>
      <Problem lookup={lookup} path={path} />
    </fieldset>
  );
}
