import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { NotFoundPage } from '../../../app/components/not-found-page.tsx';
import {
  DeleteScheduleDocument,
  RunScheduleDocument,
  ScheduleDocument,
  UpdateScheduleDocument,
  type ScheduleDetailFragment,
  type ScheduleInput,
} from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { AccessPanel } from '../../access/components/access-panel.tsx';
import { PrincipalName } from '../../access/components/principal-name.tsx';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { roleAtLeast } from '../../access/roles.ts';
import { useScheduleRuns } from '../hooks/use-schedule-runs.ts';
import { connectionPath } from '../../discovery/connection-paths.ts';
import { reportPath } from '../../reports/report-paths.ts';
import { SCHEDULES_PATH, discoveryScheduleConnection, reportScheduleReport, schedulePath } from '../schedule-paths.ts';
import { describeTiming } from '../schedule-labels.ts';
import { isRunFinished } from '../schedule-runs.ts';
import { RunTimes } from './run-times.tsx';
import { ScheduleForm } from './schedule-form.tsx';
import { ScheduleRunsPanel } from './schedule-runs-panel.tsx';

/** One page per schedule: moving to another starts afresh. */
export function ScheduleRoute() {
  const { id = '' } = useParams();
  // A discovery schedule is its connection's kind: its page is the connection's.
  const connection = discoveryScheduleConnection(id);
  if (connection) return <Navigate to={connectionPath(connection)} replace />;
  // A report's schedule is its report's: its page is the report's.
  const report = reportScheduleReport(id);
  if (report) return <Navigate to={reportPath(report)} replace />;
  return <SchedulePage key={id} id={id} />;
}

function SchedulePage({ id }: { id: string }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ScheduleDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const schedule = data?.schedule ?? null;
  usePageTitle(schedule?.name ?? 'Schedule');
  const live = useScheduleRuns(id);
  // A run that ends moves the schedule's last outcome and next runs: read it again.
  const ended = live.heard.filter(isRunFinished).length;
  useEffect(() => {
    if (ended > 0) reexecute({ requestPolicy: 'network-only' });
  }, [ended, reexecute]);
  if (!id) return <NotFoundPage />;
  if (!schedule) {
    return (
      <section className="page" aria-labelledby="schedule-title" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            Discovery / <Link to={SCHEDULES_PATH}>Schedules</Link>
          </p>
          <h1 id="schedule-title" className="page__title">
            {fetching ? 'Loading schedule…' : 'Schedule not found'}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {!fetching && !error ? <p>It does not exist, or you have no role on it.</p> : null}
      </section>
    );
  }
  return <ScheduleView schedule={schedule} live={live} />;
}

function ScheduleSettings({ schedule }: { schedule: ScheduleDetailFragment }) {
  const http = schedule.http ?? { method: '', url: '', headers: [], body: null, expectedStatus: [], timeoutMs: 0 };
  return (
    <section className="panel" aria-labelledby="schedule-settings-title" data-testid="schedule-settings">
      <header className="panel__header">
        <h2 id="schedule-settings-title" className="panel__title">
          Settings
        </h2>
        <span className="panel__meta">Revision {schedule.revision}</span>
      </header>
      <dl className="details panel__body">
        <div>
          <dt>Call</dt>
          <dd className="value--break" data-testid="schedule-call">
            <code>{http.method}</code> {http.url}
          </dd>
        </div>
        <div>
          <dt>When</dt>
          <dd data-testid="schedule-timing-value">{describeTiming(schedule)}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd data-testid="schedule-enabled-value">{schedule.enabled ? 'Enabled' : 'Paused'}</dd>
        </div>
        <div>
          <dt>Headers</dt>
          <dd>
            {http.headers.length === 0 ? (
              <span className="muted">None</span>
            ) : (
              http.headers.map((header) => (
                <div key={header.name}>
                  <code>
                    {header.name}: {header.value}
                  </code>
                </div>
              ))
            )}
          </dd>
        </div>
        <div>
          <dt>Secret headers</dt>
          <dd data-testid="schedule-secret-headers">
            {schedule.secretHeaderNames.length === 0 ? <span className="muted">None</span> : `${schedule.secretHeaderNames.join(', ')}: stored encrypted, never shown`}
          </dd>
        </div>
        {http.body ? (
          <div>
            <dt>Body</dt>
            <dd>
              <pre className="schedule-runs__body">{http.body}</pre>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Succeeds on</dt>
          <dd>{http.expectedStatus.length === 0 ? 'Any 2xx' : http.expectedStatus.join(', ')}</dd>
        </div>
        <div>
          <dt>Timeout</dt>
          <dd>{http.timeoutMs} ms</dd>
        </div>
        <div>
          <dt>After success</dt>
          <dd>{schedule.onSuccess.length === 0 ? <span className="muted">Nothing</span> : schedule.onSuccess.map((other, index) => <span key={other.id}>{index > 0 ? ', ' : ''}<Link to={schedulePath(other.id)}>{other.name}</Link></span>)}</dd>
        </div>
        <div>
          <dt>After failure</dt>
          <dd>{schedule.onFailure.length === 0 ? <span className="muted">Nothing</span> : schedule.onFailure.map((other, index) => <span key={other.id}>{index > 0 ? ', ' : ''}<Link to={schedulePath(other.id)}>{other.name}</Link></span>)}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>
            <PrincipalName principal={schedule.owner ?? null} />
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(schedule.updatedAt)}</dd>
        </div>
      </dl>
      <div className="panel__body panel__body--divided">
        <h3 className="details__title">Next five runs</h3>
        <RunTimes times={schedule.nextRuns} testId="schedule-next-runs" empty={schedule.enabled ? 'None to come.' : 'Paused: it runs only when asked to.'} />
      </div>
    </section>
  );
}

function ScheduleView({ schedule, live }: { schedule: ScheduleDetailFragment; live: ReturnType<typeof useScheduleRuns> }) {
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [updateResult, update] = useMutation(UpdateScheduleDocument);
  const [toggleResult, toggle] = useMutation(UpdateScheduleDocument);
  const [runResult, run] = useMutation(RunScheduleDocument);
  const [deleteResult, remove] = useMutation(DeleteScheduleDocument);
  const canWrite = roleAtLeast(schedule.myRole, 'WRITE') && schedule.active;
  const isAdmin = roleAtLeast(schedule.myRole, 'ADMIN') && schedule.active;
  const actionError = readActionError(runResult.error) ?? readActionError(toggleResult.error) ?? readActionError(deleteResult.error);

  async function onSave(input: ScheduleInput) {
    const answer = await update({ id: schedule.id, input });
    if (answer.data) setEditing(false);
  }

  async function onDelete() {
    const answer = await remove({ id: schedule.id });
    if (answer.data) navigate(SCHEDULES_PATH, { replace: true });
  }

  return (
    <section className="page page--wide" aria-labelledby="schedule-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">
            Discovery / <Link to={SCHEDULES_PATH}>Schedules</Link>
          </p>
          <div className="page__title-row">
            <h1 id="schedule-title" className="page__title" data-testid="schedule-title">
              {schedule.name}
            </h1>
            {schedule.active ? null : <span className="badge badge--deleted">Deleted</span>}
            {schedule.active && !schedule.enabled ? (
              <span className="badge connection-paused" data-testid="schedule-paused">
                Paused
              </span>
            ) : null}
          </div>
          <p className="page__subtitle">
            HTTP schedule · {describeTiming(schedule)} · your role: <RoleBadge role={schedule.myRole} />
          </p>
        </div>
        {canWrite && !editing ? (
          <div className="page__actions">
            <button type="button" className="button button--primary" onClick={() => void run({ id: schedule.id })} disabled={runResult.fetching} data-testid="run-schedule">
              {runResult.fetching ? 'Starting…' : 'Run now'}
            </button>
            <button type="button" className="button" onClick={() => setEditing(true)} data-testid="edit-schedule">
              Edit
            </button>
            <button
              type="button"
              className="button"
              onClick={() => void toggle({ id: schedule.id, input: { enabled: !schedule.enabled } })}
              disabled={toggleResult.fetching}
              data-testid="toggle-schedule"
            >
              {schedule.enabled ? 'Pause' : 'Resume'}
            </button>
            {isAdmin ? (
              <ConfirmButton question="Delete this schedule? It stops running, and no other schedule runs it after theirs." confirmLabel="Delete" disabled={deleteResult.fetching} onConfirm={() => void onDelete()} testId="delete-schedule">
                Delete
              </ConfirmButton>
            ) : null}
          </div>
        ) : null}
      </header>

      {actionError ? <FormAlert testId="schedule-action-error">{actionError}</FormAlert> : null}
      {schedule.active ? null : <FormAlert tone="info">This schedule is deleted: it runs no more.</FormAlert>}

      {editing ? (
        <section className="panel" aria-labelledby="edit-schedule-title">
          <header className="panel__header">
            <h2 id="edit-schedule-title" className="panel__title">
              Edit schedule
            </h2>
          </header>
          <ScheduleForm
            mode={{ kind: 'edit', schedule }}
            onSubmit={(input) => void onSave(input)}
            error={updateResult.error}
            busy={updateResult.fetching}
            submitLabel="Save changes"
            busyLabel="Saving…"
            onCancel={() => setEditing(false)}
            labelledBy="edit-schedule-title"
          />
        </section>
      ) : (
        <ScheduleSettings schedule={schedule} />
      )}
      <ScheduleRunsPanel live={live} />
      <AccessPanel entityId={schedule.id} entityKind="schedule" access={schedule.access} myRole={schedule.myRole} />
    </section>
  );
}
