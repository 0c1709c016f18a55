import { useState } from 'react';
import { useQuery } from 'urql';
import { ReportRunRowsDocument, type ReportRunViewFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { ROWS_PER_PAGE, formatCell, previousOffset, rowCells, rowRange } from '../report-cells.ts';

/** A finished run's rows, a hundred at a time, its columns as headers. */
export function RunTable({ run }: { run: ReportRunViewFragment }) {
  const [offset, setOffset] = useState(0);
  const [{ data, fetching, error }] = useQuery({
    query: ReportRunRowsDocument,
    variables: { id: run.id, first: ROWS_PER_PAGE, offset },
    pause: run.status !== 'SUCCEEDED',
    requestPolicy: 'cache-first',
  });
  const page = data?.reportRun?.rows;
  const rows = page?.rows ?? [];
  const total = page?.totalCount ?? run.rowCount;
  const previous = previousOffset(offset);
  const range = page ? rowRange(page.offset, rows.length, total) : 'Loading rows…';

  if (run.status !== 'SUCCEEDED') return <p className="panel__empty">No rows: the run {run.status === 'FAILED' ? 'failed' : run.status === 'CANCELLED' ? 'was cancelled' : 'has not finished yet'}.</p>;

  const pager = (
    <nav className="pager report-table__pager" aria-label="Pages of rows">
      <p className="pager__range" aria-live="polite" data-testid="report-rows-range">
        {range}
      </p>
      <div className="pager__buttons">
        <button type="button" className="button button--small" onClick={() => previous !== null && setOffset(previous)} disabled={previous === null || fetching} data-testid="report-rows-previous">
          Previous
        </button>
        <button type="button" className="button button--small" onClick={() => setOffset(offset + ROWS_PER_PAGE)} disabled={!page?.hasNextPage || fetching} data-testid="report-rows-next">
          Next
        </button>
      </div>
    </nav>
  );

  return (
    <div className="report-table" aria-busy={fetching}>
      {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
      {pager}
      {total === 0 && page ? (
        <p className="panel__empty" data-testid="report-no-rows">
          No row matched.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="table table--compact report-table__table" data-testid="report-rows">
            <thead>
              <tr>
                {run.columns.map((column) => (
                  <th key={column.key} scope="col" title={column.key}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={offset + index} data-testid="report-row">
                  {rowCells(row, run.columns.length).map((cell, column) => (
                    <td key={column} className={run.columns[column]?.kind === 'NUMBER' ? 'report-table__number' : undefined}>
                      {formatCell(cell, run.columns[column]?.kind ?? 'TEXT')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
