import { Field } from '../../../shared/forms/field.tsx';
import type { ScalarField } from '../inventory-model.ts';

const LIST_HINT = 'Separate several with commas.';

export interface FieldControlProps {
  field: ScalarField;
  /** The control's name and error path: `hostname`, `os.base`, `storage.0.mount`. */
  path: string;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
  className?: string;
}

function labelOf(field: ScalarField): string {
  return field.kind === 'number' && field.unit ? `${field.label} (${field.unit})` : field.label;
}

/** One declared field as a labelled control: input, text area, number, select or yes/no. */
export function FieldControl({ field, path, value, error, onChange, className }: FieldControlProps) {
  const hint = field.hint ?? (field.kind === 'list' ? LIST_HINT : undefined);
  const wide = field.wide || (field.kind === 'text' && field.multiline);
  const classes = [wide ? 'form__wide' : '', className ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <Field label={labelOf(field)} name={path} error={error} hint={hint} className={classes}>
      {(control) => {
        switch (field.kind) {
          case 'text':
            return field.multiline ? (
              <textarea
                {...control}
                className="input input--area"
                rows={3}
                maxLength={field.maxLength}
                required={field.required}
                placeholder={field.placeholder}
                value={value}
                onChange={(event) => onChange(event.target.value)}
              />
            ) : (
              <input
                {...control}
                className="input"
                type={field.inputType ?? 'text'}
                maxLength={field.maxLength}
                required={field.required}
                placeholder={field.placeholder}
                value={value}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'number':
            return (
              <input
                {...control}
                className="input"
                type="number"
                inputMode={field.integer ? 'numeric' : 'decimal'}
                step={field.integer ? 1 : 'any'}
                min={field.min}
                max={field.max}
                required={field.required}
                placeholder={field.placeholder}
                value={value}
                onChange={(event) => onChange(event.target.value)}
              />
            );
          case 'enum':
            return (
              <select {...control} className="select" required={field.required} value={value} onChange={(event) => onChange(event.target.value)}>
                <option value="" disabled={field.required}>
                  {field.required ? 'Choose…' : 'Not set'}
                </option>
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            );
          case 'boolean':
            return (
              <select {...control} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
                <option value="">Not set</option>
                <option value="true">Yes</option>
                <option value="false">No</option>
              </select>
            );
          case 'list':
            return (
              <input
                {...control}
                className="input"
                required={field.required}
                placeholder={field.placeholder}
                value={value}
                onChange={(event) => onChange(event.target.value)}
              />
            );
        }
      }}
    </Field>
  );
}
