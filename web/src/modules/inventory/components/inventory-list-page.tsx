import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { Pager } from '../../../shared/components/pager.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { LiveNote } from '../../live/components/live-note.tsx';
import { useEntityChanges } from '../../live/hooks/use-entity-changes.ts';
import { useWorkspaceRole } from '../../teams/hooks/use-workspace-role.ts';
import { canWriteIn } from '../../teams/workspace-role.ts';
import { useColumnChoice } from '../hooks/use-column-choice.ts';
import { useExport } from '../hooks/use-export.ts';
import type { InventoryTypeDef } from '../inventory-model.ts';
import { columnsOf, resolveColumns } from '../list-columns.ts';
import { hasNoFilter, nextSort, readListState, toFilterInput, writeListState, type ListState } from '../list-query.ts';
import { ColumnChooser } from './column-chooser.tsx';
import { CreateItemPanel } from './create-item-panel.tsx';
import { ExportMenu } from './export-menu.tsx';
import { ImportDialog } from './import-dialog.tsx';
import { ItemTable } from './item-table.tsx';
import { ListFilters } from './list-filters.tsx';

export const PAGE_SIZE = 25;

/**
 * The list of one inventory type: filters and sort (kept in the address),
 * cursor pages with the total count, the columns the user chose, the
 * "New …" form, the export of the whole list as filtered and sorted, and the
 * import dialog. When an item of the type changes (or the live link comes
 * back, or an import wrote some), the page shown is asked for again.
 */
export function InventoryListPage({ def }: { def: InventoryTypeDef }) {
  usePageTitle(def.pluralLabel);
  const [searchParams, setSearchParams] = useSearchParams();
  const [state, setState] = useState<ListState>(() => readListState(def, searchParams));
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const importButtonRef = useRef<HTMLButtonElement>(null);
  const canImport = canWriteIn(useWorkspaceRole()) === true;
  const exporting = useExport(def);
  // Typing settles before the list is asked again, and before the address changes.
  const settled = useDebouncedValue(state, 250);
  useEffect(() => {
    const next = writeListState(def, settled, searchParams);
    if (next.toString() !== searchParams.toString()) setSearchParams(next, { replace: true });
  }, [def, settled, searchParams, setSearchParams]);

  const available = useMemo(() => columnsOf(def), [def]);
  const [choice, setChoice] = useColumnChoice(def.type);
  const columns = resolveColumns(available, choice, def.defaultColumns);

  const queryKey = JSON.stringify(settled);
  /** The `after` cursor of each page seen so far, for going back; reset when the filters or the sort change. */
  const [pages, setPages] = useState<{ key: string; cursors: Array<string | null> }>({ key: queryKey, cursors: [null] });
  if (pages.key !== queryKey) setPages({ key: queryKey, cursors: [null] });
  const cursors = pages.key === queryKey ? pages.cursors : [null];
  const after = cursors[cursors.length - 1] ?? null;

  // A list that was empty still refreshes when an item of the type is created.
  const context = useMemo(() => ({ additionalTypenames: [def.type] }), [def.type]);
  const [{ data, fetching, error, operation }, reexecute] = useQuery({
    query: def.documents.list,
    variables: {
      filter: toFilterInput(def, settled),
      orderBy: { field: settled.sort, direction: settled.direction },
      first: PAGE_SIZE,
      after,
    },
    context,
    requestPolicy: 'cache-and-network',
  });
  const lastChange = useEntityChanges({ types: [def.type] }, () => reexecute({ requestPolicy: 'network-only' }), { burstMs: 500 });
  const connection = data?.list;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];
  // While the next page loads, the previous one stays on screen: number the rows shown, not the rows asked for.
  const shownAfter = operation?.variables.after;
  const shownPage = cursors.indexOf(typeof shownAfter === 'string' ? shownAfter : null);
  const offset = (shownPage >= 0 ? shownPage : cursors.length - 1) * PAGE_SIZE;
  const lower = def.pluralLabel.toLowerCase();

  return (
    <section className="page page--wide" aria-labelledby="list-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">Inventory</p>
          <h1 id="list-title" className="page__title">
            {def.pluralLabel}
          </h1>
          <p className="page__subtitle">{def.description}</p>
        </div>
        <div className="page__actions">
          <ExportMenu def={def} busy={exporting.busy} onExport={(format) => exporting.start(format, settled)} />
          {canImport ? (
            <button ref={importButtonRef} type="button" className="button" onClick={() => setImporting(true)} aria-haspopup="dialog" data-testid="import-open">
              Import
            </button>
          ) : null}
          {creating ? null : (
            <button type="button" className="button button--primary" onClick={() => setCreating(true)} data-testid={`new-${def.testId}`}>
              New {def.label.toLowerCase()}
            </button>
          )}
        </div>
      </header>

      {exporting.error ? (
        <FormAlert testId="export-error">
          {exporting.error}{' '}
          <button type="button" className="button button--small button--quiet" onClick={exporting.dismissError}>
            Dismiss
          </button>
        </FormAlert>
      ) : null}

      {importing ? (
        <ImportDialog
          def={def}
          onClose={() => {
            setImporting(false);
            importButtonRef.current?.focus();
          }}
          onImported={() => reexecute({ requestPolicy: 'network-only' })}
        />
      ) : null}

      {creating ? <CreateItemPanel def={def} onClose={() => setCreating(false)} /> : null}

      <section className="panel panel--overflow" aria-labelledby="list-panel-title" aria-busy={fetching}>
        <header className="panel__header">
          <h2 id="list-panel-title" className="panel__title">
            {settled.deleted ? `Deleted ${lower}` : def.pluralLabel}
          </h2>
          <div className="panel__tools">
            <LiveNote last={lastChange} />
            {connection ? (
              <span className="panel__meta" data-testid={`${def.route}-total`}>
                {connection.totalCount} in total
              </span>
            ) : null}
            <ColumnChooser available={available} shown={columns} onChange={setChoice} onReset={() => setChoice(null)} />
          </div>
        </header>
        <div className="panel__body panel__body--tight">
          <ListFilters def={def} values={state} onChange={setState} />
        </div>
        {error ? (
          <div className="panel__body">
            <FormAlert>{readActionError(error)}</FormAlert>
          </div>
        ) : null}
        {connection && rows.length === 0 ? (
          <p className="panel__empty" data-testid={`${def.route}-empty`}>
            {hasNoFilter(settled) ? `No ${lower} yet. Create the first one with “New ${def.label.toLowerCase()}”.` : `No ${def.label.toLowerCase()} matches these filters.`}
          </p>
        ) : null}
        {rows.length > 0 ? (
          <ItemTable
            def={def}
            items={rows}
            columns={columns}
            sort={state.sort}
            direction={state.direction}
            onSort={(sort) => setState({ ...state, ...nextSort(state, sort) })}
            labelledBy="list-panel-title"
          />
        ) : null}
        {!connection && fetching ? <p className="panel__empty">Loading…</p> : null}
        {connection && connection.totalCount > 0 ? (
          <Pager
            from={rows.length > 0 ? offset + 1 : 0}
            to={offset + rows.length}
            total={connection.totalCount}
            hasPrevious={cursors.length > 1}
            hasNext={connection.pageInfo.hasNextPage}
            busy={fetching}
            onPrevious={() => setPages({ key: queryKey, cursors: cursors.slice(0, -1) })}
            onNext={() => {
              const end = connection.pageInfo.endCursor;
              if (end) setPages({ key: queryKey, cursors: [...cursors, end] });
            }}
          />
        ) : null}
      </section>
    </section>
  );
}
