import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { CreateScheduleDocument, type ScheduleInput } from '../../../gql/graphql.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { OwnerNote } from '../../inventory/components/owner-note.tsx';
import { SCHEDULES_PATH, schedulePath } from '../schedule-paths.ts';
import { ScheduleForm } from './schedule-form.tsx';

/** A new HTTP schedule: saved, then opened, where it can be run. */
export function NewSchedulePage() {
  usePageTitle('New schedule');
  const navigate = useNavigate();
  const [result, create] = useMutation(CreateScheduleDocument);

  async function onSubmit(input: ScheduleInput) {
    const answer = await create({ input });
    if (answer.data) navigate(schedulePath(answer.data.createSchedule.id));
  }

  return (
    <section className="page" aria-labelledby="new-schedule-title">
      <header className="page__header">
        <p className="breadcrumbs">
          Discovery / <Link to={SCHEDULES_PATH}>Schedules</Link>
        </p>
        <h1 id="new-schedule-title" className="page__title">
          New schedule
        </h1>
        <p className="page__subtitle">An HTTP call Maestro makes on an interval or a cron expression, and what to run after it.</p>
      </header>
      <section className="panel" aria-label="Schedule settings">
        <ScheduleForm
          mode={{ kind: 'create' }}
          onSubmit={(input) => void onSubmit(input)}
          error={result.error}
          busy={result.fetching}
          submitLabel="Create schedule"
          busyLabel="Creating…"
          onCancel={() => navigate(SCHEDULES_PATH)}
          note={<OwnerNote />}
          labelledBy="new-schedule-title"
        />
      </section>
    </section>
  );
}
