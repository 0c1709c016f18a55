import { describe, expect, it } from 'vitest';
import { SESSION_KEYS, SessionStore, isSignedIn, needsRefresh, type KeyValueStorage } from './session-store.ts';
import { SessionRefresher, type RefreshAnswer } from './session-refresher.ts';
import { loginPathFor, safeNextPath } from './next-path.ts';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const ALICE = { id: 'VXNlcjox', name: 'Alice', email: 'alice@example.com' };

function tokens(suffix: string, expiresAt = '2030-01-01T00:00:00.000Z') {
  return { accessToken: `access-${suffix}`, refreshToken: `refresh-${suffix}`, accessTokenExpiresAt: expiresAt, user: ALICE };
}

describe('session store', () => {
  it('keeps the session in storage and reads it back', () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    expect(isSignedIn(store.getSnapshot())).toBe(false);
    store.signIn(tokens('1'));
    expect(storage.data.get(SESSION_KEYS.accessToken)).toBe('access-1');
    const again = new SessionStore(storage).getSnapshot();
    expect(again).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', user: ALICE, endedBy: null });
    expect(again.expiresAt).toBe(Date.parse('2030-01-01T00:00:00.000Z'));
  });

  it('forgets everything on clear, and remembers whether the session ended by itself', () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    store.signIn(tokens('1'));
    store.setWorkspace('VGVhbTox');
    store.clear('expiry');
    expect(storage.data.size).toBe(0);
    expect(store.getSnapshot()).toMatchObject({ refreshToken: null, workspace: null, endedBy: 'expiry' });
  });

  it('starts another user in their personal workspace', () => {
    const store = new SessionStore(memoryStorage());
    store.signIn(tokens('1'));
    store.setWorkspace('VGVhbTox');
    store.signIn(tokens('2'));
    expect(store.getSnapshot().workspace).toBe('VGVhbTox');
    store.signIn({ ...tokens('3'), user: { id: 'VXNlcjoy', name: 'Bob', email: null } });
    expect(store.getSnapshot().workspace).toBeNull();
  });

  it('needs a refresh when the access token is missing, unknown or about to expire', () => {
    const base = { accessToken: 'a', refreshToken: 'r', expiresAt: 100_000, user: null, workspace: null, endedBy: null };
    expect(needsRefresh(base, 0, 30_000)).toBe(false);
    expect(needsRefresh(base, 80_000, 30_000)).toBe(true);
    expect(needsRefresh({ ...base, expiresAt: null }, 0, 30_000)).toBe(true);
    expect(needsRefresh({ ...base, accessToken: null }, 0, 30_000)).toBe(true);
    expect(needsRefresh({ ...base, refreshToken: null }, 0, 30_000)).toBe(false);
  });
});

describe('session refresher', () => {
  it('spends the refresh token once for concurrent callers', async () => {
    const store = new SessionStore(memoryStorage());
    store.signIn(tokens('1'));
    const spent: string[] = [];
    const refresher = new SessionRefresher(store, async (token): Promise<RefreshAnswer> => {
      spent.push(token);
      return { kind: 'tokens', tokens: tokens('2') };
    }, null);
    const outcomes = await Promise.all([refresher.refresh(), refresher.refresh(), refresher.refresh()]);
    expect(outcomes).toEqual(['refreshed', 'refreshed', 'refreshed']);
    expect(spent).toEqual(['refresh-1']);
    expect(store.getSnapshot().accessToken).toBe('access-2');
  });

  it('uses the pair another tab already renewed instead of spending the old token again', async () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    store.signIn(tokens('1'));
    // Another tab renews the pair while this one waits for the lock.
    const otherTab = new SessionStore(storage);
    const locks = {
      async request<T>(_name: string, callback: () => Promise<T>): Promise<T> {
        otherTab.signIn(tokens('2'));
        return callback();
      },
    };
    const spent: string[] = [];
    const refresher = new SessionRefresher(store, async (token) => {
      spent.push(token);
      return { kind: 'refused' };
    }, locks, () => 0);
    await expect(refresher.refresh()).resolves.toBe('refreshed');
    expect(spent).toEqual([]);
    expect(store.getSnapshot().refreshToken).toBe('refresh-2');
  });

  it('clears the session when the API refuses the refresh token, and keeps it when the API is away', async () => {
    const store = new SessionStore(memoryStorage());
    store.signIn(tokens('1'));
    const away = new SessionRefresher(store, async () => ({ kind: 'unavailable' }), null);
    await expect(away.refresh()).resolves.toBe('unavailable');
    expect(isSignedIn(store.getSnapshot())).toBe(true);
    const refusing = new SessionRefresher(store, async () => ({ kind: 'refused' }), null);
    await expect(refusing.refresh()).resolves.toBe('ended');
    expect(store.getSnapshot()).toMatchObject({ refreshToken: null, endedBy: 'expiry' });
    await expect(refusing.refresh()).resolves.toBe('signed-out');
  });
});

describe('next path after sign-in', () => {
  it('accepts paths on this site only', () => {
    expect(safeNextPath('/datacenters/abc?x=1')).toBe('/datacenters/abc?x=1');
    expect(safeNextPath(null)).toBe('/datacenters');
    expect(safeNextPath('https://evil.example/')).toBe('/datacenters');
    expect(safeNextPath('//evil.example/')).toBe('/datacenters');
    expect(safeNextPath('/\\evil.example/')).toBe('/datacenters');
    expect(safeNextPath('/login?next=/x')).toBe('/datacenters');
    expect(loginPathFor('/teams/1?tab=a')).toBe('/login?next=%2Fteams%2F1%3Ftab%3Da');
  });
});
