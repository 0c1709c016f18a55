import { ObjectId, type Collection, type Db } from 'mongodb';
import { retryUpsertRace } from '../../infra/mongo.js';
import type { Role } from '../access/access.model.js';

export const INVITATION_ANSWERS = ['accepted', 'declined', 'cancelled'] as const;
export type InvitationAnswer = (typeof INVITATION_ANSWERS)[number];
export type InvitationState = 'pending' | InvitationAnswer;

/** An invitation to join a team, made for an e-mail address: one per team and address. */
export interface InvitationDoc {
  _id: ObjectId;
  teamId: ObjectId;
  /** The address as the inviter typed it (trimmed): all they see until it is accepted. */
  email: string;
  emailLower: string;
  role: Role;
  /** Hex id of the team admin who (last) invited. */
  invitedBy: string;
  status: InvitationState;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  answeredAt: Date | null;
  /** E-mails sent for it so far: names each mail job, so that one invitation is e-mailed once per opening. */
  sends: number;
}

/** Team invitations: one query per method. */
export class InvitationRepository {
  readonly collection: Collection<InvitationDoc>;

  constructor(db: Db) {
    this.collection = db.collection<InvitationDoc>('team_invitations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ teamId: 1, emailLower: 1 }, { unique: true, name: 'team_address_unique' });
    await this.collection.createIndex({ emailLower: 1, status: 1 }, { name: 'by_address' });
  }

  findOne(teamId: ObjectId, emailLower: string): Promise<InvitationDoc | null> {
    return this.collection.findOne({ teamId, emailLower });
  }

  findById(id: ObjectId): Promise<InvitationDoc | null> {
    return this.collection.findOne({ _id: id });
  }

  /** Opens (or keeps open) the invitation of `emailLower` to the team, with a new role and expiry. */
  async open(
    fields: { teamId: ObjectId; email: string; emailLower: string; role: Role; invitedBy: string; expiresAt: Date },
    sendAgain: boolean,
  ): Promise<InvitationDoc> {
    const now = new Date();
    const { teamId, emailLower, ...rest } = fields;
    const opened = await retryUpsertRace(() =>
      this.collection.findOneAndUpdate(
        { teamId, emailLower },
        {
          $set: { ...rest, status: 'pending', updatedAt: now, answeredAt: null },
          $setOnInsert: { _id: new ObjectId(), createdAt: now },
          $inc: { sends: sendAgain ? 1 : 0 },
        },
        { upsert: true, returnDocument: 'after' },
      ),
    );
    if (!opened) throw new Error('the invitation upsert returned nothing');
    return opened;
  }

  /** A team's invitations that wait for an answer (expired ones too, so that admins see them lapse). */
  listPendingOfTeam(teamId: ObjectId): Promise<InvitationDoc[]> {
    return this.collection.find({ teamId, status: 'pending' }, { sort: { createdAt: 1 } }).toArray();
  }

  /** Open invitations addressed to `emailLower`. */
  listOpenFor(emailLower: string, now: Date): Promise<InvitationDoc[]> {
    return this.collection.find({ emailLower, status: 'pending', expiresAt: { $gt: now } }, { sort: { createdAt: 1 } }).toArray();
  }

  /** The open invitation `id` addressed to `emailLower`, or null. */
  findOpenFor(id: ObjectId, emailLower: string, now: Date): Promise<InvitationDoc | null> {
    return this.collection.findOne({ _id: id, emailLower, status: 'pending', expiresAt: { $gt: now } });
  }

  /** Answers a pending invitation, atomically; null if it was not pending (any more). */
  answer(id: ObjectId, filter: { teamId?: ObjectId; emailLower?: string }, status: InvitationAnswer): Promise<InvitationDoc | null> {
    const now = new Date();
    return this.collection.findOneAndUpdate(
      { _id: id, status: 'pending', ...filter },
      { $set: { status, answeredAt: now, updatedAt: now } },
      { returnDocument: 'after' },
    );
  }
}
