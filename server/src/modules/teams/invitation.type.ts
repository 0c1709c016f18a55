import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { toGlobalId } from '../../shared/ids.js';
import { RoleEnum, toRoleEnum } from '../access/role.enum.js';
import type { InvitationDoc } from './invitation.repository.js';

const INVITATION_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED'] as const;
type InvitationStatusValue = (typeof INVITATION_STATUSES)[number];

export const InvitationStatus = graphqlEnum(INVITATION_STATUSES, {
  name: 'InvitationStatus',
  description: 'Where an invitation stands: PENDING until the invitee answers, it is cancelled, or it expires.',
});

@ObjectType({ description: 'An invitation to join a team, made for an e-mail address.' })
export class TeamInvitation {
  /** The stored invitation, for field resolvers. */
  doc!: InvitationDoc;

  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The address as the inviter typed it. Nothing else about the invitee shows until they accept.' })
  email!: string;

  @Field(() => RoleEnum, { description: 'The role the invitee gets in the team on accepting.' })
  role!: RoleEnum;

  @Field(() => InvitationStatus)
  status!: InvitationStatusValue;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  expiresAt!: Date;
}

export function toInvitation(doc: InvitationDoc, now = new Date()): TeamInvitation {
  const expired = doc.status === 'pending' && doc.expiresAt.getTime() <= now.getTime();
  return Object.assign(new TeamInvitation(), {
    doc,
    id: toGlobalId('TeamInvitation', doc._id),
    email: doc.email,
    role: toRoleEnum(doc.role),
    status: expired ? 'EXPIRED' : (doc.status.toUpperCase() as Uppercase<InvitationDoc['status']>),
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
  });
}

@InputType()
export class InviteTeamMemberInput {
  @Field(() => ID)
  teamId!: string;

  @Field(() => String, { description: 'Who to invite, by e-mail address: they need no account yet.' })
  email!: string;

  @Field(() => RoleEnum, { nullable: true, description: 'Defaults to READ.' })
  role?: RoleEnum | null;
}
