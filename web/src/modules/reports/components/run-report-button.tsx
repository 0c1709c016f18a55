import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { RunReportDocument } from '../../../gql/graphql.ts';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { reportRunPath } from '../report-paths.ts';

export interface RunReportButtonProps {
  reportId: string;
  reportName: string;
  className?: string;
  testId?: string;
  /** Where a refusal (the rate limit, a deleted report) is shown. */
  onError(message: string | null): void;
}

/** Runs a report for the reader, then opens the run's page, where it is followed live. */
export function RunReportButton({ reportId, reportName, className = 'button', testId, onError }: RunReportButtonProps) {
  const navigate = useNavigate();
  const [result, run] = useMutation(RunReportDocument);

  async function onClick() {
    onError(null);
    const answer = await run({ id: reportId });
    if (answer.data) navigate(reportRunPath(answer.data.runReport.id));
    else onError(readActionError(answer.error));
  }

  return (
    <button type="button" className={className} onClick={() => void onClick()} disabled={result.fetching} aria-label={`Run ${reportName}`} data-testid={testId}>
      {result.fetching ? 'Starting…' : 'Run'}
    </button>
  );
}
