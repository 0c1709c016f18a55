/** Where the discovery pages live. */

export const CONNECTIONS_PATH = '/connections';
export const NEW_CONNECTION_PATH = '/connections/new';

export function connectionPath(id: string): string {
  return `${CONNECTIONS_PATH}/${encodeURIComponent(id)}`;
}

export function runPath(connectionId: string, runId: string): string {
  return `${connectionPath(connectionId)}/runs/${encodeURIComponent(runId)}`;
}
