import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { NotFoundPage } from '../../../app/components/not-found-page.tsx';
import {
  ConnectionDocument,
  DeleteConnectionDocument,
  StartDiscoveryDocument,
  TestConnectionDocument,
  UpdateConnectionDocument,
  type ConnectionDetailFragment,
  type UpdateConnectionInput,
} from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { TestResult, type TestAnswer } from './test-result.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { AccessPanel } from '../../access/components/access-panel.tsx';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { roleAtLeast } from '../../access/roles.ts';
import { CONNECTIONS_PATH, runPath } from '../connection-paths.ts';
import { ConnectionForm } from './connection-form.tsx';
import { ConnectionRuns } from './connection-runs.tsx';
import { ConnectionSettings } from './connection-settings.tsx';

/** One page per connection: moving to another starts afresh. */
export function ConnectionRoute() {
  const { id = '' } = useParams();
  return <ConnectionPage key={id} id={id} />;
}

/**
 * A discovery connection: its settings (edited in place), a test of its
 * credentials, "Run now", its runs newest first, and who has access.
 */
export function ConnectionPage({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: ConnectionDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const connection = data?.connection ?? null;
  usePageTitle(connection?.name ?? 'Connection');
  if (!id) return <NotFoundPage />;
  if (!connection) {
    return (
      <section className="page" aria-labelledby="connection-title" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            Discovery / <Link to={CONNECTIONS_PATH}>Connections</Link>
          </p>
          <h1 id="connection-title" className="page__title">
            {fetching ? 'Loading connection…' : 'Connection not found'}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {!fetching && !error ? <p>It does not exist, or you have no role on it.</p> : null}
      </section>
    );
  }
  return <ConnectionView connection={connection} />;
}

function ConnectionView({ connection }: { connection: ConnectionDetailFragment }) {
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [testAnswer, setTestAnswer] = useState<TestAnswer | null>(null);
  const [updateResult, update] = useMutation(UpdateConnectionDocument);
  const [toggleResult, toggle] = useMutation(UpdateConnectionDocument);
  const [testResult, test] = useMutation(TestConnectionDocument);
  const [startResult, start] = useMutation(StartDiscoveryDocument);
  const [deleteResult, remove] = useMutation(DeleteConnectionDocument);
  const canWrite = roleAtLeast(connection.myRole, 'WRITE') && connection.active;
  const isAdmin = roleAtLeast(connection.myRole, 'ADMIN') && connection.active;
  const actionError =
    readActionError(testResult.error) ?? readActionError(startResult.error) ?? readActionError(toggleResult.error) ?? readActionError(deleteResult.error);

  async function onSave(input: UpdateConnectionInput) {
    const answer = await update({ id: connection.id, input });
    if (answer.data) {
      setEditing(false);
      setTestAnswer(null);
    }
  }

  async function onTest() {
    setTestAnswer(null);
    const answer = await test({ id: connection.id });
    if (answer.data) setTestAnswer(answer.data.testConnection);
  }

  async function onRun() {
    const answer = await start({ connectionId: connection.id });
    if (answer.data) navigate(runPath(connection.id, answer.data.startDiscovery.id));
  }

  async function onDelete() {
    const answer = await remove({ id: connection.id });
    if (answer.data) navigate(CONNECTIONS_PATH, { replace: true });
  }

  return (
    <section className="page page--wide" aria-labelledby="connection-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">
            Discovery / <Link to={CONNECTIONS_PATH}>Connections</Link>
          </p>
          <div className="page__title-row">
            <h1 id="connection-title" className="page__title" data-testid="connection-title">
              {connection.name}
            </h1>
            {connection.active ? null : <span className="badge badge--deleted">Deleted</span>}
            {connection.active && !connection.enabled ? (
              <span className="badge connection-paused" data-testid="connection-paused">
                Paused
              </span>
            ) : null}
          </div>
          <p className="page__subtitle">
            AWS connection · your role: <RoleBadge role={connection.myRole} />
          </p>
        </div>
        {canWrite && !editing ? (
          <div className="page__actions">
            <button type="button" className="button" onClick={() => void onTest()} disabled={testResult.fetching} data-testid="test-connection">
              {testResult.fetching ? 'Testing…' : 'Test connection'}
            </button>
            <button type="button" className="button button--primary" onClick={() => void onRun()} disabled={startResult.fetching} data-testid="run-now">
              {startResult.fetching ? 'Starting…' : 'Run now'}
            </button>
            <button type="button" className="button" onClick={() => setEditing(true)} data-testid="edit-connection">
              Edit
            </button>
            <button
              type="button"
              className="button"
              onClick={() => void toggle({ id: connection.id, input: { enabled: !connection.enabled } })}
              disabled={toggleResult.fetching}
              data-testid="toggle-connection"
            >
              {connection.enabled ? 'Pause' : 'Resume'}
            </button>
            {isAdmin ? (
              <ConfirmButton
                question="Delete this connection? What it discovered stays in the inventory."
                confirmLabel="Delete"
                disabled={deleteResult.fetching}
                onConfirm={() => void onDelete()}
                testId="delete-connection"
              >
                Delete
              </ConfirmButton>
            ) : null}
          </div>
        ) : null}
      </header>

      {actionError ? <FormAlert testId="connection-action-error">{actionError}</FormAlert> : null}
      {testAnswer ? <TestResult answer={testAnswer} /> : null}
      {connection.active ? null : <FormAlert tone="info">This connection is deleted: it discovers nothing. What it discovered stays in the inventory.</FormAlert>}

      {editing ? (
        <section className="panel" aria-labelledby="edit-connection-title">
          <header className="panel__header">
            <h2 id="edit-connection-title" className="panel__title">
              Edit connection
            </h2>
          </header>
          <ConnectionForm
            mode={{ kind: 'edit', connection, onSubmit: (input) => void onSave(input), onUnchanged: () => setEditing(false) }}
            error={updateResult.error}
            busy={updateResult.fetching}
            submitLabel="Save changes"
            busyLabel="Saving…"
            onCancel={() => setEditing(false)}
            labelledBy="edit-connection-title"
          />
        </section>
      ) : (
        <ConnectionSettings connection={connection} />
      )}
      <ConnectionRuns connectionId={connection.id} />
      <AccessPanel entityId={connection.id} entityKind="connection" access={connection.access} myRole={connection.myRole} />
    </section>
  );
}
