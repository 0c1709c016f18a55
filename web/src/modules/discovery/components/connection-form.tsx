import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import {
  ConnectionDatacentersDocument,
  TestConnectionDocument,
  type ConnectionDetailFragment,
  type CreateConnectionInput,
  type UpdateConnectionInput,
} from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { onField, readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import {
  CONNECTION_FORM_FIELDS,
  connectionCreateInput,
  connectionUpdateInput,
  credentialsInput,
  draftOfConnection,
  intervalPath,
  newConnectionDraft,
  type ConnectionDraft,
  type KindDraft,
} from '../connection-draft.ts';
import { KIND_HINTS, KIND_LABELS, MAX_INTERVAL_MINUTES, formatInterval } from '../discovery-labels.ts';
import { TestResult, type TestAnswer } from './test-result.tsx';

export type ConnectionFormMode =
  | { kind: 'create'; onSubmit(input: CreateConnectionInput): void }
  | { kind: 'edit'; connection: ConnectionDetailFragment; onSubmit(input: UpdateConnectionInput): void; onUnchanged(): void };

export interface ConnectionFormProps {
  mode: ConnectionFormMode;
  /** The API's answer to the last submit. */
  error: CombinedError | undefined;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  onCancel?(): void;
  labelledBy: string;
  /** Shown above the buttons, e.g. who will own a new connection. */
  note?: ReactNode;
}

/**
 * A discovery connection's settings: its name, the account's keys (the
 * secret write-only: never shown back, and on an edit an empty box keeps
 * it), an optional role to assume, the regions, the Datacenter it fills,
 * and each kind to discover with how often.
 */
export function ConnectionForm({ mode, error, busy, submitLabel, busyLabel, onCancel, labelledBy, note }: ConnectionFormProps) {
  const id = useId();
  const editing = mode.kind === 'edit' ? mode.connection : null;
  const [start] = useState<ConnectionDraft>(() => (editing ? draftOfConnection(editing) : newConnectionDraft()));
  const [draft, setDraft] = useState<ConnectionDraft>(start);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [{ data: datacenters }] = useQuery({ query: ConnectionDatacentersDocument, requestPolicy: 'cache-and-network' });
  const [testResult, test] = useMutation(TestConnectionDocument);
  const [testAnswer, setTestAnswer] = useState<TestAnswer | null>(null);
  // A test's refusal of a field shows on that field, like a save's.
  const apiErrors = onField(readFormErrors(error ?? testResult.error, CONNECTION_FORM_FIELDS), 'CONFLICT', 'name');
  const errorAt = (field: string): string | undefined => problems[field] ?? apiErrors.fields[field];

  function set(change: Partial<ConnectionDraft>, ...fields: string[]) {
    setDraft((current) => ({ ...current, ...change }));
    if (fields.some((field) => ['accessKeyId', 'secretAccessKey', 'roleArn', 'externalId'].includes(field))) setTestAnswer(null);
    if (fields.some((field) => problems[field])) setProblems((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !fields.includes(key))));
  }

  function setKind(index: number, change: Partial<KindDraft>) {
    const kinds = draft.kinds.map((setting, i) => (i === index ? { ...setting, ...change } : setting));
    const kind = draft.kinds[index]?.kind;
    set({ kinds }, ...(kind ? [intervalPath(kind)] : []));
  }

  /** Asks the provider who the credentials typed are, before anything is saved. */
  async function testCredentials() {
    setTestAnswer(null);
    const prepared = credentialsInput(draft, editing !== null);
    setProblems(prepared.problems);
    if (Object.keys(prepared.problems).length > 0) return;
    const answer = await test({ id: editing?.id ?? null, input: prepared.input });
    if (answer.data) setTestAnswer(answer.data.testConnection);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mode.kind === 'create') {
      const prepared = connectionCreateInput(draft);
      setProblems(prepared.problems);
      if (Object.keys(prepared.problems).length === 0) mode.onSubmit(prepared.input);
      return;
    }
    const prepared = connectionUpdateInput(draft, start);
    setProblems(prepared.problems);
    if (Object.keys(prepared.problems).length > 0) return;
    if (Object.keys(prepared.input).length === 0) mode.onUnchanged();
    else mode.onSubmit(prepared.input);
  }

  const choices = (datacenters?.datacenters.edges ?? []).map(({ node }) => node);
  const current = editing?.datacenter ?? null;
  if (current && !choices.some((choice) => choice.id === current.id)) choices.unshift(current);
  const noRole = draft.roleArn.trim() === '';

  return (
    <form className="form panel__body connection-form" onSubmit={submit} aria-labelledby={labelledBy} data-testid="connection-form" noValidate>
      {apiErrors.form ? <FormAlert testId="connection-form-error">{apiErrors.form}</FormAlert> : null}
      <div className="form__grid">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={100}
          placeholder="aws-production"
          hint="Unique among your connections. Items it discovers say they came from it."
          error={errorAt('name')}
          value={draft.name}
          onValueChange={(name) => set({ name }, 'name')}
          data-testid="connection-name"
        />
        <div className="field">
          <span className="field__label">Provider</span>
          <p className="connection-form__fixed">Amazon Web Services</p>
        </div>

        <fieldset className="form__group form__wide">
          <legend className="form__legend">Credentials</legend>
          <p className="field__hint">
            An access key of an IAM user that may read the account (for instance with the ReadOnlyAccess policy), or that may assume
            a role that does.
          </p>
          <div className="form__grid form__grid--dense">
            <TextField
              label="Access key id"
              name="accessKeyId"
              required={!editing}
              maxLength={128}
              autoComplete="off"
              spellCheck={false}
              placeholder={editing ? editing.accessKeyIdHint : 'AKIAIOSFODNN7EXAMPLE'}
              hint={editing ? `Now ${editing.accessKeyIdHint}. Leave empty to keep it.` : undefined}
              error={errorAt('accessKeyId')}
              value={draft.accessKeyId}
              onValueChange={(accessKeyId) => set({ accessKeyId }, 'accessKeyId')}
              data-testid="connection-access-key-id"
            />
            <TextField
              label="Secret access key"
              name="secretAccessKey"
              type="password"
              required={!editing}
              maxLength={256}
              autoComplete="new-password"
              spellCheck={false}
              hint={
                editing
                  ? editing.hasSecret
                    ? 'Stored encrypted and never shown. Leave empty to keep it.'
                    : 'None is stored: type one.'
                  : 'Stored encrypted, and never shown again.'
              }
              error={errorAt('secretAccessKey')}
              value={draft.secretAccessKey}
              onValueChange={(secretAccessKey) => set({ secretAccessKey }, 'secretAccessKey')}
              data-testid="connection-secret"
            />
            <TextField
              label="Role ARN (optional)"
              name="roleArn"
              maxLength={2048}
              spellCheck={false}
              placeholder="arn:aws:iam::123456789012:role/MaestroReadOnly"
              hint="A role to assume with the keys, in this account or another."
              error={errorAt('roleArn')}
              value={draft.roleArn}
              onValueChange={(roleArn) => set({ roleArn }, 'roleArn', 'externalId')}
              data-testid="connection-role-arn"
            />
            <TextField
              label="External id (optional)"
              name="externalId"
              maxLength={1224}
              spellCheck={false}
              disabled={noRole}
              hint={noRole ? 'Goes with a role.' : 'If the role’s trust policy asks for one.'}
              error={errorAt('externalId')}
              value={noRole ? '' : draft.externalId}
              onValueChange={(externalId) => set({ externalId }, 'externalId')}
              data-testid="connection-external-id"
            />
          </div>
          <div className="connection-form__test">
            <button type="button" className="button" onClick={() => void testCredentials()} disabled={testResult.fetching} data-testid="connection-form-test">
              {testResult.fetching ? 'Testing…' : 'Test these credentials'}
            </button>
            <span className="field__hint">Asks AWS which account they reach; nothing is saved.</span>
          </div>
          {testAnswer ? <TestResult answer={testAnswer} /> : null}
        </fieldset>

        <fieldset className="form__group form__wide">
          <legend className="form__legend">Where</legend>
          <div className="form__grid form__grid--dense">
            <div className="field form__wide">
              <div className="filters__item--check connection-form__check">
                <input
                  id={`${id}-all-regions`}
                  type="checkbox"
                  className="checkbox"
                  checked={draft.allRegions}
                  onChange={(event) => set({ allRegions: event.target.checked }, 'regions')}
                  data-testid="connection-all-regions"
                />
                <label htmlFor={`${id}-all-regions`}>Every region enabled in the account</label>
              </div>
            </div>
            <TextField
              label="Regions"
              name="regions"
              className="form__wide"
              disabled={draft.allRegions}
              spellCheck={false}
              placeholder="us-east-1, eu-west-1"
              hint={draft.allRegions ? 'Asked of the account at each run.' : 'Separate several with commas.'}
              error={errorAt('regions')}
              value={draft.allRegions ? '' : draft.regions}
              onValueChange={(regions) => set({ regions }, 'regions')}
              data-testid="connection-regions"
            />
            <Field
              label="Datacenter"
              name="datacenterId"
              className="form__wide"
              error={errorAt('datacenterId')}
              hint="The Datacenter item whose servers, volumes and networks it discovers."
            >
              {(control) => (
                <select
                  {...control}
                  className="select"
                  value={draft.datacenterId}
                  onChange={(event) => set({ datacenterId: event.target.value }, 'datacenterId')}
                  data-testid="connection-datacenter"
                >
                  {editing ? (
                    current ? null : <option value="">Keep the current one</option>
                  ) : (
                    <option value="">A new one named after the connection (or the one of that name)</option>
                  )}
                  {choices.map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choice.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>

        <fieldset className="form__group form__wide" data-testid="connection-kinds">
          <legend className="form__legend">What to discover, and how often</legend>
          {errorAt('kinds') ? <p className="field__error">{errorAt('kinds')}</p> : null}
          <table className="table table--compact connection-kinds">
            <thead>
              <tr>
                <th scope="col">Discover</th>
                <th scope="col">Every (minutes)</th>
              </tr>
            </thead>
            <tbody>
              {draft.kinds.map((setting, index) => {
                const path = intervalPath(setting.kind);
                const problem = errorAt(path);
                const minutes = Number(setting.interval);
                return (
                  <tr key={setting.kind} data-kind={setting.kind}>
                    <td>
                      <div className="filters__item--check connection-form__check">
                        <input
                          id={`${id}-kind-${setting.kind}`}
                          type="checkbox"
                          className="checkbox"
                          checked={setting.enabled}
                          onChange={(event) => setKind(index, { enabled: event.target.checked })}
                          data-testid={`kind-${setting.kind}`}
                        />
                        <label htmlFor={`${id}-kind-${setting.kind}`}>
                          {KIND_LABELS[setting.kind]} <span className="muted">· {KIND_HINTS[setting.kind]}</span>
                        </label>
                      </div>
                    </td>
                    <td>
                      <div className="connection-kinds__interval">
                        <input
                          className="input input--small"
                          type="number"
                          name={path}
                          min={1}
                          max={MAX_INTERVAL_MINUTES}
                          step={1}
                          aria-label={`${KIND_LABELS[setting.kind]}: minutes between two discoveries`}
                          aria-invalid={problem ? true : undefined}
                          value={setting.interval}
                          onChange={(event) => setKind(index, { interval: event.target.value })}
                          data-testid={`interval-${setting.kind}`}
                        />
                        <span className="muted">{Number.isInteger(minutes) && minutes > 0 ? formatInterval(minutes) : ''}</span>
                      </div>
                      {problem ? (
                        <p className="field__error" data-testid={`error-${path}`}>
                          {problem}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>

        <div className="field form__wide">
          <div className="filters__item--check connection-form__check">
            <input
              id={`${id}-enabled`}
              type="checkbox"
              className="checkbox"
              checked={draft.enabled}
              onChange={(event) => set({ enabled: event.target.checked }, 'enabled')}
              data-testid="connection-enabled"
            />
            <label htmlFor={`${id}-enabled`}>Enabled: discover on this schedule (unchecked, discovery is paused)</label>
          </div>
        </div>
      </div>
      {note ? <p className="form__note">{note}</p> : null}
      <div className="form__actions">
        {onCancel ? (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy} data-testid="connection-submit">
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
