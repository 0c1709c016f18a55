import { ObjectId } from 'mongodb';
import { ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors.js';
import type { Mailer } from '../../infra/mailer.js';
import type { MailResult, TeamInvitationMailPayload } from '../../jobs/contract.js';
import type { MailOutbox } from '../../jobs/mail-outbox.js';
import { roleAtLeast, type Role } from '../access/access.model.js';
import type { Scope } from '../access/scope.js';
import type { IdentityRepository } from '../identity/identity.repository.js';
import { checkEmail, normalizeEmail, rejectIf } from '../identity/identity.service.js';
import type { InvitationDoc, InvitationRepository } from './invitation.repository.js';
import type { TeamDoc, TeamRepository } from './team.repository.js';
import type { TeamService } from './team.service.js';

/** How long an invitation stays open. */
export const INVITATION_TTL_MS = 14 * 24 * 3600 * 1000;

/** Tells a user, live, that they were invited. */
export type InvitationNotifier = (input: { userId: string; team: TeamDoc; role: Role }) => void;

/**
 * Invitations to teams, by e-mail address. Inviting creates (or refreshes)
 * an invitation and e-mails it through the worker; the answer is the same
 * whether an account has the address or not, and the inviter sees only the
 * address they typed. The person with that address sees the invitation once
 * signed in, and accepts (becoming a member with the invited role) or
 * declines it; a team admin sees pending invitations and may cancel them.
 */
export class InvitationService {
  constructor(
    private readonly repo: InvitationRepository,
    private readonly teams: TeamService,
    private readonly teamDirectory: TeamRepository,
    private readonly users: IdentityRepository,
    private readonly outbox: MailOutbox,
    /** Sends e-mail: used by the worker's mail jobs only. */
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
    private readonly notify: InvitationNotifier = () => undefined,
  ) {}

  /** Invites `email` to the team with `role`. Needs team admin; inviting again keeps one invitation. */
  async invite(scope: Scope, teamId: ObjectId, email: string, role: Role): Promise<InvitationDoc> {
    rejectIf(checkEmail(email, 'input.email'));
    const team = await this.teams.withRole(scope, teamId, 'admin');
    const emailLower = normalizeEmail(email);
    // Members' addresses are known to the admin already: this tells them nothing new.
    if (await this.teams.memberWithEmail(scope, teamId, emailLower)) throw new ConflictError('This person is already a member of the team.');
    const before = await this.repo.findOne(team._id, emailLower);
    const reopened = !before || before.status !== 'pending' || before.expiresAt.getTime() <= Date.now();
    const invitation = await this.repo.open(
      { teamId: team._id, email: email.trim(), emailLower, role, invitedBy: scope.userId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
      reopened,
    );
    if (reopened) {
      const invitationId = invitation._id.toHexString();
      await this.outbox.post('teamInvitationMail', { invitationId }, `${invitationId}-${invitation.sends}`);
      const invitee = await this.users.findUserByEmail(emailLower);
      if (invitee) this.notify({ userId: invitee._id.toHexString(), team, role });
    }
    return invitation;
  }

  /** The team's invitations waiting for an answer: for its admins; others see none. */
  async pendingOfTeam(scope: Scope, team: TeamDoc): Promise<InvitationDoc[]> {
    const role = team.members.find((m) => m.userId === scope.userId)?.role;
    if (!role || !roleAtLeast(role, 'admin')) return [];
    return this.repo.listPendingOfTeam(team._id);
  }

  /** Open invitations addressed to the caller's e-mail address, to teams that still exist. */
  async mine(scope: Scope): Promise<InvitationDoc[]> {
    const emailLower = await this.emailOf(scope);
    const open = await this.repo.listOpenFor(emailLower, new Date());
    const teams = new Set((await this.teamDirectory.findByIds(open.map((i) => i.teamId))).map((t) => t._id.toHexString()));
    return open.filter((i) => teams.has(i.teamId.toHexString()));
  }

  /** Joins the team as the invitation says. Safe to repeat: a crash after joining leaves it to be accepted again. */
  async accept(scope: Scope, id: ObjectId): Promise<TeamDoc> {
    const emailLower = await this.emailOf(scope);
    const invitation = await this.repo.findOpenFor(id, emailLower, new Date());
    if (!invitation) throw notOpen();
    const team = await this.teams.join(invitation.teamId, scope.userId, invitation.role);
    await this.repo.answer(invitation._id, { emailLower }, 'accepted');
    return team;
  }

  async decline(scope: Scope, id: ObjectId): Promise<InvitationDoc> {
    const emailLower = await this.emailOf(scope);
    const invitation = await this.repo.findOpenFor(id, emailLower, new Date());
    const declined = invitation && (await this.repo.answer(invitation._id, { emailLower }, 'declined'));
    if (!declined) throw notOpen();
    return declined;
  }

  /** Withdraws a pending invitation. Needs team admin. */
  async cancel(scope: Scope, id: ObjectId): Promise<InvitationDoc> {
    const invitation = await this.repo.findById(id);
    if (!invitation || !scope.teams.has(invitation.teamId.toHexString())) throw new NotFoundError('No such invitation, or you are not a member of its team.');
    await this.teams.withRole(scope, invitation.teamId, 'admin');
    const cancelled = await this.repo.answer(invitation._id, { teamId: invitation.teamId }, 'cancelled');
    if (!cancelled) throw new ConflictError('This invitation has already been answered or withdrawn.');
    return cancelled;
  }

  /**
   * The mail job of an invitation: e-mails it to its address while it is
   * still open. Run twice, it sends the same e-mail twice at worst.
   */
  async sendInvitation(payload: TeamInvitationMailPayload): Promise<MailResult> {
    const invitation = await this.repo.findById(new ObjectId(payload.invitationId));
    if (!invitation || invitation.status !== 'pending' || invitation.expiresAt.getTime() <= Date.now()) return { sent: false };
    const [team, inviter] = await Promise.all([
      this.teamDirectory.findById(invitation.teamId),
      this.users.findUserById(new ObjectId(invitation.invitedBy)),
    ]);
    if (!team) return { sent: false };
    const who = inviter?.name ?? 'A team admin';
    await this.mailer.send({
      to: invitation.email,
      subject: `${who} invited you to the team ${team.name} on Maestro`,
      text: [
        'Hello,',
        '',
        `${who} invited you to join the team ${team.name} on Maestro, with the role ${invitation.role.toUpperCase()}.`,
        '',
        `To accept or decline, sign in (or create an account with this address, ${invitation.email}) and open:`,
        '',
        `${this.publicUrl}/invitations`,
        '',
        `The invitation expires at ${invitation.expiresAt.toISOString()}. If you do not know ${who}, ignore this e-mail.`,
      ].join('\n'),
    });
    return { sent: true };
  }

  private async emailOf(scope: Scope): Promise<string> {
    const user = await this.users.findUserById(new ObjectId(scope.userId));
    if (!user) throw new ForbiddenError('Your account no longer exists.');
    return user.emailLower;
  }
}

function notOpen(): NotFoundError {
  return new NotFoundError('No such invitation for you, or it is no longer open.');
}
