import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { idOfType } from '../../shared/ids.js';
import { loadPrincipal, toTeam } from '../access/principal.js';
import { RoleEnum, toRole } from '../access/role.enum.js';
import { User } from '../identity/identity.type.js';
import { InviteTeamMemberInput, TeamInvitation, toInvitation } from './invitation.type.js';
import { Team } from './team.type.js';

@Resolver(() => TeamInvitation)
export class InvitationResolver {
  @FieldResolver(() => Team, { nullable: true, description: 'The team; null once it is deleted.' })
  async team(@Root() invitation: TeamInvitation, @Ctx() ctx: GraphQLContext): Promise<Team | null> {
    const team = await ctx.loaders.teams.load(invitation.doc.teamId.toHexString());
    return team ? toTeam(team) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The team admin who invited (their name).' })
  async invitedBy(@Root() invitation: TeamInvitation, @Ctx() ctx: GraphQLContext): Promise<User | null> {
    return (await loadPrincipal(ctx, 'user', invitation.doc.invitedBy)) as User | null;
  }

  @Query(() => [TeamInvitation], { description: 'Open invitations to teams addressed to your e-mail address.' })
  async myInvitations(@Ctx() ctx: GraphQLContext): Promise<TeamInvitation[]> {
    return (await ctx.services.invitations.mine(await ctx.auth.scope())).map((doc) => toInvitation(doc));
  }

  @Mutation(() => TeamInvitation, {
    description: 'Invites someone to a team by e-mail address; they accept or decline. Needs team ADMIN. Answers the same whether an account has the address or not; inviting again keeps one invitation.',
  })
  async inviteTeamMember(@Arg('input', () => InviteTeamMemberInput) input: InviteTeamMemberInput, @Ctx() ctx: GraphQLContext): Promise<TeamInvitation> {
    const scope = await ctx.auth.scope();
    const teamId = idOfType(input.teamId, 'Team', 'input.teamId');
    return toInvitation(await ctx.services.invitations.invite(scope, teamId, input.email, toRole(input.role ?? RoleEnum.READ)));
  }

  @Mutation(() => Team, { description: 'Accepts an invitation addressed to you: you join the team with the role it names.' })
  async acceptTeamInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Team> {
    return toTeam(await ctx.services.invitations.accept(await ctx.auth.scope(), idOfType(id, 'TeamInvitation')));
  }

  @Mutation(() => TeamInvitation, { description: 'Declines an invitation addressed to you.' })
  async declineTeamInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<TeamInvitation> {
    return toInvitation(await ctx.services.invitations.decline(await ctx.auth.scope(), idOfType(id, 'TeamInvitation')));
  }

  @Mutation(() => TeamInvitation, { description: 'Withdraws a pending invitation. Needs team ADMIN.' })
  async cancelTeamInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<TeamInvitation> {
    return toInvitation(await ctx.services.invitations.cancel(await ctx.auth.scope(), idOfType(id, 'TeamInvitation')));
  }
}
