import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { NotFoundPage } from '../../../app/components/not-found-page.tsx';
import { DeleteReportDocument, ReportDocument, type ReportDetailFragment } from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { AccessPanel } from '../../access/components/access-panel.tsx';
import { PrincipalName } from '../../access/components/principal-name.tsx';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { roleAtLeast } from '../../access/roles.ts';
import { useReportFields } from '../hooks/use-report-fields.ts';
import { useReportRuns } from '../hooks/use-report-runs.ts';
import { EXPORT_FORMAT_LABELS, REPORT_KIND_LABELS } from '../report-labels.ts';
import { REPORTS_PATH, editReportPath, latestRunPath } from '../report-paths.ts';
import { isReportRunFinished } from '../report-runs.ts';
import { describeReport, describeReportSchedule, reportSubject } from '../report-summary.ts';
import { describeTiming } from '../../schedules/schedule-labels.ts';
import { ReportRunsPanel } from './report-runs-panel.tsx';
import { RunReportButton } from './run-report-button.tsx';

/** One page per report: moving to another starts afresh. */
export function ReportRoute() {
  const { id = '' } = useParams();
  return <ReportPage key={id} id={id} />;
}

function ReportPage({ id }: { id: string }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ReportDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const report = data?.report ?? null;
  usePageTitle(report?.name ?? 'Report');
  const live = useReportRuns(id);
  // A run that ends may be the new last good one: read the report again.
  const ended = live.heard.filter((run) => isReportRunFinished(run.status)).length;
  useEffect(() => {
    if (ended > 0) reexecute({ requestPolicy: 'network-only' });
  }, [ended, reexecute]);
  if (!id) return <NotFoundPage />;
  if (!report) {
    return (
      <section className="page" aria-labelledby="report-title" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            <Link to={REPORTS_PATH}>Reports</Link>
          </p>
          <h1 id="report-title" className="page__title">
            {fetching ? 'Loading report…' : 'Report not found'}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {!fetching && !error ? <p>It does not exist, or you have no role on it.</p> : null}
      </section>
    );
  }
  return <ReportView report={report} live={live} />;
}

function Definition({ report }: { report: ReportDetailFragment }) {
  const { labelOf } = useReportFields(report.kind, report.entity);
  const lines = describeReport(report, labelOf);
  return (
    <section className="panel" aria-labelledby="report-definition-title" data-testid="report-definition">
      <header className="panel__header">
        <h2 id="report-definition-title" className="panel__title">
          Definition
        </h2>
        <span className="panel__meta">Revision {report.revision}</span>
      </header>
      <dl className="details panel__body">
        {report.description ? (
          <div className="details__wide">
            <dt>About</dt>
            <dd>{report.description}</dd>
          </div>
        ) : null}
        {lines.map(([label, text]) => (
          <div key={label} className="details__wide" data-testid="report-definition-line">
            <dt>{label}</dt>
            <dd>{text}</dd>
          </div>
        ))}
        <div>
          <dt>Owner</dt>
          <dd>
            <PrincipalName principal={report.owner ?? null} />
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(report.updatedAt)}</dd>
        </div>
      </dl>
    </section>
  );
}

function ScheduleView({ report }: { report: ReportDetailFragment }) {
  const schedule = report.schedule;
  return (
    <section className="panel" aria-labelledby="report-schedule-title" data-testid="report-schedule-panel">
      <header className="panel__header">
        <h2 id="report-schedule-title" className="panel__title">
          Schedule
        </h2>
        {schedule ? <span className="panel__meta">{schedule.enabled ? 'On' : 'Paused'}</span> : null}
      </header>
      {!schedule ? (
        <p className="panel__empty" data-testid="report-no-schedule">
          It runs only when someone runs it. {roleAtLeast(report.myRole, 'WRITE') ? 'Edit it to e-mail its result on a schedule.' : ''}
        </p>
      ) : (
        <dl className="details panel__body">
          <div className="details__wide">
            <dt>In words</dt>
            <dd data-testid="report-schedule-summary">{describeReportSchedule(schedule)}</dd>
          </div>
          <div>
            <dt>When</dt>
            <dd>{describeTiming(schedule)}</dd>
          </div>
          <div>
            <dt>Next run</dt>
            <dd data-testid="report-next-run">{report.nextRunAt ? formatDateTime(report.nextRunAt) : <span className="muted">{schedule.enabled ? 'Not known yet' : 'Paused'}</span>}</dd>
          </div>
          <div>
            <dt>Attached</dt>
            <dd>{schedule.formats.map((format) => EXPORT_FORMAT_LABELS[format]).join(', ')}</dd>
          </div>
          <div className="details__wide">
            <dt>E-mailed to</dt>
            <dd>
              {schedule.recipients.length === 0 ? (
                <span className="muted">Nobody</span>
              ) : (
                <ul className="report-recipients">
                  {schedule.recipients.map((principal, index) => (
                    <li key={principal?.id ?? index}>
                      <PrincipalName principal={principal ?? null} />
                    </li>
                  ))}
                </ul>
              )}
              <p className="field__hint">Each person gets a run of their own, computed with their own access.</p>
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}

function ReportView({ report, live }: { report: ReportDetailFragment; live: ReturnType<typeof useReportRuns> }) {
  const navigate = useNavigate();
  const [deleteResult, remove] = useMutation(DeleteReportDocument);
  const [runError, setRunError] = useState<string | null>(null);
  const canWrite = roleAtLeast(report.myRole, 'WRITE') && report.active;
  const isAdmin = roleAtLeast(report.myRole, 'ADMIN') && report.active;
  const actionError = runError ?? readActionError(deleteResult.error);

  async function onDelete() {
    const answer = await remove({ id: report.id });
    if (answer.data) navigate(REPORTS_PATH, { replace: true });
  }

  return (
    <section className="page page--wide" aria-labelledby="report-title" data-testid="report-page" data-report-id={report.id}>
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">
            <Link to={REPORTS_PATH}>Reports</Link>
          </p>
          <div className="page__title-row">
            <h1 id="report-title" className="page__title" data-testid="report-title">
              {report.name}
            </h1>
            {report.active ? null : <span className="badge badge--deleted">Deleted</span>}
          </div>
          <p className="page__subtitle">
            {REPORT_KIND_LABELS[report.kind]} of {reportSubject(report)} · your role: <RoleBadge role={report.myRole} />
          </p>
        </div>
        {report.active ? (
          <div className="page__actions">
            <RunReportButton reportId={report.id} reportName={report.name} className="button button--primary" onError={setRunError} testId="run-report" />
            <Link to={latestRunPath(report.id)} className="button" data-testid="latest-report-run">
              Latest result
            </Link>
            {canWrite ? (
              <Link to={editReportPath(report.id)} className="button" data-testid="edit-report">
                Edit
              </Link>
            ) : null}
            {isAdmin ? (
              <ConfirmButton question="Delete this report? It runs no more and e-mails nobody." confirmLabel="Delete" disabled={deleteResult.fetching} onConfirm={() => void onDelete()} testId="delete-report">
                Delete
              </ConfirmButton>
            ) : null}
          </div>
        ) : null}
      </header>

      {actionError ? <FormAlert testId="report-action-error">{actionError}</FormAlert> : null}
      {report.active ? null : <FormAlert tone="info">This report is deleted: it runs no more.</FormAlert>}

      <Definition report={report} />
      <ReportRunsPanel live={live} />
      <ScheduleView report={report} />
      <AccessPanel entityId={report.id} entityKind="report" access={report.access} myRole={report.myRole} />
    </section>
  );
}
