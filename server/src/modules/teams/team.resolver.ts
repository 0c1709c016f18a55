import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { InputError, NotFoundError } from '../../graphql/errors.js';
import { idOfType } from '../../shared/ids.js';
import { loadPrincipal, toTeam } from '../access/principal.js';
import { RoleEnum, toRole, toRoleEnum } from '../access/role.enum.js';
import { User } from '../identity/identity.type.js';
import { TeamInvitation, toInvitation } from './invitation.type.js';
import type { MemberRef } from './team.service.js';
import { CreateTeamInput, Team, TeamMember, TeamMemberInput } from './team.type.js';

@Resolver(() => TeamMember)
export class TeamMemberResolver {
  @FieldResolver(() => User, { nullable: true })
  async user(@Root() member: TeamMember, @Ctx() ctx: GraphQLContext): Promise<User | null> {
    // Members are listed only to members of the same team: they see each other's e-mail.
    return (await loadPrincipal(ctx, 'user', member.userId, true)) as User | null;
  }
}

@Resolver(() => Team)
export class TeamResolver {
  @FieldResolver(() => [TeamMember], { description: 'Visible to members of the team.' })
  async members(@Root() team: Team, @Ctx() ctx: GraphQLContext): Promise<TeamMember[]> {
    // Read from the team as loaded or just written (a member who just joined sees the others).
    const scope = await ctx.auth.scope();
    if (!team.doc.memberIds.includes(scope.userId)) return [];
    return team.doc.members.map((m) => Object.assign(new TeamMember(), { userId: m.userId, role: toRoleEnum(m.role), addedAt: m.addedAt }));
  }

  @FieldResolver(() => [TeamInvitation], { description: 'Invitations waiting for an answer (and those that lapsed unanswered). Shown to team admins; empty for others.' })
  async invitations(@Root() team: Team, @Ctx() ctx: GraphQLContext): Promise<TeamInvitation[]> {
    return (await ctx.services.invitations.pendingOfTeam(await ctx.auth.scope(), team.doc)).map((doc) => toInvitation(doc));
  }

  @FieldResolver(() => RoleEnum, { nullable: true, description: 'Your role in this team; null if you are not a member.' })
  async myRole(@Root() team: Team, @Ctx() ctx: GraphQLContext): Promise<RoleEnum | null> {
    const scope = await ctx.auth.scope();
    const role = team.doc.members.find((m) => m.userId === scope.userId)?.role;
    return role ? toRoleEnum(role) : null;
  }

  @Query(() => [Team], { description: 'The teams you belong to.' })
  async teams(@Ctx() ctx: GraphQLContext): Promise<Team[]> {
    return (await ctx.services.teams.list(await ctx.auth.scope())).map(toTeam);
  }

  @Query(() => Team, { nullable: true })
  async team(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Team | null> {
    const scope = await ctx.auth.scope();
    try {
      return toTeam(await ctx.services.teams.get(scope, idOfType(id, 'Team')));
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  @Mutation(() => Team)
  async createTeam(@Arg('input', () => CreateTeamInput) input: CreateTeamInput, @Ctx() ctx: GraphQLContext): Promise<Team> {
    return toTeam(await ctx.services.teams.create(await ctx.auth.scope(), input.name));
  }

  @Mutation(() => Team)
  async renameTeam(@Arg('id', () => ID) id: string, @Arg('name', () => String) name: string, @Ctx() ctx: GraphQLContext): Promise<Team> {
    return toTeam(await ctx.services.teams.rename(await ctx.auth.scope(), idOfType(id, 'Team'), name));
  }

  @Mutation(() => Team, { description: 'Refused while the team is the only admin of some entity.' })
  async deleteTeam(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Team> {
    return toTeam(await ctx.services.teams.delete(await ctx.auth.scope(), idOfType(id, 'Team')));
  }

  @Mutation(() => Team)
  async setTeamMemberRole(@Arg('input', () => TeamMemberInput) input: TeamMemberInput, @Ctx() ctx: GraphQLContext): Promise<Team> {
    const scope = await ctx.auth.scope();
    if (!input.role) throw new InputError('input.role is required.', [{ path: 'input.role', message: 'is required' }]);
    return toTeam(await ctx.services.teams.setMemberRole(scope, idOfType(input.teamId, 'Team', 'input.teamId'), memberRef(input), toRole(input.role)));
  }

  @Mutation(() => Team, { description: 'Team admins remove members; any member may remove themselves (leave), by their own userId.' })
  async removeTeamMember(@Arg('input', () => TeamMemberInput) input: TeamMemberInput, @Ctx() ctx: GraphQLContext): Promise<Team> {
    const scope = await ctx.auth.scope();
    return toTeam(await ctx.services.teams.removeMember(scope, idOfType(input.teamId, 'Team', 'input.teamId'), memberRef(input)));
  }
}

/** The member an input names. An e-mail address is looked up among the team's members, once the caller's right is checked. */
function memberRef(input: TeamMemberInput): MemberRef {
  if (Boolean(input.email) === Boolean(input.userId)) {
    throw new InputError('Give either email or userId.', [{ path: 'input.email', message: 'give either email or userId' }]);
  }
  return input.userId ? { userId: idOfType(input.userId, 'User', 'input.userId').toHexString() } : { email: input.email! };
}
