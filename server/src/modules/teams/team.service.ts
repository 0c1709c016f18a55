import { ObjectId } from 'mongodb';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../../graphql/errors.js';
import { roleAtLeast, type Role } from '../access/access.model.js';
import type { Scope } from '../access/scope.js';
import type { TeamDoc, TeamMember, TeamRepository } from './team.repository.js';

const ATTEMPTS = 3;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) {
    throw new InputError('A team name must be 1 to 100 characters.', [{ path: 'input.name', message: 'must be 1 to 100 characters' }]);
  }
  return trimmed;
}

/** Answers whether a team still holds the only admin grant of some entity. */
export type SoleAdminCheck = (teamId: string) => Promise<number>;

/** Which of `memberIds` has this e-mail address (lower-cased), if any: members see each other's e-mail. */
export type MemberEmailLookup = (memberIds: readonly string[], emailLower: string) => Promise<string | null>;

/** A member named by user id, or by e-mail address (looked up among the team's members only). */
export type MemberRef = { userId: string } | { email: string };

/**
 * Teams and their members. Members hold a role in the team: read, write or
 * admin; team admins manage members, and a team always keeps one admin.
 */
export class TeamService {
  constructor(
    private readonly repo: TeamRepository,
    private readonly soleAdminOf: SoleAdminCheck,
    private readonly memberByEmail: MemberEmailLookup,
    /** Tells every process that these users' teams changed; resolves once they were told. */
    private readonly identityChanged: (userIds: string[]) => Promise<void> = async () => undefined,
  ) {}

  async create(scope: Scope, name: string): Promise<TeamDoc> {
    const now = new Date();
    const team: TeamDoc = {
      _id: new ObjectId(),
      name: checkName(name),
      members: [{ userId: scope.userId, role: 'admin', addedAt: now }],
      memberIds: [scope.userId],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.repo.insert(team);
    await this.identityChanged([scope.userId]);
    return team;
  }

  list(scope: Scope): Promise<TeamDoc[]> {
    return this.repo.listForMember(scope.userId);
  }

  async get(scope: Scope, id: ObjectId): Promise<TeamDoc> {
    const team = await this.repo.findForMember(id, scope.userId);
    if (!team) throw new NotFoundError('No such team, or you are not a member.');
    return team;
  }

  rename(scope: Scope, id: ObjectId, name: string): Promise<TeamDoc> {
    const newName = checkName(name);
    return this.change(() => this.withRole(scope, id, 'admin'), async (team) => ({ name: newName, members: team.members }));
  }

  /** The member with this e-mail address, if any, once the caller is known to be a team admin. */
  async memberWithEmail(scope: Scope, id: ObjectId, emailLower: string): Promise<string | null> {
    const team = await this.withRole(scope, id, 'admin');
    return this.memberByEmail(team.memberIds, emailLower);
  }

  /**
   * Adds the user with `role`, as their accepted invitation says; a user who
   * is a member already keeps their role. Safe to run twice.
   */
  join(id: ObjectId, userId: string, role: Role): Promise<TeamDoc> {
    return this.change(
      async () => {
        const team = await this.repo.findById(id);
        if (!team) throw new NotFoundError('This team no longer exists.');
        return team;
      },
      async (team) =>
        team.members.some((m) => m.userId === userId)
          ? null
          : { name: team.name, members: [...team.members, { userId, role, addedAt: new Date() }] },
    );
  }

  setMemberRole(scope: Scope, id: ObjectId, member: MemberRef, role: Role): Promise<TeamDoc> {
    return this.change(
      () => this.withRole(scope, id, 'admin'),
      async (team) => {
        const userId = await this.resolveMember(team, member);
        const members = team.members.map((m) => (m.userId === userId ? { ...m, role } : m));
        keepAnAdmin(members);
        return { name: team.name, members };
      },
    );
  }

  /** Removes a member: a team admin may remove anyone, any member may leave (by their own user id). */
  removeMember(scope: Scope, id: ObjectId, member: MemberRef): Promise<TeamDoc> {
    const leaving = 'userId' in member && member.userId === scope.userId;
    return this.change(
      () => this.withRole(scope, id, leaving ? 'read' : 'admin'),
      async (team) => {
        const userId = await this.resolveMember(team, member);
        const members = team.members.filter((m) => m.userId !== userId);
        keepAnAdmin(members);
        return { name: team.name, members };
      },
    );
  }

  async delete(scope: Scope, id: ObjectId): Promise<TeamDoc> {
    const team = await this.withRole(scope, id, 'admin');
    const entities = await this.soleAdminOf(team._id.toHexString());
    if (entities > 0) {
      throw new ConflictError(
        `This team is the only admin of ${entities} entit${entities === 1 ? 'y' : 'ies'}: grant admin on ${entities === 1 ? 'it' : 'them'} to someone else first.`,
      );
    }
    if (!(await this.repo.delete(team._id, team.version))) throw new ConflictError('The team changed meanwhile. Try again.');
    await this.identityChanged(team.memberIds);
    return team;
  }

  /** The team, if the caller holds at least `role` in it: NOT_FOUND for others, FORBIDDEN for members with less. */
  async withRole(scope: Scope, id: ObjectId, role: Role): Promise<TeamDoc> {
    const team = await this.get(scope, id);
    requireRole(team, scope.userId, role);
    return team;
  }

  /** Called once the caller's right is checked: an e-mail address is looked up among the members only. */
  private async resolveMember(team: TeamDoc, member: MemberRef): Promise<string> {
    const userId = 'userId' in member ? member.userId : await this.memberByEmail(team.memberIds, member.email.trim().toLowerCase());
    if (!userId || !team.members.some((m) => m.userId === userId)) throw new NotFoundError('This user is not a member of the team.');
    return userId;
  }

  /**
   * Load (with its checks), change, write with the version read; retried
   * when another write came first. `next` answers null when there is nothing to change.
   */
  private async change(
    load: () => Promise<TeamDoc>,
    next: (team: TeamDoc) => Promise<{ name: string; members: TeamMember[] } | null>,
  ): Promise<TeamDoc> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const team = await load();
      const fields = await next(team);
      if (!fields) return team;
      const updated = await this.repo.replaceVersioned(team, fields);
      if (updated) {
        await this.identityChanged([...new Set([...team.memberIds, ...updated.memberIds])]);
        return updated;
      }
    }
    throw new ConflictError('The team is being changed by someone else. Try again.');
  }
}

function requireRole(team: TeamDoc, userId: string, role: Role): void {
  const member = team.members.find((m) => m.userId === userId);
  if (!member || !roleAtLeast(member.role, role)) {
    throw new ForbiddenError(role === 'admin' ? 'Only a team admin can do this.' : 'You are not a member of this team.');
  }
}

function keepAnAdmin(members: TeamMember[]): void {
  if (!members.some((m) => m.role === 'admin')) {
    throw new ConflictError('A team must keep at least one admin: make someone else admin first.');
  }
}
