import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ReportsDocument, type ReportSummaryFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime, plural } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { formatAgo } from '../../history/change-format.ts';
import { REPORT_KIND_LABELS } from '../report-labels.ts';
import { NEW_REPORT_PATH, latestRunPath, reportPath } from '../report-paths.ts';
import { describeReportSchedule, reportSubject } from '../report-summary.ts';
import { RunReportButton } from './run-report-button.tsx';

/** Lists asked for again when a report is created or deleted, even while they are empty. */
const REPORT_CONTEXT = { additionalTypenames: ['Report', 'ReportRun'] };

function LastGoodRun({ report, now }: { report: ReportSummaryFragment; now: number }) {
  const run = report.lastGoodRun;
  if (!run) return <span className="muted">Not run yet</span>;
  const at = run.finishedAt ?? run.createdAt;
  return (
    <Link to={latestRunPath(report.id)} title={formatDateTime(at)} data-testid="report-last-good-run">
      {plural(run.rowCount, 'row')}, {formatAgo(at, now)}
    </Link>
  );
}

/** The reports the reader can read: what each lists, its last good run, its schedule, and Run. */
export function ReportsPage() {
  usePageTitle('Reports');
  const now = useNow(10_000);
  const [{ data, fetching, error }] = useQuery({ query: ReportsDocument, context: REPORT_CONTEXT, requestPolicy: 'cache-and-network' });
  const [runError, setRunError] = useState<string | null>(null);
  const reports = (data?.reports ?? []).filter((report) => report.active);
  return (
    <section className="page page--wide" aria-labelledby="reports-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="reports-title" className="page__title">
            Reports
          </h1>
          <p className="page__subtitle">Lists and pivots of the inventory, run in the background with your access; charts, and downloads as CSV, XLSX, PDF, Ansible and more.</p>
        </div>
        <div className="page__actions">
          <Link to={NEW_REPORT_PATH} className="button button--primary" data-testid="new-report">
            New report
          </Link>
        </div>
      </header>

      {runError ? <FormAlert testId="reports-run-error">{runError}</FormAlert> : null}

      <section className="panel" aria-labelledby="reports-list-title" aria-busy={fetching}>
        <header className="panel__header">
          <h2 id="reports-list-title" className="panel__title">
            Your reports
          </h2>
          {data ? <span className="panel__meta">{plural(reports.length, 'report')}</span> : null}
        </header>
        {error ? (
          <div className="panel__body">
            <FormAlert>{readActionError(error)}</FormAlert>
          </div>
        ) : null}
        {data && reports.length === 0 ? (
          <p className="panel__empty" data-testid="no-reports">
            No report yet. Make one to list servers (or anything else) with filters, or to pivot clients down to their servers.
          </p>
        ) : null}
        {reports.length > 0 ? (
          <div className="table-scroll">
            <table className="table" data-testid="reports-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Lists</th>
                  <th scope="col">Last good run</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Your role</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {reports.map((report) => (
                  <tr key={report.id} data-testid="report-row" data-name={report.name}>
                    <th scope="row" className="table__name">
                      <Link to={reportPath(report.id)}>{report.name}</Link>
                      {report.description ? <div className="muted report-list__description">{report.description}</div> : null}
                    </th>
                    <td>{REPORT_KIND_LABELS[report.kind]}</td>
                    <td data-testid="report-subject">{reportSubject(report)}</td>
                    <td className="table__nowrap">
                      <LastGoodRun report={report} now={now} />
                    </td>
                    <td data-testid="report-schedule">
                      {report.schedule ? describeReportSchedule(report.schedule) : <span className="muted">None</span>}
                      {report.nextRunAt ? <div className="muted">Next: {formatDateTime(report.nextRunAt)}</div> : null}
                    </td>
                    <td>
                      <RoleBadge role={report.myRole} />
                    </td>
                    <td className="table__actions">
                      <RunReportButton reportId={report.id} reportName={report.name} className="button button--small" onError={setRunError} testId="run-report" />
                      <Link to={reportPath(report.id)} className="button button--small button--quiet" aria-label={`Open ${report.name}`}>
                        Open
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {!data && fetching ? <p className="panel__empty">Loading…</p> : null}
      </section>
    </section>
  );
}
