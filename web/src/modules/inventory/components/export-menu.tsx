import { useCallback, useId, useRef, useState } from 'react';
import type { TransferFormat } from '../../../gql/graphql.ts';
import { useDismiss } from '../../../shared/hooks/use-dismiss.ts';
import type { InventoryTypeDef } from '../inventory-model.ts';
import { FORMAT_LABELS, TRANSFER_FORMATS, extensionOf } from '../transfer.ts';

export interface ExportMenuProps {
  def: InventoryTypeDef;
  /** The format being downloaded, or null. */
  busy: TransferFormat | null;
  onExport(format: TransferFormat): void;
}

const FORMAT_NOTES: Readonly<Record<TransferFormat, string>> = {
  CSV: 'One row per item, for spreadsheets',
  JSON: 'Every field, nested as in the API',
};

/** "Export": a disclosure offering the list, as filtered and sorted on the page, as CSV or JSON. */
export function ExportMenu({ def, busy, onExport }: ExportMenuProps) {
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const close = useCallback(() => {
    // Closing with the focus inside the panel would lose it: it goes back to the button.
    if (rootRef.current?.contains(document.activeElement) && document.activeElement !== buttonRef.current) buttonRef.current?.focus();
    setOpen(false);
  }, []);
  useDismiss(rootRef, open, close);
  const lower = def.pluralLabel.toLowerCase();

  return (
    <div className="transfer-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-busy={busy !== null}
        onClick={() => setOpen((value) => !value)}
        data-testid="export-menu"
      >
        {busy ? `Exporting ${FORMAT_LABELS[busy]}…` : 'Export'}
        <span className="transfer-menu__caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div id={`${id}-panel`} className="transfer-menu__panel" hidden={!open}>
        <p className="transfer-menu__note">All {lower} matching the filters, in the order shown.</p>
        <ul className="transfer-menu__list">
          {TRANSFER_FORMATS.map((format) => (
            <li key={format}>
              <button
                type="button"
                className="transfer-menu__item"
                disabled={busy !== null}
                onClick={() => {
                  close();
                  onExport(format);
                }}
                data-testid={`export-${extensionOf(format)}`}
              >
                <span className="transfer-menu__label">{FORMAT_LABELS[format]}</span>
                <span className="transfer-menu__hint">{FORMAT_NOTES[format]}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
