import { useId } from 'react';
import { useQuery } from 'urql';
import { useSession } from '../../../app/session/session-context.ts';
import { CronPreviewDocument, TeamsDocument } from '../../../gql/graphql.ts';
import { readFormErrors } from '../../../shared/forms/form-errors.ts';
import { useDebouncedValue } from '../../../shared/hooks/use-debounced-value.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { describeInterval, nextIntervalRuns, timeZoneChoices } from '../../schedules/schedule-labels.ts';
import { RunTimes } from '../../schedules/components/run-times.tsx';
import { TEAM_REQUEST_CONTEXT } from '../../teams/team-requests.ts';
import { reportIntervalOf, toggled, type ReportScheduleDraft } from '../report-draft.ts';
import { EXPORT_FORMATS, EXPORT_FORMAT_HINTS, EXPORT_FORMAT_LABELS, MIN_REPORT_INTERVAL_MINUTES } from '../report-labels.ts';
import { Problem, problemProps, type ProblemLookup } from './problems.tsx';

const PREVIEW_COUNT = 5;

export interface ReportScheduleFieldsProps {
  schedule: ReportScheduleDraft;
  onChange(change: Partial<ReportScheduleDraft>, ...settled: string[]): void;
  lookup: ProblemLookup;
  /** People and teams named by the stored schedule that the reader cannot pick (another's team): kept, shown by name. */
  others: ReadonlyArray<{ id: string; name: string }>;
}

/** The next runs of the timing typed: the API's for a cron expression, counted here for an interval. */
function TimingPreview({ schedule }: { schedule: ReportScheduleDraft }) {
  const now = useNow(30_000);
  const cron = useDebouncedValue(schedule.cron.trim(), 300);
  const [preview] = useQuery({
    query: CronPreviewDocument,
    variables: { cron, timezone: schedule.timezone || 'UTC', count: PREVIEW_COUNT },
    pause: schedule.timing !== 'cron' || cron === '',
    requestPolicy: 'cache-first',
  });
  if (schedule.timing === 'interval') {
    const minutes = reportIntervalOf(schedule.interval);
    return <RunTimes times={minutes ? nextIntervalRuns(minutes, now, PREVIEW_COUNT) : []} testId="report-timing-preview" empty={`Type a number of minutes (${MIN_REPORT_INTERVAL_MINUTES} or more) to see its next runs.`} />;
  }
  if (cron === '') return <p className="muted" data-testid="report-timing-preview">Type a cron expression to see its next runs.</p>;
  const problem = readFormErrors(preview.error, ['cron', 'timezone']);
  const error = problem.fields.cron ?? problem.fields.timezone ?? problem.form;
  if (error) {
    return (
      <p className="field__error" data-testid="report-timing-preview">
        {error}
      </p>
    );
  }
  if (!preview.data && preview.fetching) return <p className="muted">Working them out…</p>;
  return <RunTimes times={preview.data?.cronPreview ?? []} testId="report-timing-preview" empty="No runs to show." />;
}

/**
 * A report's schedule: on or off, paused or not, an interval or a cron
 * expression in a time zone (with its next runs), the formats attached to
 * the e-mail, and whom it goes to: the reader and their teams.
 */
export function ReportScheduleFields({ schedule, onChange, lookup, others }: ReportScheduleFieldsProps) {
  const id = useId();
  const session = useSession();
  const [{ data: teams }] = useQuery({ query: TeamsDocument, context: TEAM_REQUEST_CONTEXT, pause: !schedule.on });
  const me = session.user;
  const zones = timeZoneChoices(schedule.timezone);
  const minutes = reportIntervalOf(schedule.interval);
  const choices = [
    ...(me ? [{ id: me.id, label: `Me (${me.name})` }] : []),
    ...(teams?.teams ?? []).map((team) => ({ id: team.id, label: `Team ${team.name}` })),
    ...others.filter((other) => other.id !== me?.id && !teams?.teams.some((team) => team.id === other.id)).map((other) => ({ id: other.id, label: other.name })),
  ];

  return (
    <fieldset className="form__group form__wide report-schedule" data-testid="report-schedule">
      <legend className="form__legend">Schedule</legend>
      <label className="filters__item--check">
        <input type="checkbox" className="checkbox" checked={schedule.on} onChange={(event) => onChange({ on: event.target.checked }, 'schedule')} data-testid="report-schedule-on" />
        Run it on a schedule and e-mail the result
      </label>
      <Problem lookup={lookup} path="schedule" />
      {schedule.on ? (
        <>
          <label className="filters__item--check">
            <input
              type="checkbox"
              className="checkbox"
              checked={schedule.enabled}
              onChange={(event) => onChange({ enabled: event.target.checked }, 'schedule.enabled', 'schedule.recipients')}
              data-testid="report-schedule-enabled"
            />
            Enabled (unchecked, the schedule is kept but paused)
          </label>
          <div className="schedule-form__modes" role="radiogroup" aria-label="Timing">
            <label className="filters__item--check">
              <input type="radio" name={`${id}-timing`} checked={schedule.timing === 'interval'} onChange={() => onChange({ timing: 'interval' }, 'schedule.cron', 'schedule.intervalMinutes', 'schedule.timezone')} data-testid="report-timing-interval" />
              Every so many minutes
            </label>
            <label className="filters__item--check">
              <input type="radio" name={`${id}-timing`} checked={schedule.timing === 'cron'} onChange={() => onChange({ timing: 'cron' }, 'schedule.cron', 'schedule.intervalMinutes', 'schedule.timezone')} data-testid="report-timing-cron" />
              A cron expression
            </label>
          </div>
          <div className="form__grid form__grid--dense">
            {schedule.timing === 'interval' ? (
              <div className="field">
                <label className="field__label" htmlFor={`${id}-interval`}>
                  Every (minutes)
                </label>
                <input
                  id={`${id}-interval`}
                  className="input"
                  type="number"
                  min={MIN_REPORT_INTERVAL_MINUTES}
                  step={1}
                  value={schedule.interval}
                  onChange={(event) => onChange({ interval: event.target.value }, 'schedule.intervalMinutes', 'schedule')}
                  data-testid="report-interval"
                  {...problemProps(lookup, 'schedule.intervalMinutes')}
                />
                <p className="field__hint">{minutes ? describeInterval(minutes) : `At least ${MIN_REPORT_INTERVAL_MINUTES}: a report reads much of the inventory.`}</p>
                <Problem lookup={lookup} path="schedule.intervalMinutes" />
              </div>
            ) : (
              <>
                <div className="field">
                  <label className="field__label" htmlFor={`${id}-cron`}>
                    Cron expression
                  </label>
                  <input
                    id={`${id}-cron`}
                    className="input"
                    spellCheck={false}
                    placeholder="0 7 * * 1"
                    value={schedule.cron}
                    onChange={(event) => onChange({ cron: event.target.value }, 'schedule.cron', 'schedule')}
                    data-testid="report-cron"
                    {...problemProps(lookup, 'schedule.cron')}
                  />
                  <p className="field__hint">Minute hour day month weekday; at most every 5 minutes.</p>
                  <Problem lookup={lookup} path="schedule.cron" />
                </div>
                <div className="field">
                  <label className="field__label" htmlFor={`${id}-timezone`}>
                    Time zone
                  </label>
                  <select
                    id={`${id}-timezone`}
                    className="select"
                    value={schedule.timezone}
                    onChange={(event) => onChange({ timezone: event.target.value }, 'schedule.timezone')}
                    data-testid="report-timezone"
                    {...problemProps(lookup, 'schedule.timezone')}
                  >
                    {zones.map((zone) => (
                      <option key={zone} value={zone}>
                        {zone}
                      </option>
                    ))}
                  </select>
                  <Problem lookup={lookup} path="schedule.timezone" />
                </div>
              </>
            )}
            <div className="field form__wide">
              <span className="field__label">Next runs</span>
              <TimingPreview schedule={schedule} />
            </div>
          </div>
          <div className="form__grid form__grid--dense">
            <fieldset className="report-choices" aria-describedby={lookup.errorAt('schedule.formats') ? lookup.errorId('schedule.formats') : undefined}>
              <legend className="field__label">Attach as</legend>
              <ul className="schedule-form__choices" data-testid="report-formats">
                {EXPORT_FORMATS.map((format) => (
                  <li key={format}>
                    <label className="filters__item--check" title={EXPORT_FORMAT_HINTS[format]}>
                      <input
                        type="checkbox"
                        className="checkbox"
                        checked={schedule.formats.includes(format)}
                        onChange={(event) => onChange({ formats: toggled(schedule.formats, format, event.target.checked) }, 'schedule.formats')}
                        data-format={format}
                      />
                      {EXPORT_FORMAT_LABELS[format]}
                    </label>
                  </li>
                ))}
              </ul>
              <Problem lookup={lookup} path="schedule.formats" />
            </fieldset>
            <fieldset className="report-choices" aria-describedby={lookup.errorAt('schedule.recipients') ? lookup.errorId('schedule.recipients') : undefined}>
              <legend className="field__label">E-mail it to</legend>
              <ul className="schedule-form__choices" data-testid="report-recipients">
                {choices.map((choice) => (
                  <li key={choice.id}>
                    <label className="filters__item--check">
                      <input
                        type="checkbox"
                        className="checkbox"
                        checked={schedule.recipients.includes(choice.id)}
                        onChange={(event) => onChange({ recipients: toggled(schedule.recipients, choice.id, event.target.checked) }, 'schedule.recipients')}
                      />
                      {choice.label}
                    </label>
                  </li>
                ))}
              </ul>
              <p className="field__hint">Each person gets a run of their own, with their own access: a team’s members each get theirs.</p>
              <Problem lookup={lookup} path="schedule.recipients" />
            </fieldset>
          </div>
        </>
      ) : null}
    </fieldset>
  );
}
