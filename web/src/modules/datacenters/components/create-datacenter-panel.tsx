import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { CreateDatacenterDocument, type DatacenterDetailFragment, type PayloadWarningFragment } from '../../../gql/graphql.ts';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { DATACENTER_FIELDS, DatacenterForm, type DatacenterValues } from './datacenter-form.tsx';
import { OwnerNote } from './owner-note.tsx';
import { WarningsAlert } from './warnings-alert.tsx';

/** The "New datacenter" form: opens the new datacenter, or stays to show the API's warnings about it. */
export function CreateDatacenterPanel({ onClose }: { onClose(): void }) {
  const navigate = useNavigate();
  const [result, createDatacenter] = useMutation(CreateDatacenterDocument);
  const [created, setCreated] = useState<{ datacenter: DatacenterDetailFragment; warnings: PayloadWarningFragment[] } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const errors = readFormErrors(result.error, DATACENTER_FIELDS);

  async function onSubmit(values: DatacenterValues) {
    setCreated(null);
    const answer = await createDatacenter({ input: values });
    const payload = answer.data?.createDatacenter;
    if (!payload?.datacenter) return;
    if (payload.warnings.length === 0) {
      navigate(`/datacenters/${encodeURIComponent(payload.datacenter.id)}`);
      return;
    }
    setCreated({ datacenter: payload.datacenter, warnings: payload.warnings });
    setFormKey((key) => key + 1);
  }

  return (
    <section className="panel" aria-labelledby="create-datacenter-title">
      <header className="panel__header">
        <h2 id="create-datacenter-title" className="panel__title">
          New datacenter
        </h2>
      </header>
      {created ? (
        <div className="panel__body">
          <WarningsAlert warnings={created.warnings} />
          <p>
            <Link to={`/datacenters/${encodeURIComponent(created.datacenter.id)}`}>Open {created.datacenter.name}</Link>
          </p>
        </div>
      ) : null}
      <DatacenterForm
        key={formKey}
        errors={errors}
        busy={result.fetching}
        submitLabel="Create datacenter"
        busyLabel="Creating…"
        onSubmit={(values) => void onSubmit(values)}
        onCancel={onClose}
        note={<OwnerNote />}
        labelledBy="create-datacenter-title"
      />
    </section>
  );
}
