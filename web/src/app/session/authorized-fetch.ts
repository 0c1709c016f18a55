import type { SessionRefresher } from './session-refresher.ts';
import { isSignedIn, type SessionStore } from './session-store.ts';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * A plain HTTP request to the API outside GraphQL (an export download), with
 * what the GraphQL link sends: the access token, renewed first when about to
 * expire, and the workspace. A 401 renews the token and asks once more.
 */
export async function authorizedFetch(
  session: { store: SessionStore; refresher: Pick<SessionRefresher, 'ensureFresh' | 'refresh'> },
  url: string,
  init: RequestInit = {},
  send: Fetch = (input, options) => fetch(input, options),
): Promise<Response> {
  const { store, refresher } = session;
  const request = () => {
    const { accessToken, workspace } = store.getSnapshot();
    const headers = new Headers(init.headers);
    if (accessToken) headers.set('authorization', `Bearer ${accessToken}`);
    if (workspace) headers.set('x-maestro-workspace', workspace);
    return send(url, { ...init, headers });
  };
  await refresher.ensureFresh();
  const response = await request();
  if (response.status !== 401 || !isSignedIn(store.getSnapshot())) return response;
  return (await refresher.refresh()) === 'refreshed' ? request() : response;
}
