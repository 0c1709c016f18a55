import { useCallback, useState } from 'react';
import { useClient } from 'urql';
import { authorizedFetch } from '../../../app/session/authorized-fetch.ts';
import { useSessionServices } from '../../../app/session/session-context.ts';
import { GraphBuildExportDocument, type GraphExportFormat } from '../../../gql/graphql.ts';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { readJsonBody, saveFile } from '../../../shared/save-file.ts';
import { exportErrorMessage } from '../../inventory/transfer.ts';

/** A file name from a build's name: "Shop dependencies" → "shop-dependencies.svg". */
export function exportFileName(name: string, format: GraphExportFormat): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'graph';
  return `${base}.${format.toLowerCase()}`;
}

export interface GraphExport {
  busy: GraphExportFormat | null;
  error: string | null;
  start(format: GraphExportFormat): void;
}

/** Downloads a build in a format, fetched with the signed-in user's token. */
export function useGraphExport(buildId: string): GraphExport {
  const client = useClient();
  const session = useSessionServices();
  const [busy, setBusy] = useState<GraphExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = useCallback(
    (format: GraphExportFormat) => {
      setBusy(format);
      setError(null);
      void (async () => {
        try {
          const answer = await client.query(GraphBuildExportDocument, { id: buildId, format }, { requestPolicy: 'cache-first' }).toPromise();
          const target = answer.data?.graphBuild;
          if (!target) {
            setError(`The download failed: ${readActionError(answer.error) ?? 'this build is gone.'}`);
            return;
          }
          const response = await authorizedFetch(session, target.exportUrl).catch(() => null);
          if (!response) {
            setError('The download failed: Maestro could not be reached.');
            return;
          }
          if (!response.ok) {
            setError(exportErrorMessage(response.status, await readJsonBody(response)));
            return;
          }
          saveFile(await response.blob(), exportFileName(target.name, format));
        } finally {
          setBusy(null);
        }
      })();
    },
    [client, buildId, session],
  );
  return { busy, error, start };
}
