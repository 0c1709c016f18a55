import { useCallback, useState } from 'react';
import { useClient } from 'urql';
import { authorizedFetch } from '../../../app/session/authorized-fetch.ts';
import { useSessionServices } from '../../../app/session/session-context.ts';
import { ReportRunExportDocument, type ExportFormat } from '../../../gql/graphql.ts';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { readJsonBody, saveFile } from '../../../shared/save-file.ts';
import { exportErrorMessage } from '../../inventory/transfer.ts';

const UNREACHABLE = 'The export failed: Maestro could not be reached. Check your connection and try again.';
const CUT_OFF = 'The export stopped before the end. Try again.';

export interface RunExport {
  /** The format being downloaded, or null. */
  busy: ExportFormat | null;
  error: string | null;
  start(format: ExportFormat): void;
  dismissError(): void;
}

/**
 * Downloads a run in a format: asks the API where (`exportUrl`) and under
 * which name (`fileName`), fetches it with the signed-in user's token, and saves
 * it. A refusal (an Ansible inventory of a report without server hostnames)
 * is shown in the API's words.
 */
export function useRunExport(runId: string): RunExport {
  const client = useClient();
  const session = useSessionServices();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = useCallback(
    (format: ExportFormat) => {
      setBusy(format);
      setError(null);
      void (async () => {
        try {
          const answer = await client.query(ReportRunExportDocument, { id: runId, format }, { requestPolicy: 'cache-first' }).toPromise();
          const target = answer.data?.reportRun;
          if (!target) {
            setError(answer.error ? `The export failed: ${readActionError(answer.error) ?? 'the run could not be read.'}` : 'The export failed: this run is gone.');
            return;
          }
          let response: Response;
          try {
            response = await authorizedFetch(session, target.exportUrl);
          } catch {
            setError(UNREACHABLE);
            return;
          }
          if (!response.ok) {
            setError(exportErrorMessage(response.status, await readJsonBody(response)));
            return;
          }
          let blob: Blob;
          try {
            blob = await response.blob();
          } catch {
            setError(CUT_OFF);
            return;
          }
          saveFile(blob, target.fileName);
        } finally {
          setBusy(null);
        }
      })();
    },
    [client, runId, session],
  );
  const dismissError = useCallback(() => setError(null), []);
  return { busy, error, start, dismissError };
}
