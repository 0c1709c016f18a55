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

/**
 * Teams and their members. Members hold a role in the team: read, write or
 * admin; team admins manage members, and a team always keeps one admin.
 */
export class TeamService {
  constructor(
    private readonly repo: TeamRepository,
    private readonly soleAdminOf: SoleAdminCheck,
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
    return this.change(scope, id, 'admin', (team) => ({ name: newName, members: team.members }));
  }

  addMember(scope: Scope, id: ObjectId, userId: string, role: Role): Promise<TeamDoc> {
    return this.change(scope, id, 'admin', (team) => {
      if (team.members.some((m) => m.userId === userId)) throw new ConflictError('This user is already a member of the team.');
      return { name: team.name, members: [...team.members, { userId, role, addedAt: new Date() }] };
    });
  }

  setMemberRole(scope: Scope, id: ObjectId, userId: string, role: Role): Promise<TeamDoc> {
    return this.change(scope, id, 'admin', (team) => {
      const members = team.members.map((m) => (m.userId === userId ? { ...m, role } : m));
      if (!team.members.some((m) => m.userId === userId)) throw new NotFoundError('This user is not a member of the team.');
      keepAnAdmin(members);
      return { name: team.name, members };
    });
  }

  /** Removes a member: a team admin may remove anyone, any member may leave. */
  removeMember(scope: Scope, id: ObjectId, userId: string): Promise<TeamDoc> {
    const leaving = userId === scope.userId;
    return this.change(scope, id, leaving ? 'read' : 'admin', (team) => {
      if (!team.members.some((m) => m.userId === userId)) throw new NotFoundError('This user is not a member of the team.');
      const members = team.members.filter((m) => m.userId !== userId);
      keepAnAdmin(members);
      return { name: team.name, members };
    });
  }

  async delete(scope: Scope, id: ObjectId): Promise<TeamDoc> {
    const team = await this.get(scope, id);
    requireRole(team, scope.userId, 'admin');
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

  /** Read, check, write with the version read; retried when another write came first. */
  private async change(
    scope: Scope,
    id: ObjectId,
    role: Role,
    next: (team: TeamDoc) => { name: string; members: TeamMember[] },
  ): Promise<TeamDoc> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const team = await this.get(scope, id);
      requireRole(team, scope.userId, role);
      const updated = await this.repo.replaceVersioned(team, next(team));
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
