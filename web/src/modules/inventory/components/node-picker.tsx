import { useCallback, useId, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { SearchDocument, type NodeRefFragment } from '../../../gql/graphql.ts';
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value.ts';
import { comboboxKeys } from '../../../shared/hooks/combobox-keys.ts';
import { useDismiss } from '../../../shared/hooks/use-dismiss.ts';
import { inventoryType } from '../inventory-types.ts';
import { nodeDetail, nodeLabel } from '../item-values.ts';

const MIN_LENGTH = 1;
const MAX_RESULTS = 10;

export interface NodePickerProps {
  label: string;
  /** Only items of these types are offered. */
  types: readonly string[];
  /** Ids not to offer (the item itself, what is already chosen). */
  exclude?: ReadonlySet<string>;
  onPick(node: NodeRefFragment): void;
  hint?: string;
  testId?: string;
}

/**
 * A search box that finds items of some types by name, address or tag and
 * hands the chosen one over: a combobox with a list of results.
 */
export function NodePicker({ label, types, exclude, onPick, hint, testId = 'node-picker' }: NodePickerProps) {
  const id = useId();
  const listId = `${id}-results`;
  const rootRef = useRef<HTMLDivElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebouncedValue(text.trim(), 200);
  const searching = query.length >= MIN_LENGTH;
  const [{ data, fetching, error }] = useQuery({
    query: SearchDocument,
    variables: { query, first: MAX_RESULTS + (exclude?.size ?? 0), types: [...types] },
    pause: !searching,
    requestPolicy: 'cache-and-network',
  });
  const results = searching ? (data?.search ?? []).filter((node) => !exclude?.has(node.id)).slice(0, MAX_RESULTS) : [];
  const expanded = open && searching;
  const close = useCallback(() => {
    setOpen(false);
    setActive(-1);
  }, []);
  useDismiss(rootRef, open, close);

  function pick(node: NodeRefFragment | undefined) {
    if (!node) return;
    onPick(node);
    setText('');
    close();
  }

  const onKeyDown = comboboxKeys({
    count: results.length,
    openList: () => setOpen(true),
    setActive,
    choose: () => {
      if (expanded) pick(results[active >= 0 ? active : 0]);
    },
    escape: (event) => {
      if (open) {
        event.stopPropagation();
        close();
      } else setText('');
    },
  });


  const statusText = !searching
    ? ''
    : fetching && !data
      ? 'Searching…'
      : error
        ? 'Search failed.'
        : results.length === 0
          ? 'Nothing matches.'
          : `${results.length} result${results.length === 1 ? '' : 's'}.`;
  const typeNames = types.map((type) => inventoryType(type)?.pluralLabel.toLowerCase() ?? type).join(', ');

  return (
    <div className="picker" ref={rootRef} data-testid={testId}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        className="input"
        type="search"
        placeholder={`Search ${typeNames}`}
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        data-testid={`${testId}-input`}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="picker__popover" hidden={!expanded}>
        <ul id={listId} className="search__results" role="listbox" aria-label={`${label}: results`}>
          {results.map((node, index) => {
            const detail = nodeDetail(node);
            return (
              <li
                key={node.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={`search__result${index === active ? ' search__result--active' : ''}`}
                data-testid={`${testId}-option`}
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => pick(node)}
              >
                <span className="search__kind">{inventoryType(node.__typename)?.label ?? node.__typename}</span>
                <span className="search__title">{nodeLabel(node)}</span>
                {detail ? <span className="search__detail">{detail}</span> : null}
              </li>
            );
          })}
        </ul>
        <p className="search__status" role="status" aria-live="polite">
          {statusText}
        </p>
      </div>
    </div>
  );
}
