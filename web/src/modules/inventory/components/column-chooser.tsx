import { useId, useRef, useState } from 'react';
import { useDismiss } from '../../../shared/hooks/use-dismiss.ts';
import type { ColumnDef } from '../list-columns.ts';

export interface ColumnChooserProps {
  available: readonly ColumnDef[];
  shown: readonly ColumnDef[];
  onChange(ids: string[]): void;
  onReset(): void;
}

/** "Columns": a disclosure with a checkbox per column the list can show. */
export function ColumnChooser({ available, shown, onChange, onReset }: ColumnChooserProps) {
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  useDismiss(rootRef, open, () => setOpen(false));
  const shownIds = new Set(shown.map((column) => column.id));

  function toggle(columnId: string, checked: boolean) {
    const next = new Set(shownIds);
    if (checked) next.add(columnId);
    else next.delete(columnId);
    onChange(available.filter((column) => next.has(column.id)).map((column) => column.id));
  }

  return (
    <div className="column-chooser" ref={rootRef}>
      <button
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((value) => !value)}
        data-testid="column-chooser"
      >
        Columns ({shown.length})
      </button>
      <div id={`${id}-panel`} className="column-chooser__panel" hidden={!open}>
        <fieldset className="column-chooser__list">
          <legend className="column-chooser__legend">Show columns</legend>
          {available.map((column) => (
            <label key={column.id} className="column-chooser__option">
              <input
                type="checkbox"
                className="checkbox"
                checked={shownIds.has(column.id)}
                onChange={(event) => toggle(column.id, event.target.checked)}
                data-testid={`column-${column.id}`}
              />
              {column.label}
            </label>
          ))}
        </fieldset>
        <div className="column-chooser__footer">
          <button type="button" className="button button--small button--quiet" onClick={onReset}>
            Reset to defaults
          </button>
        </div>
      </div>
    </div>
  );
}
