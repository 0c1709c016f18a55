import type { SessionTokensFragment, SessionUserFragment } from '../../gql/graphql.ts';

/** Where the session lives in localStorage; other tabs see changes through `storage` events. */
export const SESSION_KEYS = {
  accessToken: 'maestro.accessToken',
  refreshToken: 'maestro.refreshToken',
  expiresAt: 'maestro.accessTokenExpiresAt',
  user: 'maestro.user',
  workspace: 'maestro.workspace',
} as const;

export type SessionUser = SessionUserFragment;

export type SessionEnd = 'expiry' | 'logout';

export interface SessionState {
  accessToken: string | null;
  refreshToken: string | null;
  /** When the access token stops working (epoch ms); null when unknown. */
  expiresAt: number | null;
  user: SessionUser | null;
  /** The team the user acts in (its global id), or null for their personal workspace. */
  workspace: string | null;
  /**
   * How the last session ended, until the next sign-in: `expiry` when the API
   * refused to renew it, `logout` when the user signed out. Kept in memory only.
   */
  endedBy: SessionEnd | null;
}

/** The part of the Web Storage API the store uses (localStorage in the browser). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

type Listener = () => void;

function read(storage: KeyValueStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: KeyValueStorage | null, key: string, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // Storage can be unavailable (private mode, quota): the session lasts for this page only.
  }
}

function parseUser(raw: string | null): SessionUser | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { id, name, email } = value as Record<string, unknown>;
    if (typeof id !== 'string' || typeof name !== 'string') return null;
    return { id, name, email: typeof email === 'string' ? email : null };
  } catch {
    return null;
  }
}

function parseTime(raw: string | null): number | null {
  if (!raw) return null;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? null : time;
}

/** A session is usable while it holds a refresh token: the access token can always be renewed from it. */
export function isSignedIn(state: SessionState): boolean {
  return state.refreshToken !== null;
}

/** Whether the access token is missing or expires within `marginMs`. */
export function needsRefresh(state: SessionState, now: number, marginMs: number): boolean {
  if (!isSignedIn(state)) return false;
  if (!state.accessToken || state.expiresAt === null) return true;
  return state.expiresAt - now <= marginMs;
}

/**
 * Who is signed in, with which tokens, acting in which workspace: kept in
 * localStorage so that it survives reloads and is shared by every tab, and
 * readable by React through `subscribe`/`getSnapshot`.
 */
export class SessionStore {
  private state: SessionState;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly storage: KeyValueStorage | null) {
    this.state = this.load(null);
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): SessionState => this.state;

  /** Reads storage again, e.g. after another tab changed it. */
  reload(): void {
    this.set(this.load(this.state.endedBy));
  }

  /** Starts (or renews) a session from an AuthPayload: login, sign-up, refresh, password change. */
  signIn(payload: SessionTokensFragment): void {
    const sameUser = this.state.user?.id === payload.user.id;
    write(this.storage, SESSION_KEYS.accessToken, payload.accessToken);
    write(this.storage, SESSION_KEYS.refreshToken, payload.refreshToken);
    write(this.storage, SESSION_KEYS.expiresAt, payload.accessTokenExpiresAt);
    write(this.storage, SESSION_KEYS.user, JSON.stringify(payload.user));
    // Another person signing in on this browser starts in their personal workspace.
    if (!sameUser) write(this.storage, SESSION_KEYS.workspace, null);
    this.set({
      accessToken: payload.accessToken,
      refreshToken: payload.refreshToken,
      expiresAt: parseTime(payload.accessTokenExpiresAt),
      user: payload.user,
      workspace: sameUser ? this.state.workspace : null,
      endedBy: null,
    });
  }

  /** Keeps the shown name and e-mail current (profile changes, `me`). */
  setUser(user: SessionUser): void {
    const current = this.state.user;
    if (current && current.id === user.id && current.name === user.name && current.email === user.email) return;
    write(this.storage, SESSION_KEYS.user, JSON.stringify(user));
    this.set({ ...this.state, user });
  }

  setWorkspace(workspace: string | null): void {
    if (workspace === this.state.workspace) return;
    write(this.storage, SESSION_KEYS.workspace, workspace);
    this.set({ ...this.state, workspace });
  }

  /**
   * Forgets the session; `endedBy` tells the sign-in page why.
   */
  clear(endedBy: SessionEnd | null = null): void {
    for (const key of Object.values(SESSION_KEYS)) write(this.storage, key, null);
    this.set({ accessToken: null, refreshToken: null, expiresAt: null, user: null, workspace: null, endedBy });
  }

  private load(endedBy: SessionEnd | null): SessionState {
    const refreshToken = read(this.storage, SESSION_KEYS.refreshToken);
    return {
      accessToken: read(this.storage, SESSION_KEYS.accessToken),
      refreshToken,
      expiresAt: parseTime(read(this.storage, SESSION_KEYS.expiresAt)),
      user: parseUser(read(this.storage, SESSION_KEYS.user)),
      workspace: read(this.storage, SESSION_KEYS.workspace),
      endedBy: refreshToken ? null : endedBy,
    };
  }

  private set(next: SessionState): void {
    const prev = this.state;
    if (
      prev.accessToken === next.accessToken &&
      prev.refreshToken === next.refreshToken &&
      prev.expiresAt === next.expiresAt &&
      prev.user?.id === next.user?.id &&
      prev.user?.name === next.user?.name &&
      prev.user?.email === next.user?.email &&
      prev.workspace === next.workspace &&
      prev.endedBy === next.endedBy
    ) {
      return;
    }
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

/** The store of this page, on localStorage, following changes made in other tabs. */
export function createBrowserSessionStore(): SessionStore {
  let storage: KeyValueStorage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  const store = new SessionStore(storage);
  // Another tab writes several keys in a row: read them once they have all landed.
  let pending: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('storage', (event) => {
    if (event.key !== null && !(Object.values(SESSION_KEYS) as string[]).includes(event.key)) return;
    clearTimeout(pending);
    pending = setTimeout(() => store.reload(), 50);
  });
  return store;
}
