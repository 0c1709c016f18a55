import { useCallback, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { SearchDocument, type SearchQuery } from '../../../gql/graphql.ts';
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value.ts';
import { comboboxKeys } from '../../../shared/hooks/combobox-keys.ts';
import { useDismiss } from '../../../shared/hooks/use-dismiss.ts';
import { inventoryType, itemPath } from '../../inventory/inventory-types.ts';
import { nodeDetail, nodeLabel } from '../../inventory/item-values.ts';

const MIN_LENGTH = 2;
const MAX_RESULTS = 8;

type SearchHit = SearchQuery['search'][number];

interface SearchResult {
  id: string;
  path: string;
  title: string;
  kind: string;
  detail: string;
}

/** Where a search hit lives in the dashboard; null for types that have no page. */
export function resultOf(hit: SearchHit): SearchResult | null {
  const def = inventoryType(hit.__typename);
  if (!def) return null;
  return { id: hit.id, path: itemPath(def, hit.id), title: nodeLabel(hit), kind: def.label, detail: nodeDetail(hit) };
}

/**
 * The header's search box: a combobox listing what the user can see whose
 * name, hostname, addresses or tags match, each leading to its page.
 */
export function GlobalSearch() {
  const navigate = useNavigate();
  const id = useId();
  const listId = `${id}-results`;
  const rootRef = useRef<HTMLDivElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebouncedValue(text.trim(), 250);
  const searching = query.length >= MIN_LENGTH;
  const [{ data, fetching, error }] = useQuery({
    query: SearchDocument,
    variables: { query, first: MAX_RESULTS },
    pause: !searching,
    requestPolicy: 'cache-and-network',
  });
  const results = searching ? (data?.search ?? []).map(resultOf).filter((r): r is SearchResult => r !== null) : [];
  const expanded = open && searching;
  const close = useCallback(() => {
    setOpen(false);
    setActive(-1);
  }, []);
  useDismiss(rootRef, open, close);

  function go(result: SearchResult | undefined) {
    if (!result) return;
    close();
    setText('');
    navigate(result.path);
  }

  const onKeyDown = comboboxKeys({
    count: results.length,
    openList: () => setOpen(true),
    setActive,
    choose: () => go(results[active >= 0 ? active : 0]),
    escape: () => {
      if (open) close();
      else setText('');
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

  return (
    <div className="search" ref={rootRef} role="search">
      <label htmlFor={id} className="visually-hidden">
        Search the inventory
      </label>
      <svg className="search__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="7" cy="7" r="4.5" />
        <path d="M10.5 10.5l3 3" />
      </svg>
      <input
        id={id}
        className="search__input"
        type="search"
        placeholder="Search the inventory"
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        data-testid="global-search"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <div className="search__popover" hidden={!expanded}>
        <ul id={listId} className="search__results" role="listbox" aria-label="Search results">
          {results.map((result, index) => (
            <li
              key={result.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={`search__result${index === active ? ' search__result--active' : ''}`}
              data-testid="search-result"
              data-href={result.path}
              // Keep the focus in the box while clicking.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => go(result)}
            >
              <span className="search__kind">{result.kind}</span>
              <span className="search__title">{result.title}</span>
              {result.detail ? <span className="search__detail">{result.detail}</span> : null}
            </li>
          ))}
        </ul>
        <p className="search__status" role="status" aria-live="polite">
          {statusText}
        </p>
      </div>
    </div>
  );
}
