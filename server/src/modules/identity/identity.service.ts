import { randomUUID } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';
import { ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import { ConflictError, InputError, UnauthenticatedError, type FieldProblem } from '../../graphql/errors.js';
import type { Limiter } from '../../infra/rate-limit.js';
import type { Mailer } from '../../infra/mailer.js';
import type { MailResult, PasswordResetMailPayload } from '../../jobs/contract.js';
import type { MailOutbox } from '../../jobs/mail-outbox.js';
import { type IdentityRepository, isDuplicateKey, type UserDoc } from './identity.repository.js';
import { REFRESH_TOKEN_TTL_MS, RESET_TOKEN_TTL_S, type TokenService, hashToken } from './token.service.js';

/** OWASP's argon2id settings: 19 MiB of memory, 2 iterations, 1 lane. */
// `algorithm: 2` is Argon2id (the package's enum is a const enum, which isolated modules cannot read).
const ARGON2: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 256;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const WRONG_CREDENTIALS = 'Wrong e-mail or password.';

export interface AuthResult {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: UserDoc;
}

export interface IdentityLimits {
  /** Failed logins per account. */
  loginPerAccount: Limiter;
  /** Login attempts per client address. */
  loginPerAddress: Limiter;
  /** Reset e-mails per account. */
  resetPerAccount: Limiter;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(email: string, path: string): FieldProblem[] {
  return EMAIL.test(email.trim()) && email.length <= 254 ? [] : [{ path, message: 'must be an e-mail address' }];
}

function checkPassword(password: string, path: string): FieldProblem[] {
  if (password.length < PASSWORD_MIN) return [{ path, message: `must be at least ${PASSWORD_MIN} characters` }];
  if (password.length > PASSWORD_MAX) return [{ path, message: `must be at most ${PASSWORD_MAX} characters` }];
  return [];
}

function checkName(name: string, path: string): FieldProblem[] {
  const trimmed = name.trim();
  return trimmed.length >= 1 && trimmed.length <= 100 ? [] : [{ path, message: 'must be 1 to 100 characters' }];
}

export function rejectIf(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new InputError(`Invalid input: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
}

/**
 * Accounts: sign-up, login, refresh-token rotation, logout, profile,
 * password change and reset by e-mail.
 */
export class IdentityService {
  /** A real hash to verify against when the e-mail is unknown, so both cases take as long. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly repo: IdentityRepository,
    private readonly tokens: TokenService,
    private readonly limits: IdentityLimits,
    /** Sends e-mail: used by the worker's mail jobs only. */
    private readonly mailer: Mailer,
    private readonly outbox: MailOutbox,
    private readonly publicUrl: string,
    private readonly logger: Logger,
    /** Tells every process that these users' sessions or profiles changed; resolves once they were told. */
    private readonly identityChanged: (userIds: string[]) => Promise<void> = async () => undefined,
  ) {}

  async signup(input: { email: string; password: string; name: string }): Promise<AuthResult> {
    rejectIf([
      ...checkEmail(input.email, 'input.email'),
      ...checkPassword(input.password, 'input.password'),
      ...checkName(input.name, 'input.name'),
    ]);
    const now = new Date();
    const user: UserDoc = {
      _id: new ObjectId(),
      email: input.email.trim(),
      emailLower: normalizeEmail(input.email),
      name: input.name.trim(),
      passwordHash: await hash(input.password, ARGON2),
      sessionVersion: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.repo.insertUser(user);
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConflictError('An account with this e-mail already exists.');
      throw error;
    }
    return this.issue(user);
  }

  async login(input: { email: string; password: string }, address: string): Promise<AuthResult> {
    const emailLower = normalizeEmail(input.email);
    await this.limits.loginPerAddress.consume(address);
    await this.limits.loginPerAccount.check(emailLower);
    const user = await this.repo.findUserByEmail(emailLower);
    const ok = user
      ? await verify(user.passwordHash, input.password)
      : (await verify(await this.dummy(), input.password), false);
    if (!user || !ok) {
      await this.limits.loginPerAccount.consume(emailLower);
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    await this.limits.loginPerAccount.reset(emailLower);
    return this.issue(user);
  }

  /** Spends a refresh token for a new pair. A token spent twice revokes its whole family. */
  async refresh(refreshToken: string): Promise<AuthResult> {
    const now = new Date();
    const tokenHash = hashToken(refreshToken);
    const spent = await this.repo.spendRefreshToken(tokenHash, now);
    if (!spent) {
      const known = await this.repo.findRefreshToken(tokenHash);
      if (known && known.usedAt) {
        // Reuse of a spent token: someone holds a copy. End that login everywhere.
        await this.repo.revokeFamily(known.family, now);
        this.logger.warn({ userId: known.userId.toHexString(), family: known.family }, 'refresh token reused: family revoked');
      }
      throw new UnauthenticatedError('Your session has ended. Sign in again.');
    }
    const user = await this.repo.findUserById(spent.userId);
    if (!user) throw new UnauthenticatedError('Your session has ended. Sign in again.');
    return this.issue(user, spent.family);
  }

  async logout(userId: ObjectId): Promise<void> {
    await this.repo.revokeAllOf(userId, new Date());
    await this.repo.bumpSession(userId);
    await this.identityChanged([userId.toHexString()]);
  }

  async user(userId: ObjectId): Promise<UserDoc | null> {
    return this.repo.findUserById(userId);
  }

  async usersByIds(ids: readonly ObjectId[]): Promise<UserDoc[]> {
    return this.repo.findUsersByIds(ids);
  }

  async userByEmail(email: string): Promise<UserDoc | null> {
    return this.repo.findUserByEmail(normalizeEmail(email));
  }

  async updateProfile(userId: ObjectId, input: { name?: string | null; email?: string | null }): Promise<UserDoc> {
    rejectIf([
      ...(input.name != null ? checkName(input.name, 'input.name') : []),
      ...(input.email != null ? checkEmail(input.email, 'input.email') : []),
    ]);
    const fields: { name?: string; email?: string; emailLower?: string } = {};
    if (input.name != null) fields.name = input.name.trim();
    if (input.email != null) {
      fields.email = input.email.trim();
      fields.emailLower = normalizeEmail(input.email);
    }
    try {
      const user = await this.repo.updateProfile(userId, fields);
      if (!user) throw new UnauthenticatedError();
      await this.identityChanged([userId.toHexString()]);
      return user;
    } catch (error) {
      if (isDuplicateKey(error)) throw new ConflictError('An account with this e-mail already exists.');
      throw error;
    }
  }

  /** Changes the password and ends every other session; this one gets fresh tokens. */
  async changePassword(userId: ObjectId, input: { currentPassword: string; newPassword: string }): Promise<AuthResult> {
    rejectIf(checkPassword(input.newPassword, 'input.newPassword'));
    const user = await this.repo.findUserById(userId);
    if (!user) throw new UnauthenticatedError();
    if (!(await verify(user.passwordHash, input.currentPassword))) {
      throw new InputError('The current password is wrong.', [{ path: 'input.currentPassword', message: 'is wrong' }]);
    }
    const updated = await this.repo.setPassword(userId, await hash(input.newPassword, ARGON2));
    await this.repo.revokeAllOf(userId, new Date());
    await this.identityChanged([userId.toHexString()]);
    if (!updated) throw new UnauthenticatedError();
    return this.issue(updated);
  }

  /**
   * Queues a reset e-mail for the worker, which looks the address up: this
   * answers the same, in the same time, whether an account has the address
   * or not, and whether or not the mail server is up.
   */
  async requestPasswordReset(email: string): Promise<void> {
    const emailLower = normalizeEmail(email);
    await this.limits.resetPerAccount.consume(emailLower);
    const requestId = randomUUID();
    await this.outbox.post('passwordResetMail', { requestId, email: emailLower, requestedAt: Date.now() }, requestId);
  }

  /**
   * The mail job of a reset request: e-mails a single-use link if an account
   * has the address and the request is not an hour old. Run twice, it sends
   * the same link (the request's id is the link's).
   */
  async sendPasswordReset(request: PasswordResetMailPayload): Promise<MailResult> {
    const expiresAt = new Date(request.requestedAt + RESET_TOKEN_TTL_S * 1000);
    if (expiresAt.getTime() <= Date.now()) return { sent: false };
    const user = await this.repo.findUserByEmail(request.email);
    if (!user) return { sent: false };
    await this.repo.keepReset({ _id: request.requestId, userId: user._id, createdAt: new Date(request.requestedAt), expiresAt, usedAt: null });
    const token = await this.tokens.issueReset(user._id.toHexString(), request.requestId, expiresAt);
    const link = `${this.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your Maestro password',
      text: [
        `Hello ${user.name},`,
        '',
        'Someone asked to reset the password of your Maestro account. To choose a new one, open:',
        '',
        link,
        '',
        `The link works once and expires at ${expiresAt.toISOString()}. If you did not ask for it, ignore this e-mail.`,
      ].join('\n'),
    });
    return { sent: true };
  }

  async resetPassword(input: { token: string; newPassword: string }): Promise<void> {
    rejectIf(checkPassword(input.newPassword, 'input.newPassword'));
    const claims = await this.tokens.verifyReset(input.token);
    const spent = await this.repo.spendReset(claims.jti, new Date());
    if (!spent || spent.userId.toHexString() !== claims.userId) {
      throw new UnauthenticatedError('This reset link has already been used or has expired. Ask for a new one.');
    }
    await this.repo.setPassword(spent.userId, await hash(input.newPassword, ARGON2));
    await this.repo.revokeAllOf(spent.userId, new Date());
    await this.identityChanged([spent.userId.toHexString()]);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hash('maestro-timing-equaliser', ARGON2);
    return this.dummyHash;
  }

  private async issue(user: UserDoc, family?: string): Promise<AuthResult> {
    const access = await this.tokens.issueAccess(user._id.toHexString(), user.sessionVersion);
    const refresh = this.tokens.newRefreshToken(family);
    const now = new Date();
    await this.repo.insertRefreshToken({
      _id: refresh.hash,
      userId: user._id,
      family: refresh.family,
      createdAt: now,
      expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
      usedAt: null,
      revokedAt: null,
    });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, user };
  }
}
