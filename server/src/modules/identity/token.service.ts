import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { UnauthenticatedError } from '../../graphql/errors.js';

const ALGORITHM = 'HS256';
export const ACCESS_AUDIENCE = 'maestro-api';
export const RESET_AUDIENCE = 'maestro-password-reset';
export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
export const RESET_TOKEN_TTL_S = 60 * 60;
/** Access tokens whose signature a process remembers having checked. */
const VERIFIED_TOKENS_MAX = 10_000;

export interface AccessClaims {
  userId: string;
  /** The user's session version when the token was issued; a bump revokes it. */
  sessionVersion: number;
  jti: string;
  expiresAt: Date;
}

export interface ResetClaims {
  userId: string;
  jti: string;
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * Every token of Maestro, with jose. Access and reset tokens are JWTs signed
 * with separate keys, the algorithm pinned, and `iss`, `aud`, `exp`, `sub`
 * and a unique `jti` checked; refresh tokens are random strings stored hashed.
 */
export class TokenService {
  /** Tokens verified before, with their claims: a signature is checked once per process, not per request. */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly secrets: { jwt: string; reset: string },
    private readonly issuer: string,
    private readonly accessTtlS = ACCESS_TOKEN_TTL_S,
  ) {}

  async issueAccess(userId: string, sessionVersion: number): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.accessTtlS * 1000);
    const token = await new SignJWT({ sv: sessionVersion })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(ACCESS_AUDIENCE)
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key(this.secrets.jwt));
    return { token, expiresAt };
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known && known.expiresAt.getTime() > Date.now()) return known;
    this.verified.delete(token);
    const claims = await this.verifyAccessSignature(token);
    this.verified.set(token, claims);
    if (this.verified.size > VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value!);
    return claims;
  }

  private async verifyAccessSignature(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, key(this.secrets.jwt), {
        algorithms: [ALGORITHM],
        issuer: this.issuer,
        audience: ACCESS_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'jti', 'iat'],
      });
      if (typeof payload.sv !== 'number' || typeof payload.sub !== 'string') throw new UnauthenticatedError('Invalid token.');
      return { userId: payload.sub, sessionVersion: payload.sv, jti: payload.jti!, expiresAt: new Date(payload.exp! * 1000) };
    } catch (error) {
      throw toUnauthenticated(error);
    }
  }

  /** A reset link's token for the reset `jti`, valid until `expiresAt`. */
  async issueReset(userId: string, jti: string, expiresAt: Date): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(RESET_AUDIENCE)
      .setSubject(userId)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key(this.secrets.reset));
  }

  async verifyReset(token: string): Promise<ResetClaims> {
    try {
      const { payload } = await jwtVerify(token, key(this.secrets.reset), {
        algorithms: [ALGORITHM],
        issuer: this.issuer,
        audience: RESET_AUDIENCE,
        requiredClaims: ['sub', 'exp', 'jti'],
      });
      return { userId: payload.sub!, jti: payload.jti! };
    } catch {
      throw new UnauthenticatedError('This reset link is invalid or has expired. Ask for a new one.');
    }
  }

  /** A new refresh token: `<family>.<secret>`; only its hash is stored. */
  newRefreshToken(family: string = randomUUID()): { token: string; family: string; hash: string } {
    const token = `${family}.${randomBytes(32).toString('base64url')}`;
    return { token, family, hash: hashToken(token) };
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toUnauthenticated(error: unknown): UnauthenticatedError {
  if (error instanceof UnauthenticatedError) return error;
  if (error instanceof joseErrors.JWTExpired) return new UnauthenticatedError('Your session has expired. Sign in again.');
  return new UnauthenticatedError('Invalid token.');
}
