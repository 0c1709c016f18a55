import { useId, type ReactNode } from 'react';

/** What a field gives its control, so that label, hint and error are tied to it. */
export interface FieldControlProps {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export interface FieldProps {
  label: ReactNode;
  name: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children(control: FieldControlProps): ReactNode;
}

/** A labelled form control with an optional hint and an inline error. */
export function Field({ label, name, error, hint, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId} data-testid={`error-${name}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
