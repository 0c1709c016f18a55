import { Link } from 'react-router';
import { useQuery } from 'urql';
import { DiscoverySchedulesDocument, ListedSchedulesDocument, type ScheduleSummaryFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime, plural } from '../../../shared/format.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { formatAgo } from '../../history/change-format.ts';
import { connectionPath } from '../../discovery/connection-paths.ts';
import { KIND_LABELS } from '../../discovery/discovery-labels.ts';
import { reportPath } from '../../reports/report-paths.ts';
import { NEW_SCHEDULE_PATH, schedulePath } from '../schedule-paths.ts';
import { SCHEDULE_TARGET_LABELS, describeInterval, describeTiming } from '../schedule-labels.ts';
import { ScheduleRunBadge } from './schedule-run-badge.tsx';

/** Lists asked for again when a schedule (or a report, which may carry one) is created or deleted, even while they are empty. */
const SCHEDULE_CONTEXT = { additionalTypenames: ['Schedule', 'Report'] };

function LastOutcome({ schedule, now }: { schedule: ScheduleSummaryFragment; now: number }) {
  const run = schedule.lastRun;
  if (run) {
    return (
      <span className="last-run" title={run.error ?? formatDateTime(run.startedAt)} data-testid="schedule-last-run">
        <ScheduleRunBadge status={run.status} />
        {run.httpStatus ? <span className="muted">HTTP {run.httpStatus}</span> : null}
        <span className="muted">{formatAgo(run.startedAt, now)}</span>
      </span>
    );
  }
  // A report's schedule has no run of its own: its outcome is the reader's last scheduled run of the report.
  if (!schedule.lastOutcome) return <span className="muted">Never run</span>;
  return (
    <span className="last-run" title={schedule.lastRunAt ? formatDateTime(schedule.lastRunAt) : undefined} data-testid="schedule-last-run">
      <ScheduleRunBadge status={schedule.lastOutcome} />
      {schedule.lastRunAt ? <span className="muted">{formatAgo(schedule.lastRunAt, now)}</span> : null}
    </span>
  );
}

/** Where a schedule's own page is: a report's schedule is its report's. */
function pageOf(schedule: ScheduleSummaryFragment): string {
  return schedule.target === 'REPORT' && schedule.report ? reportPath(schedule.report.id) : schedulePath(schedule.id);
}

/** What a schedule does, in a table cell. */
function WhatItRuns({ schedule }: { schedule: ScheduleSummaryFragment }) {
  switch (schedule.target) {
    case 'HTTP':
      return (
        <>
          <code>{schedule.http?.method}</code> {schedule.http?.url}
        </>
      );
    case 'REPORT':
      return <>Runs the report for each recipient and e-mails the result</>;
    case 'DISCOVERY':
      return <>Discovers resources with a connection</>;
  }
}

/** Each readable connection's discovery schedule: its enabled kinds, how often, and when next. */
function DiscoverySchedules() {
  const [{ data, fetching, error }] = useQuery({ query: DiscoverySchedulesDocument, requestPolicy: 'cache-and-network' });
  const connections = data?.connections.edges.map((edge) => edge.node) ?? [];
  return (
    <section className="panel" aria-labelledby="discovery-schedules-title" aria-busy={fetching} data-testid="discovery-schedules">
      <header className="panel__header">
        <h2 id="discovery-schedules-title" className="panel__title">
          Discovery schedules
        </h2>
        {data ? <span className="panel__meta">{plural(connections.length, 'connection')}</span> : null}
      </header>
      {error ? (
        <div className="panel__body">
          <FormAlert>{readActionError(error)}</FormAlert>
        </div>
      ) : null}
      {data && connections.length === 0 ? <p className="panel__empty">No connection: nothing is discovered on a schedule.</p> : null}
      {connections.length > 0 ? (
        <div className="table-scroll">
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Kind</th>
                <th scope="col">Every</th>
                <th scope="col">Next run</th>
              </tr>
            </thead>
            <tbody>
              {connections.map((connection) => {
                const on = connection.kinds.filter((kind) => kind.enabled);
                const link = <Link to={connectionPath(connection.id)}>{connection.name}</Link>;
                if (!connection.enabled || on.length === 0) {
                  return (
                    <tr key={connection.id} data-testid="discovery-schedule" data-connection={connection.name}>
                      <th scope="row">{link}</th>
                      <td colSpan={3} className="muted">
                        {connection.enabled ? 'Discovers nothing' : 'Paused'}
                      </td>
                    </tr>
                  );
                }
                return on.map((kind, index) => (
                  <tr key={`${connection.id}-${kind.kind}`} data-testid="discovery-schedule" data-connection={connection.name} data-kind={kind.kind}>
                    {index === 0 ? (
                      <th scope="row" rowSpan={on.length}>
                        {link}
                      </th>
                    ) : null}
                    <td>{KIND_LABELS[kind.kind]}</td>
                    <td>{describeInterval(kind.intervalMinutes)}</td>
                    <td>{kind.nextRunAt ? formatDateTime(kind.nextRunAt) : <span className="muted">Not scheduled</span>}</td>
                  </tr>
                ));
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {!data && fetching ? <p className="panel__empty">Loading…</p> : null}
    </section>
  );
}

/** HTTP schedules and reports' schedules the reader can see, and the discovery schedules of their connections. */
export function SchedulesPage() {
  usePageTitle('Schedules');
  const now = useNow(10_000);
  const [{ data, fetching, error }] = useQuery({ query: ListedSchedulesDocument, context: SCHEDULE_CONTEXT, requestPolicy: 'cache-and-network' });
  const schedules = [...(data?.http ?? []), ...(data?.reports ?? [])].filter((schedule) => schedule.active);
  return (
    <section className="page page--wide" aria-labelledby="schedules-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">Discovery</p>
          <h1 id="schedules-title" className="page__title">
            Schedules
          </h1>
          <p className="page__subtitle">HTTP calls Maestro makes on an interval or a cron expression, reports it e-mails, and when each connection discovers next.</p>
        </div>
        <div className="page__actions">
          <Link to={NEW_SCHEDULE_PATH} className="button button--primary" data-testid="new-schedule">
            New schedule
          </Link>
        </div>
      </header>

      <section className="panel" aria-labelledby="schedules-list-title" aria-busy={fetching}>
        <header className="panel__header">
          <h2 id="schedules-list-title" className="panel__title">
            HTTP and report schedules
          </h2>
          {data ? <span className="panel__meta">{plural(schedules.length, 'schedule')}</span> : null}
        </header>
        {error ? (
          <div className="panel__body">
            <FormAlert>{readActionError(error)}</FormAlert>
          </div>
        ) : null}
        {data && schedules.length === 0 ? (
          <p className="panel__empty" data-testid="no-schedules">
            No schedule yet. Create one to call a URL on an interval or a cron expression; a report’s schedule is set in the report.
          </p>
        ) : null}
        {schedules.length > 0 ? (
          <div className="table-scroll">
            <table className="table" data-testid="schedules-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Runs</th>
                  <th scope="col">What</th>
                  <th scope="col">When</th>
                  <th scope="col">State</th>
                  <th scope="col">Next run</th>
                  <th scope="col">Last outcome</th>
                </tr>
              </thead>
              <tbody>
                {schedules.map((schedule) => (
                  <tr key={schedule.id} data-testid="schedule-row" data-name={schedule.name} data-target={schedule.target}>
                    <th scope="row" className="table__name">
                      <Link to={pageOf(schedule)}>{schedule.target === 'REPORT' && schedule.report ? schedule.report.name : schedule.name}</Link>
                    </th>
                    <td data-testid="schedule-target">{SCHEDULE_TARGET_LABELS[schedule.target]}</td>
                    <td className="value--break">
                      <WhatItRuns schedule={schedule} />
                    </td>
                    <td data-testid="schedule-timing">{describeTiming(schedule)}</td>
                    <td>{schedule.enabled ? 'Enabled' : <span className="badge connection-paused">Paused</span>}</td>
                    <td>{schedule.nextRunAt ? formatDateTime(schedule.nextRunAt) : <span className="muted">—</span>}</td>
                    <td>
                      <LastOutcome schedule={schedule} now={now} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {!data && fetching ? <p className="panel__empty">Loading…</p> : null}
      </section>

      <DiscoverySchedules />
    </section>
  );
}
