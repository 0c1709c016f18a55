import { MongoServerError, type Collection, type Db, type ObjectId } from 'mongodb';
import { retryUpsertRace } from '../../infra/mongo.js';

export interface UserDoc {
  _id: ObjectId;
  email: string;
  /** Lower-cased e-mail: unique, and what lookups use. */
  emailLower: string;
  name: string;
  passwordHash: string;
  /** Bumped on logout, password change and reset: older access tokens stop working. */
  sessionVersion: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A user without the password hash: what a request may know of its caller. */
export type UserProfile = Omit<UserDoc, 'passwordHash'>;

export interface RefreshTokenDoc {
  /** sha256 of the token. */
  _id: string;
  userId: ObjectId;
  family: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface PasswordResetDoc {
  /** The reset token's jti. */
  _id: string;
  userId: ObjectId;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/** Users, refresh tokens and password resets: one query per method. */
export class IdentityRepository {
  readonly users: Collection<UserDoc>;
  readonly refreshTokens: Collection<RefreshTokenDoc>;
  readonly resets: Collection<PasswordResetDoc>;

  constructor(db: Db) {
    this.users = db.collection<UserDoc>('users');
    this.refreshTokens = db.collection<RefreshTokenDoc>('refresh_tokens');
    this.resets = db.collection<PasswordResetDoc>('password_resets');
  }

  async ensureIndexes(): Promise<void> {
    await this.users.createIndex({ emailLower: 1 }, { unique: true, name: 'email_unique' });
    await this.refreshTokens.createIndex({ userId: 1 }, { name: 'by_user' });
    await this.refreshTokens.createIndex({ family: 1 }, { name: 'by_family' });
    await this.resets.createIndex({ userId: 1 }, { name: 'by_user' });
  }

  async insertUser(user: UserDoc): Promise<void> {
    await this.users.insertOne(user);
  }

  findUserByEmail(emailLower: string): Promise<UserDoc | null> {
    return this.users.findOne({ emailLower });
  }

  findUserById(id: ObjectId): Promise<UserDoc | null> {
    return this.users.findOne({ _id: id });
  }

  /** A user without the password hash, for the identity cache. */
  findProfileById(id: ObjectId): Promise<UserProfile | null> {
    return this.users.findOne<UserProfile>({ _id: id }, { projection: { passwordHash: 0 } });
  }

  findUsersByIds(ids: readonly ObjectId[]): Promise<UserDoc[]> {
    return this.users.find({ _id: { $in: [...ids] } }).toArray();
  }

  updateProfile(id: ObjectId, fields: { name?: string; email?: string; emailLower?: string }): Promise<UserDoc | null> {
    return this.users.findOneAndUpdate(
      { _id: id },
      { $set: { ...fields, updatedAt: new Date() }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    );
  }

  /** Sets a new password hash and ends every session at once. */
  setPassword(id: ObjectId, passwordHash: string): Promise<UserDoc | null> {
    return this.users.findOneAndUpdate(
      { _id: id },
      { $set: { passwordHash, updatedAt: new Date() }, $inc: { version: 1, sessionVersion: 1 } },
      { returnDocument: 'after' },
    );
  }

  bumpSession(id: ObjectId): Promise<UserDoc | null> {
    return this.users.findOneAndUpdate({ _id: id }, { $inc: { sessionVersion: 1 } }, { returnDocument: 'after' });
  }

  async insertRefreshToken(doc: RefreshTokenDoc): Promise<void> {
    await this.refreshTokens.insertOne(doc);
  }

  /** Marks a live refresh token used, atomically; null if it was not live. */
  spendRefreshToken(hash: string, now: Date): Promise<RefreshTokenDoc | null> {
    return this.refreshTokens.findOneAndUpdate(
      { _id: hash, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    );
  }

  findRefreshToken(hash: string): Promise<RefreshTokenDoc | null> {
    return this.refreshTokens.findOne({ _id: hash });
  }

  async revokeFamily(family: string, now: Date): Promise<void> {
    await this.refreshTokens.updateMany({ family, revokedAt: null }, { $set: { revokedAt: now } });
  }

  async revokeAllOf(userId: ObjectId, now: Date): Promise<void> {
    await this.refreshTokens.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: now } });
  }

  /** Stores a reset under its id unless it is there already (a mail job run twice). */
  async keepReset(doc: PasswordResetDoc): Promise<void> {
    const { _id, ...fields } = doc;
    await retryUpsertRace(() => this.resets.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true }));
  }

  /** Uses a reset once, atomically; null if unknown, used or expired. */
  spendReset(jti: string, now: Date): Promise<PasswordResetDoc | null> {
    return this.resets.findOneAndUpdate(
      { _id: jti, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    );
  }
}
