import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ReportDocument, UpdateReportDocument, type ReportDetailFragment, type ReportInput } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { roleAtLeast } from '../../access/roles.ts';
import { REPORTS_PATH, reportPath } from '../report-paths.ts';
import { ReportBuilder } from './report-builder.tsx';

/** One edit page per report: moving to another starts afresh. */
export function EditReportRoute() {
  const { id = '' } = useParams();
  return <EditReportPage key={id} id={id} />;
}

function EditReportPage({ id }: { id: string }) {
  // The form starts from the report as the API has it now, not as a list cached it.
  const [{ data, fetching, error }] = useQuery({ query: ReportDocument, variables: { id }, requestPolicy: 'network-only' });
  const report = data?.report ?? null;
  usePageTitle(report ? `Edit ${report.name}` : 'Edit report');
  if (!report || !roleAtLeast(report.myRole, 'WRITE') || !report.active) {
    return (
      <section className="page" aria-labelledby="edit-report-title" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            <Link to={REPORTS_PATH}>Reports</Link>
            {report ? (
              <>
                {' / '}
                <Link to={reportPath(report.id)}>{report.name}</Link>
              </>
            ) : null}
          </p>
          <h1 id="edit-report-title" className="page__title">
            {fetching && !report ? 'Loading report…' : report ? 'You cannot change this report' : 'Report not found'}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {report && !report.active ? <p>It is deleted.</p> : null}
        {report && report.active ? <p>Changing it needs the Write role; you can run it.</p> : null}
        {!report && !fetching && !error ? <p>It does not exist, or you have no role on it.</p> : null}
      </section>
    );
  }
  return <EditReportForm report={report} />;
}

function EditReportForm({ report }: { report: ReportDetailFragment }) {
  const navigate = useNavigate();
  const [result, update] = useMutation(UpdateReportDocument);

  async function onSubmit(input: ReportInput) {
    const answer = await update({ id: report.id, input });
    if (answer.data) navigate(reportPath(report.id));
  }

  return (
    <section className="page page--wide" aria-labelledby="edit-report-title">
      <header className="page__header">
        <p className="breadcrumbs">
          <Link to={REPORTS_PATH}>Reports</Link> / <Link to={reportPath(report.id)}>{report.name}</Link>
        </p>
        <h1 id="edit-report-title" className="page__title">
          Edit {report.name}
        </h1>
        <p className="page__subtitle">Runs made before keep the definition they ran; the next runs use this one.</p>
      </header>
      <section className="panel" aria-label="Report definition">
        <ReportBuilder
          mode={{ kind: 'edit', report }}
          onSubmit={(input) => void onSubmit(input)}
          error={result.error}
          busy={result.fetching}
          submitLabel="Save changes"
          busyLabel="Saving…"
          onCancel={() => navigate(reportPath(report.id))}
          labelledBy="edit-report-title"
        />
      </section>
    </section>
  );
}
