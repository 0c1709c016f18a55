import type { InputHTMLAttributes } from 'react';
import { Field, type FieldProps } from './field.tsx';

/** The input's own attributes; Field supplies id, name and the aria ties, TextField the value and class. */
type TextInputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'name' | 'id' | 'className'>;

export interface TextFieldProps extends Pick<FieldProps, 'label' | 'name' | 'error' | 'hint' | 'className'>, TextInputAttributes {
  value: string;
  onValueChange(value: string): void;
}

/** A labelled text-like input (text, e-mail, password…) with an optional hint and an inline error. */
export function TextField({ label, name, error, hint, className, value, onValueChange, ...rest }: TextFieldProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint} className={className}>
      {(control) => (
        <input {...control} className="input" {...rest} value={value} onChange={(event) => onValueChange(event.target.value)} />
      )}
    </Field>
  );
}
