import { useState } from 'react';
import { useQuery } from 'urql';
import { DatacentersDocument, type DatacenterFilter } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { DATACENTER_LIST_CONTEXT, PAGE_SIZE } from '../datacenter-requests.ts';
import { CreateDatacenterPanel } from './create-datacenter-panel.tsx';
import { DatacenterFilters, EMPTY_FILTERS, type DatacenterFilterValues } from './datacenter-filters.tsx';
import { DatacenterTable } from './datacenter-table.tsx';
import { Pager } from './pager.tsx';

function toFilterInput(values: DatacenterFilterValues): DatacenterFilter {
  const filter: DatacenterFilter = { active: !values.deleted };
  if (values.name.trim()) filter.name = { contains: values.name.trim() };
  if (values.provider) filter.provider = [values.provider];
  if (values.tag.trim()) filter.tags = { all: [values.tag.trim()] };
  return filter;
}

export function DatacentersPage() {
  usePageTitle('Datacenters');
  const [creating, setCreating] = useState(false);
  const [filters, setFilters] = useState<DatacenterFilterValues>(EMPTY_FILTERS);
  // Typing settles before the list is asked again.
  const settled = useDebouncedValue(filters, 250);
  const filterKey = JSON.stringify(settled);
  /** The `after` cursor of each page seen so far, for going back; reset when the filters change. */
  const [pages, setPages] = useState<{ key: string; cursors: Array<string | null> }>({ key: filterKey, cursors: [null] });
  if (pages.key !== filterKey) setPages({ key: filterKey, cursors: [null] });
  const cursors = pages.key === filterKey ? pages.cursors : [null];
  const after = cursors[cursors.length - 1] ?? null;

  const [{ data, fetching, error, operation }] = useQuery({
    query: DatacentersDocument,
    variables: { filter: toFilterInput(settled), first: PAGE_SIZE, after },
    context: DATACENTER_LIST_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const connection = data?.datacenters;
  const rows = connection?.edges.map((edge) => edge.node) ?? [];
  // While the next page loads, the previous one stays on screen: number the rows shown, not the rows asked for.
  const shownPage = cursors.indexOf(operation?.variables.after ?? null);
  const offset = (shownPage >= 0 ? shownPage : cursors.length - 1) * PAGE_SIZE;

  return (
    <section className="page page--wide" aria-labelledby="datacenters-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">Inventory</p>
          <h1 id="datacenters-title" className="page__title">
            Datacenters
          </h1>
          <p className="page__subtitle">Cloud accounts, regions and buildings where your servers run.</p>
        </div>
        {creating ? null : (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)} data-testid="new-datacenter">
            New datacenter
          </button>
        )}
      </header>

      {creating ? <CreateDatacenterPanel onClose={() => setCreating(false)} /> : null}

      <section className="panel" aria-labelledby="datacenter-list-title" aria-busy={fetching}>
        <header className="panel__header">
          <h2 id="datacenter-list-title" className="panel__title">
            {settled.deleted ? 'Deleted datacenters' : 'Datacenters'}
          </h2>
          {connection ? (
            <span className="panel__meta" data-testid="datacenters-total">
              {connection.totalCount} in total
            </span>
          ) : null}
        </header>
        <div className="panel__body panel__body--tight">
          <DatacenterFilters values={filters} onChange={setFilters} />
        </div>
        {error ? (
          <div className="panel__body">
            <FormAlert>{readActionError(error)}</FormAlert>
          </div>
        ) : null}
        {connection && rows.length === 0 ? (
          <p className="panel__empty" data-testid="datacenters-empty">
            {JSON.stringify(settled) === JSON.stringify(EMPTY_FILTERS)
              ? 'No datacenters yet. Create the first one with “New datacenter”.'
              : 'No datacenter matches these filters.'}
          </p>
        ) : null}
        {rows.length > 0 ? <DatacenterTable datacenters={rows} labelledBy="datacenter-list-title" /> : null}
        {!connection && fetching ? <p className="panel__empty">Loading…</p> : null}
        {connection && connection.totalCount > 0 ? (
          <Pager
            from={rows.length > 0 ? offset + 1 : 0}
            to={offset + rows.length}
            total={connection.totalCount}
            hasPrevious={cursors.length > 1}
            hasNext={connection.pageInfo.hasNextPage}
            busy={fetching}
            onPrevious={() => setPages({ key: filterKey, cursors: cursors.slice(0, -1) })}
            onNext={() => {
              const end = connection.pageInfo.endCursor;
              if (end) setPages({ key: filterKey, cursors: [...cursors, end] });
            }}
          />
        ) : null}
      </section>
    </section>
  );
}
