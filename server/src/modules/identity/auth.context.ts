import { ForbiddenError, UnauthenticatedError } from '../../graphql/errors.js';
import { fromGlobalId } from '../../shared/ids.js';
import { Scope } from '../access/scope.js';
import type { UserProfile } from './identity.repository.js';
import type { Identity, PrincipalCache } from './principal-cache.js';
import type { AccessClaims, TokenService } from './token.service.js';

export interface AuthDeps {
  tokens: TokenService;
  /** Each user's identity, cached by the process and dropped on every change. */
  principals: PrincipalCache;
}

/** `Bearer <token>` → token; anything else → null. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}

/**
 * The caller of one request (or one subscription event), resolved lazily
 * and at most once: the token is verified without I/O; the user, their
 * session version (to honour logout and password changes at once) and their
 * teams come from the process's identity cache when a resolver first needs
 * them, which every change to them empties.
 */
export class Auth {
  private claimsPromise: Promise<AccessClaims> | undefined;
  private identityPromise: Promise<Identity> | undefined;
  private scopePromise: Promise<Scope> | undefined;

  constructor(
    private readonly deps: AuthDeps,
    readonly token: string | null,
    /** Global id of the team workspace the caller acts in, if any. */
    private readonly workspace: string | null = null,
    /** Client address, for rate limits. */
    readonly address = 'unknown',
  ) {}

  get signedIn(): boolean {
    return this.token !== null;
  }

  claims(): Promise<AccessClaims> {
    if (!this.token) return Promise.reject(new UnauthenticatedError());
    this.claimsPromise ??= this.deps.tokens.verifyAccess(this.token);
    return this.claimsPromise;
  }

  /** The signed-in user; UNAUTHENTICATED when the token is missing, invalid, expired or revoked. */
  async user(): Promise<UserProfile> {
    return (await this.identity()).user;
  }

  /** The user, or null when the request carries no valid token. */
  async userOrNull(): Promise<UserProfile | null> {
    try {
      return await this.user();
    } catch (error) {
      if (error instanceof UnauthenticatedError) return null;
      throw error;
    }
  }

  /**
   * Whether the caller, as of now, holds read through one of `readers`. Asks
   * the identity cache afresh, so that a logout, a removal from a team or a
   * revoked grant takes effect on the next event of a long subscription.
   */
  async canReadNow(readers: readonly string[]): Promise<boolean> {
    try {
      const claims = await this.claims();
      if (claims.expiresAt.getTime() <= Date.now()) return false;
      const identity = await this.deps.principals.session(claims.userId, claims.sessionVersion);
      return identity !== null && readers.some((r) => identity.readers.has(r));
    } catch {
      return false;
    }
  }

  /** What the caller may reach: their id, their teams, their workspace. */
  scope(): Promise<Scope> {
    this.scopePromise ??= (async () => {
      const claims = await this.claims();
      const { teams } = await this.identity();
      let workspaceTeamId: string | null = null;
      if (this.workspace) {
        const decoded = fromGlobalId(this.workspace, 'workspace');
        const role = decoded.type === 'Team' ? teams.get(decoded.id.toHexString()) : undefined;
        if (!role) throw new ForbiddenError('You are not a member of that workspace team.');
        workspaceTeamId = decoded.id.toHexString();
      }
      return new Scope(claims.userId, teams, workspaceTeamId);
    })();
    return this.scopePromise;
  }

  private identity(): Promise<Identity> {
    this.identityPromise ??= (async () => {
      const claims = await this.claims();
      const identity = await this.deps.principals.session(claims.userId, claims.sessionVersion);
      if (!identity) throw new UnauthenticatedError('Your session has ended. Sign in again.');
      return identity;
    })();
    return this.identityPromise;
  }
}
