import { describe, expect, it } from 'vitest';
import { authorizedFetch, type Fetch } from './authorized-fetch.ts';
import { SessionStore } from './session-store.ts';

const USER = { id: 'VXNlcjox', name: 'Alice', email: 'alice@example.com' };

function signedIn(access: string): SessionStore {
  const store = new SessionStore(null);
  store.signIn({ accessToken: access, refreshToken: `refresh-${access}`, accessTokenExpiresAt: '2030-01-01T00:00:00.000Z', user: USER });
  return store;
}

/** Answers with each status in turn and records the headers of every request. */
function recorder(statuses: number[]): { send: Fetch; seen: Array<{ url: string; authorization: string | null; workspace: string | null }> } {
  const seen: Array<{ url: string; authorization: string | null; workspace: string | null }> = [];
  const send: Fetch = (url, init) => {
    const headers = new Headers(init?.headers);
    seen.push({ url, authorization: headers.get('authorization'), workspace: headers.get('x-maestro-workspace') });
    return Promise.resolve(new Response('x', { status: statuses[seen.length - 1] ?? 200 }));
  };
  return { send, seen };
}

describe('authorized fetch', () => {
  it('sends the access token and the workspace', async () => {
    const store = signedIn('a1');
    store.setWorkspace('VGVhbTox');
    let checked = 0;
    const refresher = {
      ensureFresh: () => {
        checked += 1;
        return Promise.resolve('fresh' as const);
      },
      refresh: () => Promise.resolve('refreshed' as const),
    };
    const { send, seen } = recorder([200]);
    const response = await authorizedFetch({ store, refresher }, '/export/servers?format=csv', {}, send);
    expect(response.status).toBe(200);
    expect(checked).toBe(1);
    expect(seen).toEqual([{ url: '/export/servers?format=csv', authorization: 'Bearer a1', workspace: 'VGVhbTox' }]);
  });

  it('renews the token after a 401 and asks once more with the new one', async () => {
    const store = signedIn('a1');
    const refresher = {
      ensureFresh: () => Promise.resolve('fresh' as const),
      refresh: () => {
        store.signIn({ accessToken: 'a2', refreshToken: 'refresh-a2', accessTokenExpiresAt: '2030-01-01T00:00:00.000Z', user: USER });
        return Promise.resolve('refreshed' as const);
      },
    };
    const { send, seen } = recorder([401, 200]);
    const response = await authorizedFetch({ store, refresher }, '/export/servers', {}, send);
    expect(response.status).toBe(200);
    expect(seen.map((request) => request.authorization)).toEqual(['Bearer a1', 'Bearer a2']);
  });

  it('gives the 401 back when the session cannot be renewed', async () => {
    const store = signedIn('a1');
    const refresher = { ensureFresh: () => Promise.resolve('fresh' as const), refresh: () => Promise.resolve('ended' as const) };
    const { send, seen } = recorder([401, 200]);
    expect((await authorizedFetch({ store, refresher }, '/export/servers', {}, send)).status).toBe(401);
    expect(seen).toHaveLength(1);
  });
});
