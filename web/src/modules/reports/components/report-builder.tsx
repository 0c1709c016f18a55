import { useId, useState, type FormEvent } from 'react';
import type { CombinedError } from 'urql';
import { useSession } from '../../../app/session/session-context.ts';
import type { ItemState, ReportDetailFragment, ReportInput, ReportKind } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { browserTimeZone } from '../../schedules/schedule-labels.ts';
import { useReportFields } from '../hooks/use-report-fields.ts';
import { draftOfReport, knownPaths, newReportDraft, reportInput, withoutProblemsAt, type LevelDraft, type ReportDraft, type ReportScheduleDraft } from '../report-draft.ts';
import type { FieldInfo, FilterDraft } from '../report-filters.ts';
import {
  ITEM_STATES,
  ITEM_STATE_LABELS,
  PIVOT_LEVEL_HINTS,
  PIVOT_LEVEL_LABELS,
  PIVOT_LEVEL_TYPES,
  REPORT_ENTITIES,
  REPORT_KINDS,
  REPORT_KIND_HINTS,
  REPORT_KIND_LABELS,
  entityPluralLabel,
  nameFieldOf,
} from '../report-labels.ts';
import { ColumnsPicker } from './columns-picker.tsx';
import { FilterEditor } from './filter-editor.tsx';
import { Problem, problemProps, type ProblemLookup } from './problems.tsx';
import { ReportScheduleFields } from './report-schedule-fields.tsx';

export type ReportBuilderMode = { kind: 'create' } | { kind: 'edit'; report: ReportDetailFragment };

export interface ReportBuilderProps {
  mode: ReportBuilderMode;
  onSubmit(input: ReportInput): void;
  /** The API's answer to the last submit. */
  error: CombinedError | undefined;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  onCancel(): void;
  labelledBy: string;
}

function StateSelect({ label, value, onChange, path, lookup, testId }: { label: string; value: ItemState; onChange(state: ItemState): void; path: string; lookup: ProblemLookup; testId: string }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value as ItemState)} data-testid={testId} {...problemProps(lookup, path)}>
        {ITEM_STATES.map((state) => (
          <option key={state} value={state}>
            {ITEM_STATE_LABELS[state]}
          </option>
        ))}
      </select>
      <Problem lookup={lookup} path={path} />
    </div>
  );
}

function LevelEditor({
  level,
  index,
  fields,
  lookup,
  onChange,
}: {
  level: LevelDraft;
  index: number;
  fields: readonly FieldInfo[] | undefined;
  lookup: ProblemLookup;
  onChange(change: Partial<LevelDraft>, ...settled: string[]): void;
}) {
  const path = `levels.${index}`;
  const label = PIVOT_LEVEL_LABELS[level.level];
  const name = nameFieldOf(PIVOT_LEVEL_TYPES[level.level]);
  const nameLabel = fields?.find((field) => field.key === name)?.label ?? name;
  return (
    <fieldset className={`form__group form__wide report-level${level.enabled ? '' : ' report-level--off'}`} data-testid={`report-level-${level.level}`} data-enabled={level.enabled}>
      <legend className="form__legend">{label}</legend>
      <label className="filters__item--check">
        <input
          type="checkbox"
          role="switch"
          className="checkbox"
          checked={level.enabled}
          onChange={(event) => onChange({ enabled: event.target.checked }, path, 'levels')}
          aria-describedby={`${lookup.errorId(path)}-hint`}
          data-testid={`report-level-${level.level}-enabled`}
        />
        Show {label.toLowerCase()}
      </label>
      <p className="field__hint" id={`${lookup.errorId(path)}-hint`}>
        {PIVOT_LEVEL_HINTS[level.level]}
        {level.enabled ? '' : '. Off between two levels that are on, it is walked through without being shown.'}
      </p>
      <Problem lookup={lookup} path={path} />
      {level.enabled ? (
        <div className="form__grid form__grid--dense">
          <ColumnsPicker
            legend={`${label}: columns`}
            fields={fields}
            selected={level.columns}
            exclude={name}
            onChange={(columns) => onChange({ columns }, `${path}.columns`)}
            emptyText={`${nameLabel} only (always shown first).`}
            path={`${path}.columns`}
            lookup={lookup}
            testId={`report-level-${level.level}-columns`}
          />
          <StateSelect label={`${label}: which items`} value={level.state} onChange={(state) => onChange({ state }, `${path}.state`)} path={`${path}.state`} lookup={lookup} testId={`report-level-${level.level}-state`} />
          <FilterEditor
            legend={`${label}: filters`}
            label={`${PIVOT_LEVEL_LABELS[level.level]} filter`}
            filters={level.filters}
            fields={fields}
            path={`${path}.filters`}
            lookup={lookup}
            // A level's first filter keeps, by default, only the paths that reach a match.
            onChange={(filters: FilterDraft[], ...settled: string[]) => onChange(level.filters.length === 0 && filters.length > 0 ? { filters, required: true } : { filters }, ...settled)}
            testId={`report-level-${level.level}-filters`}
          />
          <div className="field form__wide">
            <label className="filters__item--check">
              <input type="checkbox" className="checkbox" checked={level.required} onChange={(event) => onChange({ required: event.target.checked }, `${path}.required`)} data-testid={`report-level-${level.level}-required`} />
              Only paths that reach this level
            </label>
            <p className="field__hint">Unchecked, an item above with no {label.toLowerCase()} (or none matching) is a row of its own, this level empty.</p>
            <Problem lookup={lookup} path={`${path}.required`} />
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}

/**
 * A report's definition: its name, its kind (fixed once saved), what it
 * lists (a type with columns, filters and which items; or a pivot's six
 * levels, each with its own), and its schedule. Problems show next to the
 * control they are about, the form's own and the API's alike.
 */
export function ReportBuilder({ mode, onSubmit, error, busy, submitLabel, busyLabel, onCancel, labelledBy }: ReportBuilderProps) {
  const id = useId();
  const session = useSession();
  const me = session.user?.id ?? null;
  const editing = mode.kind === 'edit' ? mode.report : null;
  const [draft, setDraft] = useState<ReportDraft>(() => (editing ? draftOfReport(editing, browserTimeZone(), me) : newReportDraft(browserTimeZone(), me)));
  const [problems, setProblems] = useState<Record<string, string>>({});
  // The API's problems under paths changed since the last submit no longer hold.
  const [settledApi, setSettledApi] = useState<readonly string[]>([]);
  const fields = useReportFields(draft.kind, draft.entity);
  const apiErrors = readFormErrors(error, knownPaths(draft));
  const isSettled = (path: string) => settledApi.some((prefix) => path === prefix || path.startsWith(`${prefix}.`));
  const lookup: ProblemLookup = {
    errorAt: (path) => problems[path] ?? (isSettled(path) ? undefined : apiErrors.fields[path]),
    errorId: (path) => `${id}-${path}-error`,
  };

  function settle(paths: readonly string[]) {
    if (paths.length === 0) return;
    setProblems((current) => withoutProblemsAt(current, ...paths));
    setSettledApi((current) => [...current, ...paths]);
  }

  function set(change: Partial<ReportDraft>, ...paths: string[]) {
    setDraft((current) => ({ ...current, ...change }));
    settle(paths);
  }

  function setLevel(index: number, change: Partial<LevelDraft>, ...paths: string[]) {
    setDraft((current) => ({ ...current, levels: current.levels.map((level, i) => (i === index ? { ...level, ...change } : level)) }));
    settle(paths);
  }

  function setSchedule(change: Partial<ReportScheduleDraft>, ...paths: string[]) {
    setDraft((current) => ({ ...current, schedule: { ...current.schedule, ...change } }));
    settle(paths);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const prepared = reportInput(draft, fields.sets, editing !== null);
    setProblems(prepared.problems);
    setSettledApi([]);
    if (Object.keys(prepared.problems).length === 0) onSubmit(prepared.input);
  }

  const hasFieldProblems = Object.keys(problems).length > 0 || Object.keys(apiErrors.fields).some((path) => !isSettled(path));
  const others = (editing?.schedule?.recipients ?? []).flatMap((principal) => (principal ? [{ id: principal.id, name: `${principal.__typename === 'Team' ? 'Team ' : ''}${principal.name}` }] : []));

  return (
    <form className="form panel__body report-builder" onSubmit={submit} aria-labelledby={labelledBy} data-testid="report-form" noValidate>
      {apiErrors.form ? <FormAlert testId="report-form-error">{apiErrors.form}</FormAlert> : null}
      {hasFieldProblems ? <FormAlert tone="warning">Some fields need a look: each says what is wrong.</FormAlert> : null}
      <div className="form__grid">
        <TextField
          label="Name"
          name="name"
          className="form__wide"
          required
          maxLength={200}
          placeholder="Production servers"
          error={lookup.errorAt('name')}
          value={draft.name}
          onValueChange={(name) => set({ name }, 'name')}
          data-testid="report-name"
        />
        <Field label="Description" name="description" className="form__wide" error={lookup.errorAt('description')} hint="Optional: what it is for, who reads it.">
          {(control) => (
            <textarea {...control} className="input textarea" rows={2} maxLength={2000} value={draft.description} onChange={(event) => set({ description: event.target.value }, 'description')} data-testid="report-description" />
          )}
        </Field>

        <fieldset className="form__group form__wide" data-testid="report-kind">
          <legend className="form__legend">Kind</legend>
          <div className="report-kinds" role="radiogroup" aria-label="Kind">
            {REPORT_KINDS.map((kind: ReportKind) => (
              <label key={kind} className="report-kinds__option">
                <input type="radio" name={`${id}-kind`} value={kind} checked={draft.kind === kind} disabled={editing !== null} onChange={() => set({ kind }, 'kind', 'levels', 'filters', 'columns', 'entity')} data-testid={`report-kind-${kind}`} />
                <span>
                  <strong>{REPORT_KIND_LABELS[kind]}</strong>
                  <span className="field__hint">{REPORT_KIND_HINTS[kind]}</span>
                </span>
              </label>
            ))}
          </div>
          {editing ? <p className="field__hint">Fixed once saved: make a new report for the other kind.</p> : null}
          <Problem lookup={lookup} path="kind" />
        </fieldset>

        {draft.kind === 'SINGLE' ? (
          <>
            <div className="form__grid form__grid--dense form__wide">
              <div className="field">
                <label className="field__label" htmlFor={`${id}-entity`}>
                  Type
                </label>
                <select
                  id={`${id}-entity`}
                  className="select"
                  value={draft.entity}
                  // Another type: its columns and filters are another's.
                  onChange={(event) => set({ entity: event.target.value, columns: [], filters: [] }, 'entity', 'columns', 'filters')}
                  data-testid="report-entity"
                  {...problemProps(lookup, 'entity')}
                >
                  {REPORT_ENTITIES.map((type) => (
                    <option key={type} value={type}>
                      {entityPluralLabel(type)}
                    </option>
                  ))}
                </select>
                <Problem lookup={lookup} path="entity" />
              </div>
              <StateSelect label="Which items" value={draft.state} onChange={(state) => set({ state }, 'state')} path="state" lookup={lookup} testId="report-state" />
            </div>
            <ColumnsPicker
              legend="Columns"
              fields={fields.sets.entity}
              selected={draft.columns}
              onChange={(columns) => set({ columns }, 'columns')}
              emptyText="None picked: the type’s main fields."
              path="columns"
              lookup={lookup}
              testId="report-columns"
            />
            <FilterEditor
              legend="Filters"
              label="Filter"
              filters={draft.filters}
              fields={fields.sets.entity}
              path="filters"
              lookup={lookup}
              onChange={(filters, ...settled) => set({ filters }, ...settled)}
              testId="report-filters"
            />
          </>
        ) : (
          <div className="form__wide report-levels" data-testid="report-levels">
            <p className="field__hint">One row per path from the first level that is on down to the last: clients, the systems that serve them, their applications, and what those run on, depend on or sit behind.</p>
            <Problem lookup={lookup} path="levels" />
            {draft.levels.map((level, index) => (
              <LevelEditor key={level.level} level={level} index={index} fields={fields.sets.levels[level.level]} lookup={lookup} onChange={(change, ...paths) => setLevel(index, change, ...paths)} />
            ))}
          </div>
        )}

        <ReportScheduleFields schedule={draft.schedule} onChange={setSchedule} lookup={lookup} others={others} />
      </div>
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="report-submit">
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
