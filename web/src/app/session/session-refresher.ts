import type { SessionTokensFragment } from '../../gql/graphql.ts';
import { isSignedIn, needsRefresh, type SessionStore } from './session-store.ts';

/**
 * - `refreshed`: the store holds a fresh access token;
 * - `ended`: the API refused the refresh token, so the session was cleared;
 * - `signed-out`: there was no session to refresh;
 * - `unavailable`: the API could not be asked (network, server error); the session is kept.
 */
export type RefreshOutcome = 'refreshed' | 'ended' | 'signed-out' | 'unavailable';

/** What spending a refresh token gave. */
export type RefreshAnswer = { kind: 'tokens'; tokens: SessionTokensFragment } | { kind: 'refused' } | { kind: 'unavailable' };

export type RefreshRequest = (refreshToken: string) => Promise<RefreshAnswer>;

/** The part of the Web Locks API used here (navigator.locks; absent outside secure contexts). */
export interface ExclusiveLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const LOCK_NAME = 'maestro.session-refresh';

/** An access token this close to its expiry is renewed before use. */
export const REFRESH_MARGIN_MS = 30_000;

/**
 * Renews the access token with the refresh token, once at a time: calls made
 * while one refresh runs share it, and tabs take turns through a Web Lock.
 * Refresh tokens are single use and spending one twice ends the login, so a
 * tab that gets the lock first re-reads storage and skips the call when
 * another tab has already renewed the pair.
 */
export class SessionRefresher {
  private inflight: Promise<RefreshOutcome> | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly request: RefreshRequest,
    private readonly locks: ExclusiveLocks | null,
    private readonly now: () => number = Date.now,
  ) {}

  refresh(): Promise<RefreshOutcome> {
    this.inflight ??= this.run().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Refreshes only when the access token is missing or about to expire. */
  async ensureFresh(marginMs = REFRESH_MARGIN_MS): Promise<RefreshOutcome | 'fresh'> {
    if (!needsRefresh(this.store.getSnapshot(), this.now(), marginMs)) return 'fresh';
    return this.refresh();
  }

  private async run(): Promise<RefreshOutcome> {
    const startedWith = this.store.getSnapshot().refreshToken;
    if (!startedWith) return 'signed-out';
    const spend = () => this.spend(startedWith);
    return this.locks ? this.locks.request(LOCK_NAME, spend) : spend();
  }

  private async spend(startedWith: string): Promise<RefreshOutcome> {
    this.store.reload();
    const state = this.store.getSnapshot();
    if (!isSignedIn(state) || !state.refreshToken) return 'signed-out';
    // Another tab renewed the pair while this one waited for the lock.
    if (state.refreshToken !== startedWith && !needsRefresh(state, this.now(), REFRESH_MARGIN_MS)) return 'refreshed';
    const answer = await this.request(state.refreshToken);
    switch (answer.kind) {
      case 'tokens':
        this.store.signIn(answer.tokens);
        return 'refreshed';
      case 'refused':
        this.store.clear('expiry');
        return 'ended';
      case 'unavailable':
        return 'unavailable';
    }
  }
}

/** navigator.locks where the browser offers it. */
export function browserLocks(): ExclusiveLocks | null {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return null;
  return {
    async request(name, callback) {
      return await locks.request(name, callback);
    },
  };
}
