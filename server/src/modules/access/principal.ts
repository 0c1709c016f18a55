import type { GraphQLContext } from '../../graphql/context.js';
import { InputError } from '../../graphql/errors.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { toUser, type User } from '../identity/identity.type.js';
import { Team } from '../teams/team.type.js';
import type { TeamDoc } from '../teams/team.repository.js';
import type { GranteeRef } from './access.service.js';
import type { PrincipalKind } from './access.model.js';

export function toTeam(doc: TeamDoc): Team {
  return Object.assign(new Team(), { id: toGlobalId('Team', doc._id), name: doc.name, createdAt: doc.createdAt, doc });
}

/**
 * The user or team behind a grant, an owner or a membership, through the
 * request's loaders. A user's e-mail shows to themselves, and to team mates
 * when `teamMate` says the viewer shares a team with them.
 */
export async function loadPrincipal(ctx: GraphQLContext, kind: PrincipalKind, id: string, teamMate = false): Promise<User | Team | null> {
  if (kind === 'team') {
    const team = await ctx.loaders.teams.load(id);
    return team ? toTeam(team) : null;
  }
  const user = await ctx.loaders.users.load(id);
  if (!user) return null;
  const me = await ctx.auth.userOrNull();
  return toUser(user, teamMate || (me?._id.equals(user._id) ?? false));
}

/**
 * Reads "a user or a team" from an input: a global id, or a user's e-mail.
 * Looks nothing up: the service does, once the caller's right is checked.
 */
export function granteeFromInput(input: { principalId?: string | null; userEmail?: string | null }): GranteeRef {
  if (Boolean(input.principalId) === Boolean(input.userEmail)) {
    throw new InputError('Give either principalId or userEmail.', [{ path: 'input.principalId', message: 'give either principalId or userEmail' }]);
  }
  if (input.userEmail) return { kind: 'user', email: input.userEmail };
  const { type, id } = fromGlobalId(input.principalId!, 'input.principalId');
  if (type === 'User') return { kind: 'user', id: id.toHexString() };
  if (type === 'Team') return { kind: 'team', id: id.toHexString() };
  throw new InputError('input.principalId must be the id of a user or a team.', [{ path: 'input.principalId', message: 'must be the id of a user or a team' }]);
}
