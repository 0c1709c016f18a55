import type { Collection, Db, ObjectId } from 'mongodb';
import type { Role } from '../access/access.model.js';

export interface TeamMember {
  userId: string;
  role: Role;
  addedAt: Date;
}

export interface TeamDoc {
  _id: ObjectId;
  name: string;
  members: TeamMember[];
  /** Hex ids of the members: the indexed field membership lookups use. */
  memberIds: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Teams and their members: one query per method. */
export class TeamRepository {
  readonly collection: Collection<TeamDoc>;

  constructor(db: Db) {
    this.collection = db.collection<TeamDoc>('teams');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ memberIds: 1 }, { name: 'by_member' });
  }

  async insert(team: TeamDoc): Promise<void> {
    await this.collection.insertOne(team);
  }

  /** The teams of a user with the user's role in each: read on every authenticated request. */
  async membershipsOf(userId: string): Promise<Map<string, Role>> {
    const teams = await this.collection
      .find({ memberIds: userId }, { projection: { members: 1 } })
      .toArray();
    const roles = new Map<string, Role>();
    for (const team of teams) {
      const member = team.members.find((m) => m.userId === userId);
      if (member) roles.set(team._id.toHexString(), member.role);
    }
    return roles;
  }

  /** A team the user belongs to. */
  findForMember(id: ObjectId, userId: string): Promise<TeamDoc | null> {
    return this.collection.findOne({ _id: id, memberIds: userId });
  }

  listForMember(userId: string): Promise<TeamDoc[]> {
    return this.collection.find({ memberIds: userId }, { sort: { name: 1 } }).toArray();
  }

  findById(id: ObjectId): Promise<TeamDoc | null> {
    return this.collection.findOne({ _id: id });
  }

  findByIds(ids: readonly ObjectId[]): Promise<TeamDoc[]> {
    return this.collection.find({ _id: { $in: [...ids] } }).toArray();
  }

  /** Replaces name and members if the team is still at `version`; null when it changed meanwhile. */
  replaceVersioned(team: TeamDoc, fields: { name: string; members: TeamMember[] }): Promise<TeamDoc | null> {
    return this.collection.findOneAndUpdate(
      { _id: team._id, version: team.version },
      {
        $set: { name: fields.name, members: fields.members, memberIds: fields.members.map((m) => m.userId), updatedAt: new Date() },
        $inc: { version: 1 },
      },
      { returnDocument: 'after' },
    );
  }

  async delete(id: ObjectId, version: number): Promise<boolean> {
    const result = await this.collection.deleteOne({ _id: id, version });
    return result.deletedCount === 1;
  }
}
