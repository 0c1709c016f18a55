import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { CreateReportDocument, type ReportInput } from '../../../gql/graphql.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { OwnerNote } from '../../inventory/components/owner-note.tsx';
import { REPORTS_PATH, reportPath } from '../report-paths.ts';
import { ReportBuilder } from './report-builder.tsx';

/** A new report: saved, then opened, where it can be run. */
export function NewReportPage() {
  usePageTitle('New report');
  const navigate = useNavigate();
  const [result, create] = useMutation(CreateReportDocument);

  async function onSubmit(input: ReportInput) {
    const answer = await create({ input });
    if (answer.data) navigate(reportPath(answer.data.createReport.id));
  }

  return (
    <section className="page page--wide" aria-labelledby="new-report-title">
      <header className="page__header">
        <p className="breadcrumbs">
          <Link to={REPORTS_PATH}>Reports</Link>
        </p>
        <h1 id="new-report-title" className="page__title">
          New report
        </h1>
        <p className="page__subtitle">
          A list of one type of item, or a pivot from clients down to their servers; run in the background with the access of whoever runs it. <OwnerNote />
        </p>
      </header>
      <section className="panel" aria-label="Report definition">
        <ReportBuilder
          mode={{ kind: 'create' }}
          onSubmit={(input) => void onSubmit(input)}
          error={result.error}
          busy={result.fetching}
          submitLabel="Create report"
          busyLabel="Creating…"
          onCancel={() => navigate(REPORTS_PATH)}
          labelledBy="new-report-title"
        />
      </section>
    </section>
  );
}
