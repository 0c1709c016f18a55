import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CancelReportRunDocument, LatestReportRunDocument, RunReportDocument, type ReportRunViewFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { roleAtLeast } from '../../access/roles.ts';
import { useLiveReportRun, type LiveReportRun } from '../hooks/use-live-report-run.ts';
import { REPORT_RUN_STATUS_LABELS, REPORT_TRIGGER_LABELS } from '../report-labels.ts';
import { REPORTS_PATH, latestRunPath, reportPath, reportRunPath } from '../report-paths.ts';
import { isReportRunFinished } from '../report-runs.ts';
import { ReportRunBadge } from './report-run-badge.tsx';
import { ReportRunProgress } from './report-run-progress.tsx';
import { RunExports } from './run-exports.tsx';
import { RunTabs } from './run-tabs.tsx';

/** One page per run: moving to another starts afresh. */
export function ReportRunRoute() {
  const { runId = '' } = useParams();
  return <LiveReportRunPage key={runId} runId={runId} />;
}

/** The stable link to the reader's last good run of a report. */
export function LatestReportRunRoute() {
  const { id = '' } = useParams();
  return <LatestReportRunPage key={id} reportId={id} />;
}

function Missing({ title, busy, error, children }: { title: string; busy: boolean; error: string | null; children?: ReactNode }) {
  return (
    <section className="page" aria-labelledby="report-run-title" aria-busy={busy}>
      <header className="page__header">
        <p className="breadcrumbs">
          <Link to={REPORTS_PATH}>Reports</Link>
        </p>
        <h1 id="report-run-title" className="page__title">
          {title}
        </h1>
      </header>
      {error ? <FormAlert>{error}</FormAlert> : null}
      {children}
    </section>
  );
}

function LiveReportRunPage({ runId }: { runId: string }) {
  const live = useLiveReportRun(runId);
  const { run, fetching, error } = live;
  usePageTitle(run ? `${run.name}: ${REPORT_RUN_STATUS_LABELS[run.status].toLowerCase()} run` : 'Report run');
  if (!run) {
    return (
      <Missing title={fetching ? 'Loading run…' : 'Run not found'} busy={fetching} error={readActionError(error)}>
        {!fetching && !error ? <p>It does not exist, it has expired, or it is someone else’s: each person sees their own runs only.</p> : null}
      </Missing>
    );
  }
  return <ReportRunView run={run} live={live} latest={false} />;
}

function LatestReportRunPage({ reportId }: { reportId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: LatestReportRunDocument, variables: { id: reportId }, requestPolicy: 'cache-and-network' });
  const report = data?.report ?? null;
  const run = report?.lastGoodRun ?? null;
  usePageTitle(report ? `${report.name}: latest result` : 'Latest result');
  if (!report) {
    return (
      <Missing title={fetching ? 'Loading…' : 'Report not found'} busy={fetching} error={readActionError(error)}>
        {!fetching && !error ? <p>It does not exist, or you have no role on it.</p> : null}
      </Missing>
    );
  }
  if (!run) {
    return (
      <Missing title={`${report.name}: no result yet`} busy={fetching} error={null}>
        <p data-testid="no-latest-run">
          You have no run of this report that succeeded. <Link to={reportPath(report.id)}>Open the report</Link> to run it.
        </p>
      </Missing>
    );
  }
  return <ReportRunView run={run} live={null} latest />;
}

/**
 * A run: its status and, while it is under way, a bar kept current by its
 * live events (with Cancel); its error once failed; then its result on three
 * tabs, and a download in every format.
 */
function ReportRunView({ run, live, latest }: { run: ReportRunViewFragment; live: LiveReportRun | null; latest: boolean }) {
  const navigate = useNavigate();
  const [cancelResult, cancel] = useMutation(CancelReportRunDocument);
  const [againResult, runAgain] = useMutation(RunReportDocument);
  const finished = isReportRunFinished(run.status);
  const report = run.report;
  const actionError = readActionError(cancelResult.error) ?? readActionError(againResult.error);

  async function onCancel() {
    const answer = await cancel({ id: run.id });
    if (answer.data) live?.receive(answer.data.cancelReportRun);
  }

  async function onRunAgain() {
    if (!report) return;
    const answer = await runAgain({ id: report.id });
    if (answer.data) navigate(reportRunPath(answer.data.runReport.id));
  }

  return (
    <section className="page page--wide" aria-labelledby="report-run-title" data-testid="report-run" data-run-id={run.id} data-status={run.status}>
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">
            <Link to={REPORTS_PATH}>Reports</Link>
            {report ? (
              <>
                {' / '}
                <Link to={reportPath(report.id)}>{report.name}</Link>
              </>
            ) : null}
          </p>
          <div className="page__title-row">
            <h1 id="report-run-title" className="page__title" data-testid="report-run-title">
              {run.name}
            </h1>
            <ReportRunBadge status={run.status} testId="report-run-status" />
          </div>
          <p className="page__subtitle">
            {latest ? 'Your latest good run · ' : ''}
            {REPORT_TRIGGER_LABELS[run.trigger]} · {formatDateTime(run.createdAt)}
            {latest && report ? (
              <>
                {' · '}
                <Link to={reportRunPath(run.id)}>this run’s own page</Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="page__actions">
          {!finished && live ? (
            <button type="button" className="button button--danger" onClick={() => void onCancel()} disabled={cancelResult.fetching || run.cancelRequested} data-testid="cancel-report-run">
              {run.cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : null}
          {finished && report ? (
            <button type="button" className="button" onClick={() => void onRunAgain()} disabled={againResult.fetching} data-testid="run-report-again">
              {againResult.fetching ? 'Starting…' : 'Run again'}
            </button>
          ) : null}
          {report && !latest && roleAtLeast(report.myRole, 'READ') ? (
            <Link to={latestRunPath(report.id)} className="button button--quiet">
              Latest result
            </Link>
          ) : null}
        </div>
      </header>

      {actionError ? <FormAlert testId="report-run-action-error">{actionError}</FormAlert> : null}
      {live?.liveError && !finished ? <FormAlert tone="warning">Live progress is not reaching this page: it shows the run as last asked for, and asks again every few seconds.</FormAlert> : null}

      {!finished ? (
        <section className="panel" aria-labelledby="report-run-progress-title" data-testid="report-run-progress" data-live-events={live?.events ?? 0}>
          <header className="panel__header">
            <h2 id="report-run-progress-title" className="panel__title">
              Progress
            </h2>
            <span className="panel__meta run-live" role="status" aria-live="polite">
              <span className="live-note__dot" aria-hidden="true" /> Live
            </span>
          </header>
          <div className="panel__body">
            <ReportRunProgress run={run} label="Report run progress" />
          </div>
        </section>
      ) : null}

      {run.status === 'FAILED' ? (
        <FormAlert testId="report-run-error">
          This run failed{run.attempts > 1 ? ` after ${run.attempts} attempts` : ''}: {run.error ?? 'no reason given.'}
        </FormAlert>
      ) : null}
      {run.status === 'CANCELLED' ? <FormAlert tone="info">This run was cancelled: it kept no rows.</FormAlert> : null}

      {run.status === 'SUCCEEDED' ? <RunExports run={run} /> : null}
      <RunTabs key={finished ? 'ended' : 'under-way'} run={run} latest={latest} />
    </section>
  );
}
