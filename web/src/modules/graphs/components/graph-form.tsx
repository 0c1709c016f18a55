import { useId, useState, type FormEvent } from 'react';
import type { CombinedError } from 'urql';
import type { GraphInput, GraphSource, RelationKind } from '../../../gql/graphql.ts';
import { Field } from '../../../shared/forms/field.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { TextField } from '../../../shared/forms/text-field.tsx';
import { NodePicker } from '../../inventory/components/node-picker.tsx';
import { nodeLabel } from '../../inventory/item-values.ts';
import { GRAPH_FORM_PATHS, graphInput, toggled, withPick, withSource, type GraphDraft } from '../graph-draft.ts';
import { GRAPH_KINDS, GRAPH_SOURCES, GRAPH_SOURCE_HINTS, GRAPH_SOURCE_LABELS, GRAPH_SOURCE_TYPES, GRAPH_TYPES, MAX_GRAPH_DEPTH, MIN_GRAPH_DEPTH, MIN_SCHEDULE_MINUTES, kindLabel } from '../graph-labels.ts';

export interface GraphFormProps {
  initial: GraphDraft;
  onSubmit(input: GraphInput): void;
  error: CombinedError | undefined;
  busy: boolean;
  submitLabel: string;
  onCancel(): void;
  labelledBy: string;
}

function ProblemText({ id, error, path }: { id: string; error: string | undefined; path: string }) {
  if (!error) return null;
  return (
    <p className="field__error" id={id} data-testid={`error-${path}`}>
      {error}
    </p>
  );
}

/**
 * A graph's definition: name, description, where it starts (a system, a
 * client or applications, picked by name), how deep, which relations it
 * follows, which types it shows, and how often it is rebuilt. Problems show
 * next to their control, the form's own and the API's alike.
 */
export function GraphForm({ initial, onSubmit, error, busy, submitLabel, onCancel, labelledBy }: GraphFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<GraphDraft>(initial);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set());
  const api = readFormErrors(error, GRAPH_FORM_PATHS);
  const errorAt = (path: string) => problems[path] ?? (settled.has(path) ? undefined : api.fields[path]);
  const errorId = (path: string) => `${id}-${path}-error`;
  const described = (path: string) => ({ 'aria-invalid': errorAt(path) ? true : undefined, 'aria-describedby': errorAt(path) ? errorId(path) : undefined });

  function set(next: GraphDraft, ...paths: string[]) {
    setDraft(next);
    setProblems((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !paths.includes(path))));
    setSettled((current) => new Set([...current, ...paths]));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const prepared = graphInput(draft);
    setProblems(prepared.problems);
    setSettled(new Set());
    if (Object.keys(prepared.problems).length === 0) onSubmit(prepared.input);
  }

  const sourceType = GRAPH_SOURCE_TYPES[draft.source];
  return (
    <form className="form panel__body graph-form" onSubmit={submit} aria-labelledby={labelledBy} data-testid="graph-form" noValidate>
      {api.form ? <FormAlert testId="graph-form-error">{api.form}</FormAlert> : null}
      <div className="form__grid">
        <TextField label="Name" name="name" className="form__wide" required maxLength={200} placeholder="Shop dependencies" error={errorAt('name')} value={draft.name} onValueChange={(name) => set({ ...draft, name }, 'name')} data-testid="graph-name" />
        <Field label="Description" name="description" className="form__wide" error={errorAt('description')} hint="Optional: what it is for.">
          {(control) => <textarea {...control} className="input textarea" rows={2} maxLength={2000} value={draft.description} onChange={(event) => set({ ...draft, description: event.target.value }, 'description')} />}
        </Field>

        <fieldset className="form__group form__wide" data-testid="graph-source">
          <legend className="form__legend">Source</legend>
          <div className="report-kinds" role="radiogroup" aria-label="Source">
            {GRAPH_SOURCES.map((source: GraphSource) => (
              <label key={source} className="report-kinds__option">
                <input type="radio" name={`${id}-source`} value={source} checked={draft.source === source} onChange={() => set(withSource(draft, source), 'source', 'sourceIds')} />
                <span>
                  <strong>{GRAPH_SOURCE_LABELS[source]}</strong>
                  <span className="field__hint">{GRAPH_SOURCE_HINTS[source]}</span>
                </span>
              </label>
            ))}
          </div>
          <ProblemText id={errorId('source')} error={errorAt('source')} path="source" />
          <div className="graph-form__picks" {...described('sourceIds')}>
            {draft.sources.length > 0 ? (
              <ul className="graph-form__chosen" aria-label="Chosen" data-testid="graph-sources">
                {draft.sources.map((pick) => (
                  <li key={pick.id} className="chip" data-testid="graph-source-pick">
                    {pick.name}
                    <button type="button" className="button button--quiet button--small" aria-label={`Remove ${pick.name}`} onClick={() => set({ ...draft, sources: draft.sources.filter((s) => s.id !== pick.id) }, 'sourceIds')}>
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
            <NodePicker
              key={draft.source}
              label={draft.source === 'APPLICATIONS' ? 'Add an application' : `Pick a ${GRAPH_SOURCE_LABELS[draft.source].toLowerCase()}`}
              types={[sourceType]}
              exclude={new Set(draft.sources.map((pick) => pick.id))}
              onPick={(node) => set(withPick(draft, { id: node.id, name: nodeLabel(node) }), 'sourceIds')}
              testId="graph-source-picker"
            />
          </div>
          <ProblemText id={errorId('sourceIds')} error={errorAt('sourceIds')} path="sourceIds" />
        </fieldset>

        <Field label="Depth" name="depth" error={errorAt('depth')} hint={`Hops from the roots, ${MIN_GRAPH_DEPTH} to ${MAX_GRAPH_DEPTH}.`}>
          {(control) => <input {...control} type="number" className="input" min={MIN_GRAPH_DEPTH} max={MAX_GRAPH_DEPTH} value={draft.depth} onChange={(event) => set({ ...draft, depth: event.target.value }, 'depth')} data-testid="graph-depth" />}
        </Field>
        <Field label="Rebuild every (minutes)" name="scheduleMinutes" error={errorAt('scheduleMinutes')} hint={`Optional, ${MIN_SCHEDULE_MINUTES} or more; empty: built when you ask.`}>
          {(control) => <input {...control} type="number" className="input" min={MIN_SCHEDULE_MINUTES} value={draft.schedule} onChange={(event) => set({ ...draft, schedule: event.target.value }, 'scheduleMinutes')} data-testid="graph-schedule" />}
        </Field>

        <fieldset className="form__group form__wide" {...described('kinds')} data-testid="graph-kinds">
          <legend className="form__legend">Relations followed</legend>
          <div className="graph-form__checks">
            {GRAPH_KINDS.map((kind: RelationKind) => (
              <label key={kind} className="filters__item--check">
                <input type="checkbox" className="checkbox" checked={draft.kinds.includes(kind)} onChange={(event) => set({ ...draft, kinds: toggled(draft.kinds, kind, event.target.checked, GRAPH_KINDS) }, 'kinds')} />
                {kindLabel(kind)}
              </label>
            ))}
          </div>
          <ProblemText id={errorId('kinds')} error={errorAt('kinds')} path="kinds" />
        </fieldset>

        <fieldset className="form__group form__wide" {...described('types')} data-testid="graph-types">
          <legend className="form__legend">Types shown</legend>
          <p className="field__hint">None checked: every type. Others are neither shown nor walked through.</p>
          <div className="graph-form__checks">
            {GRAPH_TYPES.map(({ type, label }) => (
              <label key={type} className="filters__item--check">
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={draft.types.includes(type)}
                  onChange={(event) => set({ ...draft, types: toggled(draft.types, type, event.target.checked, GRAPH_TYPES.map((t) => t.type)) }, 'types')}
                />
                {label}
              </label>
            ))}
          </div>
          <ProblemText id={errorId('types')} error={errorAt('types')} path="types" />
        </fieldset>
      </div>
      <div className="form__actions">
        <button type="button" className="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="graph-submit">
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
