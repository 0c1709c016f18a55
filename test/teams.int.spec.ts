import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerApp } from '../workers/src/worker-app.ts';
import { codeOf, signUp, startTestApi, startTestWorker, type TestApi, type TestUser } from './support/app.ts';
import { listenerBaseline, record, waitForListeners } from './support/live.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp.ts';

const CREATE_TEAM = 'mutation($name: String!) { createTeam(input: { name: $name }) { id } }';
const INVITE = 'mutation($t: ID!, $e: String!, $r: Role) { inviteTeamMember(input: { teamId: $t, email: $e, role: $r }) { id email role status expiresAt } }';
const TEAM = 'query($id: ID!) { team(id: $id) { id name members { role user { id name email } } invitations { id email role status invitedBy { name email } } } }';
const MINE = '{ myInvitations { id email role status team { id name } invitedBy { name email } } }';
const ACCEPT = 'mutation($id: ID!) { acceptTeamInvitation(id: $id) { id myRole members { user { email } } } }';
const DECLINE = 'mutation($id: ID!) { declineTeamInvitation(id: $id) { id status } }';
const CANCEL = 'mutation($id: ID!) { cancelTeamInvitation(id: $id) { id status } }';

interface Invitation {
  id: string;
  email: string;
  role: string;
  status: string;
  team: { id: string; name: string } | null;
  invitedBy: { name: string; email: string | null } | null;
}
interface TeamView {
  id: string;
  members: Array<{ role: string; user: { id: string; name: string; email: string | null } | null }>;
  invitations: Invitation[];
}

describe('team invitations', () => {
  let api: TestApi;
  let worker: WorkerApp;
  let smtp: SmtpSink;
  let admin: TestUser;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startTestApi('teams', { SMTP_URL: smtp.url });
    worker = await startTestWorker(api);
    admin = await signUp(api, 'Admin');
  });
  afterAll(async () => {
    await worker.stop();
    await api.stop();
    await smtp.close();
  });

  async function newTeam(name: string): Promise<string> {
    const created = await api.call<{ createTeam: { id: string } }>(CREATE_TEAM, { name }, admin.accessToken);
    return created.data!.createTeam.id;
  }
  async function invite(teamId: string, email: string, role = 'READ', by = admin) {
    return api.call<{ inviteTeamMember: Invitation }>(INVITE, { t: teamId, e: email, r: role }, by.accessToken);
  }
  async function team(teamId: string, as = admin): Promise<TeamView> {
    return (await api.call<{ team: TeamView }>(TEAM, { id: teamId }, as.accessToken)).data!.team;
  }
  async function mine(user: TestUser): Promise<Invitation[]> {
    return (await api.call<{ myInvitations: Invitation[] }>(MINE, {}, user.accessToken)).data!.myInvitations;
  }

  it('adds nobody without consent: the invitee sees, accepts and joins with the role; until then the inviter sees only the address they typed', async () => {
    const teamId = await newTeam('Consent');
    const dana = await signUp(api, 'Dana');
    const typed = dana.email.toUpperCase();
    const invited = await invite(teamId, typed, 'WRITE');
    expect(invited.data?.inviteTeamMember).toMatchObject({ email: typed, role: 'WRITE', status: 'PENDING' });

    // The admin sees the pending invitation, with nothing but what they typed; the member list is unchanged.
    const before = await team(teamId);
    expect(before.members.map((m) => m.user?.email)).toEqual([admin.email]);
    expect(before.invitations).toEqual([{ id: invited.data!.inviteTeamMember.id, email: typed, role: 'WRITE', status: 'PENDING', invitedBy: { name: 'Admin', email: admin.email } }]);
    // The old way in, a user id added to one's team, is gone.
    const added = await api.call('mutation($t: ID!, $u: ID!) { addTeamMember(input: { teamId: $t, userId: $u }) { id } }', { t: teamId, u: dana.id }, admin.accessToken);
    expect(codeOf(added)).toBe('GRAPHQL_VALIDATION_FAILED');

    // Dana is e-mailed, and sees it once signed in, with the inviter's name but not their address.
    const mail = await smtp.waitFor(dana.email);
    expect(mail.subject).toBe('Admin invited you to the team Consent on Maestro');
    expect(mail.text).toContain('/invitations');
    const [open] = await mine(dana);
    expect(open).toEqual({ id: invited.data!.inviteTeamMember.id, email: typed, role: 'WRITE', status: 'PENDING', team: { id: teamId, name: 'Consent' }, invitedBy: { name: 'Admin', email: null } });

    // She accepts: a member with the invited role, her e-mail now shown to the team.
    const accepted = await api.call<{ acceptTeamInvitation: { myRole: string } }>(ACCEPT, { id: open!.id }, dana.accessToken);
    expect(accepted.data?.acceptTeamInvitation.myRole).toBe('WRITE');
    const after = await team(teamId);
    expect(after.members.map((m) => [m.user?.email, m.role])).toEqual([[admin.email, 'ADMIN'], [dana.email, 'WRITE']]);
    expect(after.invitations).toEqual([]);
    expect(await mine(dana)).toEqual([]);
    // Accepting again changes nothing.
    expect(codeOf(await api.call(ACCEPT, { id: open!.id }, dana.accessToken))).toBe('NOT_FOUND');
    // Inviting a member is pointless, and the admin knows her address by now.
    expect(codeOf(await invite(teamId, dana.email))).toBe('CONFLICT');
  });

  it('answers an invitation of an address nobody has exactly as one of an account, and e-mails both', async () => {
    const teamId = await newTeam('Same answer');
    const erin = await signUp(api, 'Erin');
    const stranger = `stranger-${Date.now()}@example.com`;
    const shape = (r: Awaited<ReturnType<typeof invite>>) => ({ ...r.data?.inviteTeamMember, id: undefined, email: undefined, expiresAt: undefined, errors: r.errors });
    const [known, unknown] = [await invite(teamId, erin.email), await invite(teamId, stranger)];
    expect(shape(known)).toEqual(shape(unknown));
    await smtp.waitFor(erin.email);
    await smtp.waitFor(stranger);
    // Someone who signs up later with the address finds the invitation waiting.
    const late = await api.call<{ signup: { accessToken: string } }>(
      'mutation($i: SignupInput!) { signup(input: $i) { accessToken } }',
      { i: { email: stranger, password: 'correct horse battery staple', name: 'Late' } },
    );
    const lateUser = { accessToken: late.data!.signup.accessToken } as TestUser;
    expect((await mine(lateUser)).map((i) => i.team?.name)).toEqual(['Same answer']);
  });

  it('keeps one invitation when the admin invites again, with the newer role, and e-mails once', async () => {
    const teamId = await newTeam('Again');
    const fay = await signUp(api, 'Fay');
    const first = await invite(teamId, fay.email, 'READ');
    await smtp.waitFor(fay.email);
    const second = await invite(teamId, fay.email, 'ADMIN');
    expect(second.data?.inviteTeamMember.id).toBe(first.data?.inviteTeamMember.id);
    expect((await team(teamId)).invitations.map((i) => [i.email, i.role])).toEqual([[fay.email, 'ADMIN']]);
    expect((await mine(fay)).map((i) => i.role)).toEqual(['ADMIN']);
    // A third invitation to another address is a way to know the queue has moved past the second.
    const marker = `marker-${Date.now()}@example.com`;
    await invite(teamId, marker);
    await smtp.waitFor(marker);
    expect(smtp.messages.filter((m) => m.to.includes(fay.email.toLowerCase()))).toHaveLength(1);
  });

  it('lets the invitee decline; a declined invitation can no longer be accepted', async () => {
    const teamId = await newTeam('Declined');
    const gus = await signUp(api, 'Gus');
    const { data } = await invite(teamId, gus.email);
    const id = data!.inviteTeamMember.id;
    // Only the invitee answers: the admin cannot accept in their name.
    expect(codeOf(await api.call(ACCEPT, { id }, admin.accessToken))).toBe('NOT_FOUND');
    expect((await api.call<{ declineTeamInvitation: { status: string } }>(DECLINE, { id }, gus.accessToken)).data?.declineTeamInvitation.status).toBe('DECLINED');
    expect(codeOf(await api.call(ACCEPT, { id }, gus.accessToken))).toBe('NOT_FOUND');
    expect((await team(teamId)).members).toHaveLength(1);
    expect((await team(teamId)).invitations).toEqual([]);
  });

  it('lets a team admin cancel a pending invitation; members who are not admins neither see nor cancel them', async () => {
    const teamId = await newTeam('Cancelled');
    const [hal, ivy] = [await signUp(api, 'Hal'), await signUp(api, 'Ivy')];
    // Hal joins as a READ member.
    const halInvite = await invite(teamId, hal.email, 'READ');
    await api.call(ACCEPT, { id: halInvite.data!.inviteTeamMember.id }, hal.accessToken);
    const { data } = await invite(teamId, ivy.email);
    const id = data!.inviteTeamMember.id;
    expect((await team(teamId, hal)).invitations).toEqual([]);
    expect(codeOf(await api.call(CANCEL, { id }, hal.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await api.call(CANCEL, { id }, ivy.accessToken))).toBe('NOT_FOUND');
    expect((await api.call<{ cancelTeamInvitation: { status: string } }>(CANCEL, { id }, admin.accessToken)).data?.cancelTeamInvitation.status).toBe('CANCELLED');
    expect(await mine(ivy)).toEqual([]);
    expect(codeOf(await api.call(ACCEPT, { id }, ivy.accessToken))).toBe('NOT_FOUND');
    expect((await team(teamId)).invitations).toEqual([]);
  });

  it('refuses to invite for anyone but a team admin, before looking at the address: FORBIDDEN for members, NOT_FOUND for others', async () => {
    const teamId = await newTeam('Rights');
    const [jo, kim] = [await signUp(api, 'Jo'), await signUp(api, 'Kim')];
    const joInvite = await invite(teamId, jo.email, 'WRITE');
    await api.call(ACCEPT, { id: joInvite.data!.inviteTeamMember.id }, jo.accessToken);
    const unknown = `nobody-${Date.now()}@example.com`;
    const asMember = [await invite(teamId, unknown, 'READ', jo), await invite(teamId, kim.email, 'READ', jo)];
    expect(asMember.map(codeOf)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const asOutsider = [await invite(teamId, unknown, 'READ', kim), await invite(teamId, jo.email, 'READ', kim)];
    expect(asOutsider.map(codeOf)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
    expect(asOutsider[0]?.errors?.[0]?.message).toBe(asOutsider[1]?.errors?.[0]?.message);
    // Bad input is named and changes nothing.
    const bad = await invite(teamId, 'not an address');
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.fields).toEqual([{ path: 'input.email', message: 'must be an e-mail address' }]);
    expect((await team(teamId)).invitations).toEqual([]);
  });

  it('lets an invitation lapse: once expired it shows as EXPIRED to the admin and can no longer be accepted, until invited again', async () => {
    const teamId = await newTeam('Lapsed');
    const lea = await signUp(api, 'Lea');
    const { data } = await invite(teamId, lea.email);
    const id = data!.inviteTeamMember.id;
    // Two weeks pass.
    const mongo = await MongoClient.connect(api.config.mongoUrl);
    try {
      const hex = Buffer.from(id, 'base64url').toString('utf8').split(':')[1]!;
      await mongo.db().collection('team_invitations').updateOne({ _id: new ObjectId(hex) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    } finally {
      await mongo.close();
    }
    expect((await team(teamId)).invitations.map((i) => i.status)).toEqual(['EXPIRED']);
    expect(await mine(lea)).toEqual([]);
    expect(codeOf(await api.call(ACCEPT, { id }, lea.accessToken))).toBe('NOT_FOUND');
    expect((await invite(teamId, lea.email)).data?.inviteTeamMember.status).toBe('PENDING');
    expect((await api.call<{ acceptTeamInvitation: { myRole: string } }>(ACCEPT, { id }, lea.accessToken)).data?.acceptTeamInvitation.myRole).toBe('READ');
  });

  it('tells a signed-in invitee at once, through the notifications subscription', async () => {
    const teamId = await newTeam('Live invite');
    const max = await signUp(api, 'Max');
    const base = await listenerBaseline(api.url, ['notification']);
    const notes = record<{ notifications: { kind: string; message: string } }>(`${api.url.replace('http', 'ws')}/graphql`, max.accessToken, 'subscription { notifications { kind message } }');
    try {
      await waitForListeners(api.url, { notification: base.notification! + 1 });
      await invite(teamId, max.email);
      const note = await notes.next((n) => n.notifications.kind === 'TEAM_INVITATION', 'the invitation note');
      expect(note.notifications.message).toBe('You are invited to join the team Live invite (READ). Answer in Invitations.');
    } finally {
      await notes.dispose();
    }
  });
});
