import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery, type CombinedError } from 'urql';
import { CronPreviewDocument, SchedulesDocument, type ScheduleDetailFragment, type ScheduleInput } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { onField, readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { roleAtLeast } from '../../access/roles.ts';
import { SCHEDULE_FORM_FIELDS, draftOfSchedule, intervalOf, newScheduleDraft, scheduleInput, type HeaderDraft, type ScheduleDraft } from '../schedule-draft.ts';
import { HTTP_METHODS, MAX_INTERVAL_MINUTES, browserTimeZone, describeInterval, hasBody, nextIntervalRuns, timeZoneChoices } from '../schedule-labels.ts';
import { RunTimes } from './run-times.tsx';

export type ScheduleFormMode = { kind: 'create' } | { kind: 'edit'; schedule: ScheduleDetailFragment };

export interface ScheduleFormProps {
  mode: ScheduleFormMode;
  onSubmit(input: ScheduleInput): void;
  /** The API's answer to the last submit. */
  error: CombinedError | undefined;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  onCancel?(): void;
  labelledBy: string;
  note?: ReactNode;
}

const PREVIEW_COUNT = 5;

/** Name/value rows of headers, with a button to add one and one to remove each. */
function HeaderRows({
  rows,
  onChange,
  secret,
  testId,
}: {
  rows: readonly HeaderDraft[];
  onChange(rows: HeaderDraft[]): void;
  secret: boolean;
  testId: string;
}) {
  const set = (index: number, change: Partial<HeaderDraft>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <div className="header-rows" data-testid={testId}>
      {rows.map((row, index) => (
        <div className="header-rows__row" key={index} data-testid={`${testId}-row`}>
          <input
            className="input"
            aria-label={`${secret ? 'Secret header' : 'Header'} ${index + 1} name`}
            placeholder={secret ? 'Authorization' : 'Accept'}
            spellCheck={false}
            autoComplete="off"
            value={row.name}
            onChange={(event) => set(index, { name: event.target.value })}
            data-testid={`${testId}-name`}
          />
          <input
            className="input"
            type={secret ? 'password' : 'text'}
            aria-label={`${secret ? 'Secret header' : 'Header'} ${index + 1} value`}
            placeholder={secret ? 'Bearer …' : 'application/json'}
            spellCheck={false}
            autoComplete={secret ? 'new-password' : 'off'}
            value={row.value}
            onChange={(event) => set(index, { value: event.target.value })}
            data-testid={`${testId}-value`}
          />
          <button type="button" className="button button--quiet" onClick={() => onChange(rows.filter((_, i) => i !== index))} aria-label={`Remove header ${index + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button" onClick={() => onChange([...rows, { name: '', value: '' }])} data-testid={`${testId}-add`}>
        Add {secret ? 'a secret header' : 'a header'}
      </button>
    </div>
  );
}

/** The next runs of the timing being typed: the API's for a cron expression, counted here for an interval. */
function TimingPreview({ draft, cron, cronTimes, cronError, fetching }: { draft: ScheduleDraft; cron: string; cronTimes: readonly string[] | undefined; cronError: string | null; fetching: boolean }) {
  const now = useNow(30_000);
  if (draft.timing === 'interval') {
    const minutes = intervalOf(draft.interval);
    return <RunTimes times={minutes ? nextIntervalRuns(minutes, now, PREVIEW_COUNT) : []} testId="timing-preview" empty="Type a number of minutes to see its next runs." />;
  }
  if (cron === '') return <p className="muted" data-testid="timing-preview">Type a cron expression to see its next runs.</p>;
  if (cronError) return <p className="muted" data-testid="timing-preview">No runs to show.</p>;
  if (!cronTimes && fetching) return <p className="muted">Working them out…</p>;
  return <RunTimes times={cronTimes ?? []} testId="timing-preview" empty="No runs to show." />;
}

/**
 * An HTTP schedule's settings: the call (method, URL, headers, secret
 * headers written but never read back, body, expected statuses, timeout),
 * its timing (an interval, or a cron expression in a time zone) with its
 * next runs, the schedules to run after it, and whether it is on.
 */
export function ScheduleForm({ mode, onSubmit, error, busy, submitLabel, busyLabel, onCancel, labelledBy, note }: ScheduleFormProps) {
  const id = useId();
  const editing = mode.kind === 'edit' ? mode.schedule : null;
  const [draft, setDraft] = useState<ScheduleDraft>(() => (editing ? draftOfSchedule(editing, browserTimeZone()) : newScheduleDraft(browserTimeZone())));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [{ data: schedules }] = useQuery({ query: SchedulesDocument, requestPolicy: 'cache-and-network' });
  const debouncedCron = useDebouncedValue(draft.cron.trim(), 300);
  const [preview] = useQuery({
    query: CronPreviewDocument,
    variables: { cron: debouncedCron, timezone: draft.timezone || 'UTC', count: PREVIEW_COUNT },
    pause: draft.timing !== 'cron' || debouncedCron === '',
    requestPolicy: 'cache-first',
  });
  const previewErrors = readFormErrors(preview.error, ['cron', 'timezone']);
  const cronError = draft.timing === 'cron' && debouncedCron !== '' ? (previewErrors.fields.cron ?? previewErrors.form) : null;
  const apiErrors = onField(readFormErrors(error, SCHEDULE_FORM_FIELDS), 'CONFLICT', 'name');
  const errorAt = (field: string): string | undefined => problems[field] ?? apiErrors.fields[field];

  function set(change: Partial<ScheduleDraft>, ...fields: string[]) {
    setDraft((current) => ({ ...current, ...change }));
    if (fields.some((field) => problems[field])) setProblems((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !fields.includes(key))));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const prepared = scheduleInput(draft, editing !== null);
    setProblems(prepared.problems);
    if (Object.keys(prepared.problems).length === 0) onSubmit(prepared.input);
  }

  // Only HTTP schedules run after another's run.
  const followUps = (schedules?.schedules ?? []).filter((other) => other.target === 'HTTP' && other.active && other.id !== editing?.id && roleAtLeast(other.myRole, 'WRITE'));
  const zones = timeZoneChoices(draft.timezone);
  const minutes = intervalOf(draft.interval);

  function toggleFollowUp(field: 'onSuccess' | 'onFailure', otherId: string, on: boolean) {
    const current = draft[field];
    set({ [field]: on ? [...current, otherId] : current.filter((idOf) => idOf !== otherId) }, field);
  }

  return (
    <form className="form panel__body schedule-form" onSubmit={submit} aria-labelledby={labelledBy} data-testid="schedule-form" noValidate>
      {apiErrors.form ? <FormAlert testId="schedule-form-error">{apiErrors.form}</FormAlert> : null}
      <div className="form__grid">
        <TextField
          label="Name"
          name="name"
          className="form__wide"
          required
          maxLength={100}
          placeholder="Nightly cache warm-up"
          error={errorAt('name')}
          value={draft.name}
          onValueChange={(name) => set({ name }, 'name')}
          data-testid="schedule-name"
        />

        <fieldset className="form__group form__wide">
          <legend className="form__legend">The call</legend>
          <div className="form__grid form__grid--dense">
            <Field label="Method" name="method" error={errorAt('method')}>
              {(control) => (
                <select {...control} className="select" value={draft.method} onChange={(event) => set({ method: event.target.value }, 'method', 'body')} data-testid="schedule-method">
                  {HTTP_METHODS.map((method) => (
                    <option key={method} value={method}>
                      {method}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField
              label="URL"
              name="url"
              required
              type="url"
              spellCheck={false}
              placeholder="https://example.com/hooks/nightly"
              hint="http or https. Private and loopback addresses are refused unless the server allows them."
              error={errorAt('url')}
              value={draft.url}
              onValueChange={(url) => set({ url }, 'url')}
              data-testid="schedule-url"
            />
            <div className="field form__wide">
              <span className="field__label">Headers</span>
              <HeaderRows rows={draft.headers} onChange={(headers) => set({ headers }, 'headers')} secret={false} testId="schedule-headers" />
              {errorAt('headers') ? (
                <p className="field__error" data-testid="error-headers">
                  {errorAt('headers')}
                </p>
              ) : null}
            </div>
            <div className="field form__wide">
              <span className="field__label">Secret headers</span>
              <p className="field__hint" data-testid="secret-headers-hint">
                {editing
                  ? editing.secretHeaderNames.length > 0
                    ? `${editing.secretHeaderNames.join(', ')}: stored, never shown; type new values to replace them (all of them at once).`
                    : 'None stored. Stored encrypted and never shown once saved.'
                  : 'An API key or a token: stored encrypted, and never shown once saved.'}
              </p>
              <HeaderRows rows={draft.secretHeaders} onChange={(secretHeaders) => set({ secretHeaders }, 'secretHeaders')} secret testId="schedule-secret-headers" />
              {errorAt('secretHeaders') ? (
                <p className="field__error" data-testid="error-secretHeaders">
                  {errorAt('secretHeaders')}
                </p>
              ) : null}
            </div>
            {hasBody(draft.method) ? (
              <Field label="Body" name="body" className="form__wide" error={errorAt('body')}>
                {(control) => (
                  <textarea
                    {...control}
                    className="input textarea"
                    rows={4}
                    spellCheck={false}
                    value={draft.body}
                    onChange={(event) => set({ body: event.target.value }, 'body')}
                    data-testid="schedule-body"
                  />
                )}
              </Field>
            ) : null}
            <TextField
              label="Expected statuses"
              name="expectedStatus"
              spellCheck={false}
              placeholder="200, 204"
              hint="Separated by commas. Empty: any 2xx succeeds."
              error={errorAt('expectedStatus')}
              value={draft.expectedStatus}
              onValueChange={(expectedStatus) => set({ expectedStatus }, 'expectedStatus')}
              data-testid="schedule-expected-status"
            />
            <TextField
              label="Timeout (ms)"
              name="timeoutMs"
              type="number"
              min={100}
              max={60_000}
              step={100}
              hint="From 100 to 60,000."
              error={errorAt('timeoutMs')}
              value={draft.timeoutMs}
              onValueChange={(timeoutMs) => set({ timeoutMs }, 'timeoutMs')}
              data-testid="schedule-timeout"
            />
          </div>
        </fieldset>

        <fieldset className="form__group form__wide" data-testid="schedule-timing">
          <legend className="form__legend">When</legend>
          <div className="schedule-form__modes" role="radiogroup" aria-label="Timing">
            <label className="filters__item--check">
              <input
                type="radio"
                name={`${id}-timing`}
                checked={draft.timing === 'interval'}
                onChange={() => set({ timing: 'interval' }, 'cron', 'intervalMinutes', 'timezone')}
                data-testid="timing-interval"
              />
              Every N minutes
            </label>
            <label className="filters__item--check">
              <input
                type="radio"
                name={`${id}-timing`}
                checked={draft.timing === 'cron'}
                onChange={() => set({ timing: 'cron' }, 'cron', 'intervalMinutes', 'timezone')}
                data-testid="timing-cron"
              />
              Cron expression
            </label>
          </div>
          <div className="form__grid form__grid--dense">
            {draft.timing === 'interval' ? (
              <TextField
                label="Every (minutes)"
                name="intervalMinutes"
                type="number"
                min={1}
                max={MAX_INTERVAL_MINUTES}
                step={1}
                hint={minutes ? describeInterval(minutes) : `1 to ${MAX_INTERVAL_MINUTES}`}
                error={errorAt('intervalMinutes')}
                value={draft.interval}
                onValueChange={(interval) => set({ interval }, 'intervalMinutes')}
                data-testid="schedule-interval"
              />
            ) : (
              <>
                <TextField
                  label="Cron expression"
                  name="cron"
                  spellCheck={false}
                  placeholder="0 3 * * *"
                  hint="Minute hour day month weekday: 0 3 * * * is every day at 03:00."
                  error={errorAt('cron') ?? cronError ?? undefined}
                  value={draft.cron}
                  onValueChange={(cron) => set({ cron }, 'cron')}
                  data-testid="schedule-cron"
                />
                <Field label="Time zone" name="timezone" error={errorAt('timezone')}>
                  {(control) => (
                    <select {...control} className="select" value={draft.timezone} onChange={(event) => set({ timezone: event.target.value }, 'timezone')} data-testid="schedule-timezone">
                      {zones.map((zone) => (
                        <option key={zone} value={zone}>
                          {zone}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </>
            )}
            <div className="field">
              <span className="field__label">Next five runs</span>
              <TimingPreview draft={draft} cron={debouncedCron} cronTimes={preview.data?.cronPreview} cronError={cronError} fetching={preview.fetching} />
            </div>
          </div>
        </fieldset>

        <fieldset className="form__group form__wide" data-testid="schedule-follow-ups">
          <legend className="form__legend">Then run</legend>
          {followUps.length === 0 ? (
            <p className="field__hint">No other schedule you can change to run after this one.</p>
          ) : (
            <div className="form__grid form__grid--dense">
              {(['onSuccess', 'onFailure'] as const).map((field) => (
                <div className="field" key={field}>
                  <span className="field__label">{field === 'onSuccess' ? 'After a run that succeeded' : 'After a run that failed'}</span>
                  <ul className="schedule-form__choices" data-testid={`schedule-${field}`}>
                    {followUps.map((other) => (
                      <li key={other.id}>
                        <label className="filters__item--check">
                          <input
                            type="checkbox"
                            className="checkbox"
                            checked={draft[field].includes(other.id)}
                            onChange={(event) => toggleFollowUp(field, other.id, event.target.checked)}
                            data-name={other.name}
                          />
                          {other.name}
                        </label>
                      </li>
                    ))}
                  </ul>
                  {errorAt(field) ? <p className="field__error">{errorAt(field)}</p> : null}
                </div>
              ))}
            </div>
          )}
        </fieldset>

        <div className="field form__wide">
          <label className="filters__item--check">
            <input type="checkbox" className="checkbox" checked={draft.enabled} onChange={(event) => set({ enabled: event.target.checked }, 'enabled')} data-testid="schedule-enabled" />
            Enabled: run on this timing (unchecked, the schedule is paused; Run now still works)
          </label>
        </div>
      </div>
      {note ? <p className="form__note">{note}</p> : null}
      <div className="form__actions">
        {onCancel ? (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy} data-testid="schedule-submit">
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
