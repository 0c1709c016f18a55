import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  DatacenterDocument,
  DeleteDatacenterDocument,
  RestoreDatacenterDocument,
  UpdateDatacenterDocument,
  type PayloadWarningFragment,
} from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError, readFormErrors } from '../../../shared/forms/form-errors.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { AccessPanel } from '../../access/components/access-panel.tsx';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { roleAtLeast } from '../../access/roles.ts';
import { PROVIDER_LABELS } from '../providers.ts';
import { DatacenterDetails } from './datacenter-details.tsx';
import { DATACENTER_FIELDS, DatacenterForm, type DatacenterValues } from './datacenter-form.tsx';
import { WarningsAlert } from './warnings-alert.tsx';

export function DatacenterPage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: DatacenterDocument, variables: { id }, requestPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState(false);
  const [warnings, setWarnings] = useState<PayloadWarningFragment[]>([]);
  const [updateResult, updateDatacenter] = useMutation(UpdateDatacenterDocument);
  const [deleteResult, deleteDatacenter] = useMutation(DeleteDatacenterDocument);
  const [restoreResult, restoreDatacenter] = useMutation(RestoreDatacenterDocument);
  const datacenter = data?.datacenter;
  usePageTitle(datacenter?.name ?? 'Datacenter');

  if (!datacenter) {
    return (
      <section className="page" aria-labelledby="datacenter-title" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            Inventory / <Link to="/datacenters">Datacenters</Link>
          </p>
          <h1 id="datacenter-title" className="page__title">
            {fetching ? 'Loading datacenter…' : 'Datacenter not found'}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {!fetching && !error ? <p>It does not exist, or you have no role on it.</p> : null}
      </section>
    );
  }

  const canWrite = roleAtLeast(datacenter.myRole, 'WRITE');
  const isAdmin = roleAtLeast(datacenter.myRole, 'ADMIN');
  const actionError = readActionError(deleteResult.error) ?? readActionError(restoreResult.error);

  async function onSave(values: DatacenterValues) {
    setWarnings([]);
    const answer = await updateDatacenter({ id, input: values });
    const payload = answer.data?.updateDatacenter;
    if (!payload) return;
    setWarnings(payload.warnings);
    setEditing(false);
  }

  async function onDelete() {
    setWarnings([]);
    const answer = await deleteDatacenter({ id });
    if (answer.data) setWarnings(answer.data.deleteDatacenter.warnings);
  }

  async function onRestore() {
    setWarnings([]);
    const answer = await restoreDatacenter({ id });
    if (answer.data) setWarnings(answer.data.restoreDatacenter.warnings);
  }

  return (
    <section className="page" aria-labelledby="datacenter-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">
            Inventory / <Link to="/datacenters">Datacenters</Link>
          </p>
          <div className="page__title-row">
            <h1 id="datacenter-title" className="page__title" data-testid="datacenter-title">
              {datacenter.name}
            </h1>
            {datacenter.active ? null : (
              <span className="badge badge--deleted" data-testid="deleted-badge">
                Deleted
              </span>
            )}
          </div>
          <p className="page__subtitle">
            {PROVIDER_LABELS[datacenter.provider]} · your role: <RoleBadge role={datacenter.myRole} />
          </p>
        </div>
        <div className="page__actions">
          {canWrite && datacenter.active && !editing ? (
            <button type="button" className="button" onClick={() => setEditing(true)} data-testid="edit-datacenter">
              Edit
            </button>
          ) : null}
          {isAdmin && datacenter.active ? (
            <ConfirmButton
              question="Delete this datacenter?"
              confirmLabel="Delete"
              disabled={deleteResult.fetching}
              onConfirm={() => void onDelete()}
              testId="delete-datacenter"
            >
              Delete
            </ConfirmButton>
          ) : null}
          {isAdmin && !datacenter.active ? (
            <button
              type="button"
              className="button button--primary"
              onClick={() => void onRestore()}
              disabled={restoreResult.fetching}
              data-testid="restore-datacenter"
            >
              {restoreResult.fetching ? 'Restoring…' : 'Restore'}
            </button>
          ) : null}
        </div>
      </header>

      {actionError ? <FormAlert>{actionError}</FormAlert> : null}
      <WarningsAlert warnings={warnings} />
      {datacenter.active ? null : (
        <FormAlert tone="info">
          This datacenter is deleted: it is hidden from lists and search{isAdmin ? ' until you restore it' : ''}.
        </FormAlert>
      )}

      {editing ? (
        <section className="panel" aria-labelledby="edit-datacenter-title">
          <header className="panel__header">
            <h2 id="edit-datacenter-title" className="panel__title">
              Edit datacenter
            </h2>
          </header>
          <DatacenterForm
            initial={datacenter}
            errors={readFormErrors(updateResult.error, DATACENTER_FIELDS)}
            busy={updateResult.fetching}
            submitLabel="Save changes"
            busyLabel="Saving…"
            onSubmit={(values) => void onSave(values)}
            onCancel={() => setEditing(false)}
            labelledBy="edit-datacenter-title"
          />
        </section>
      ) : (
        <DatacenterDetails datacenter={datacenter} />
      )}

      <AccessPanel entityId={datacenter.id} entityKind="datacenter" access={datacenter.access} myRole={datacenter.myRole} />
    </section>
  );
}
