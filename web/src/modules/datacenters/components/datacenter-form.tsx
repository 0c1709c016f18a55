import { useState, type FormEvent, type ReactNode } from 'react';
import type { DatacenterSummaryFragment, Provider } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import type { FormErrors } from '../../../shared/forms/form-errors.ts';
import { formatList, parseList } from '../../../shared/format.ts';
import { PROVIDER_LABELS, PROVIDERS, isProvider } from '../providers.ts';

export const DATACENTER_FIELDS = ['name', 'provider', 'regions', 'zones', 'tags'];

export interface DatacenterValues {
  name: string;
  provider: Provider;
  regions: string[];
  zones: string[];
  tags: string[];
}

export interface DatacenterFormProps {
  /** The datacenter being edited; a new one when absent. */
  initial?: DatacenterSummaryFragment;
  errors: FormErrors;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  onSubmit(values: DatacenterValues): void;
  onCancel?(): void;
  /** Shown above the buttons, e.g. who will own a new datacenter. */
  note?: ReactNode;
  labelledBy: string;
}

const LIST_HINT = 'Separate several with commas.';

export function DatacenterForm({ initial, errors, busy, submitLabel, busyLabel, onSubmit, onCancel, note, labelledBy }: DatacenterFormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [provider, setProvider] = useState<Provider | ''>(initial?.provider ?? '');
  const [regions, setRegions] = useState(formatList(initial?.regions ?? []));
  const [zones, setZones] = useState(formatList(initial?.zones ?? []));
  const [tags, setTags] = useState(formatList(initial?.tags ?? []));
  const [providerMissing, setProviderMissing] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!provider) {
      setProviderMissing(true);
      return;
    }
    onSubmit({ name: name.trim(), provider, regions: parseList(regions), zones: parseList(zones), tags: parseList(tags) });
  }

  return (
    <form className="form panel__body" onSubmit={submit} aria-labelledby={labelledBy} data-testid="datacenter-form">
      {errors.form ? <FormAlert>{errors.form}</FormAlert> : null}
      <div className="form__grid">
        <Field label="Name" name="name" error={errors.fields.name}>
          {(control) => (
            <input
              {...control}
              className="input"
              required
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field
          label="Provider"
          name="provider"
          error={errors.fields.provider ?? (providerMissing && !provider ? 'Choose a provider' : undefined)}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              required
              value={provider}
              onChange={(event) => setProvider(isProvider(event.target.value) ? event.target.value : '')}
            >
              <option value="" disabled>
                Choose…
              </option>
              {PROVIDERS.map((value) => (
                <option key={value} value={value}>
                  {PROVIDER_LABELS[value]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Regions" name="regions" error={errors.fields.regions} hint={LIST_HINT}>
          {(control) => (
            <input {...control} className="input" value={regions} placeholder="eu-west-1" onChange={(event) => setRegions(event.target.value)} />
          )}
        </Field>
        <Field label="Zones" name="zones" error={errors.fields.zones} hint={LIST_HINT}>
          {(control) => (
            <input {...control} className="input" value={zones} placeholder="eu-west-1a, eu-west-1b" onChange={(event) => setZones(event.target.value)} />
          )}
        </Field>
        <Field label="Tags" name="tags" error={errors.fields.tags} hint={LIST_HINT} className="form__wide">
          {(control) => (
            <input {...control} className="input" value={tags} placeholder="production, team-a" onChange={(event) => setTags(event.target.value)} />
          )}
        </Field>
      </div>
      {note ? <p className="form__note">{note}</p> : null}
      <div className="form__actions">
        {onCancel ? (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy} data-testid="datacenter-submit">
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
