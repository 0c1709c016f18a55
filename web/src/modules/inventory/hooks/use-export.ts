import { useCallback, useState } from 'react';
import { authorizedFetch } from '../../../app/session/authorized-fetch.ts';
import { useSessionServices } from '../../../app/session/session-context.ts';
import type { TransferFormat } from '../../../gql/graphql.ts';
import { readJsonBody, saveFile } from '../../../shared/save-file.ts';
import type { InventoryTypeDef } from '../inventory-model.ts';
import type { ListState } from '../list-query.ts';
import { exportErrorMessage, exportFileName, exportUrl } from '../transfer.ts';

const UNREACHABLE = 'The export failed: Maestro could not be reached. Check your connection and try again.';
const CUT_OFF = 'The export stopped before the end of the list. Try again.';

export interface ExportRun {
  /** The format being downloaded, or null. */
  busy: TransferFormat | null;
  error: string | null;
  start(format: TransferFormat, state: ListState): void;
  dismissError(): void;
}

/**
 * Downloads a type's whole list, filtered and sorted as `state` says, with
 * the session's token, and saves it as `servers.csv` (or as the API names it).
 */
export function useExport(def: InventoryTypeDef): ExportRun {
  const session = useSessionServices();
  const [busy, setBusy] = useState<TransferFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = useCallback(
    (format: TransferFormat, state: ListState) => {
      setBusy(format);
      setError(null);
      void (async () => {
        try {
          let response: Response;
          try {
            response = await authorizedFetch(session, exportUrl(def, state, format));
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
          saveFile(blob, exportFileName(def, format, response.headers.get('content-disposition')));
        } finally {
          setBusy(null);
        }
      })();
    },
    [def, session],
  );
  const dismissError = useCallback(() => setError(null), []);
  return { busy, error, start, dismissError };
}
