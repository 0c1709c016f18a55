import { useId, useRef, useState } from 'react';
import { useDismiss } from '../hooks/use-dismiss.ts';

export interface CheckboxMenuOption {
  value: string;
  label: string;
}

export interface CheckboxMenuProps {
  /** "Types": the button reads "Types: all" or "Types: 2". */
  label: string;
  options: readonly CheckboxMenuOption[];
  selected: readonly string[];
  onChange(values: string[]): void;
  testId: string;
}

/** A disclosure with a checkbox per option, for filters that take several values; none chosen means all. */
export function CheckboxMenu({ label, options, selected, onChange, testId }: CheckboxMenuProps) {
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  useDismiss(rootRef, open, () => setOpen(false));
  const chosen = new Set(selected);
  const only = selected.length === 1 ? options.find((option) => option.value === selected[0])?.label : undefined;
  const summary = selected.length === 0 ? 'all' : (only ?? String(selected.length));

  function toggle(value: string, checked: boolean) {
    const next = new Set(chosen);
    if (checked) next.add(value);
    else next.delete(value);
    onChange(options.filter((option) => next.has(option.value)).map((option) => option.value));
  }

  return (
    <div className="checkbox-menu" ref={rootRef}>
      <button
        type="button"
        className="button checkbox-menu__button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((value) => !value)}
        data-testid={testId}
      >
        {label}: <span className="checkbox-menu__summary">{summary}</span>
        <span className="checkbox-menu__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div id={`${id}-panel`} className="checkbox-menu__panel" hidden={!open}>
        <fieldset className="checkbox-menu__list">
          <legend className="checkbox-menu__legend">{label}</legend>
          {options.map((option) => (
            <label key={option.value} className="checkbox-menu__option">
              <input
                type="checkbox"
                className="checkbox"
                checked={chosen.has(option.value)}
                onChange={(event) => toggle(option.value, event.target.checked)}
                data-testid={`${testId}-${option.value}`}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        <div className="checkbox-menu__footer">
          <button type="button" className="button button--small button--quiet" onClick={() => onChange([])} disabled={selected.length === 0}>
            All
          </button>
        </div>
      </div>
    </div>
  );
}
