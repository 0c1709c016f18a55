import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenerBaseline, record, until, waitForListeners } from './support/live.ts';
import { gql, startStack, type Stack } from './support/stack.ts';

interface Change {
  entityChanged: { entityId: string; operation: string; diff?: Array<{ path: string; after: unknown }> };
}
interface Note {
  notifications: { kind: string; message?: string; entityId: string };
}

async function signup(url: string, name: string): Promise<{ token: string; id: string; email: string }> {
  const email = `${name.toLowerCase()}-${Date.now()}@example.com`;
  const result = await gql<{ signup: { accessToken: string; user: { id: string } } }>(url, 'mutation($i: SignupInput!) { signup(input: $i) { accessToken user { id } } }', {
    i: { email, password: 'correct horse battery', name },
  });
  return { token: result.data!.signup.accessToken, id: result.data!.signup.user.id, email };
}

describe('live notifications across API processes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ label: 'live', apis: 2, worker: false });
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('delivers a change made on one API process to readers subscribed on another, and only to them', async () => {
    const [a, b] = stack.apis as [Stack['apis'][0], Stack['apis'][0]];
    const alice = await signup(a.url, 'Alice');
    const bob = await signup(a.url, 'Bob');
    const carol = await signup(a.url, 'Carol');
    const call = <T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}) =>
      gql<T>(a.url, query, variables, { authorization: `Bearer ${token}` });
    const createServer = async (token: string, hostname: string) =>
      (await call<{ createServer: { server: { id: string } } }>(token, 'mutation($h: String!) { createServer(input: { hostname: $h }) { server { id } } }', { h: hostname })).data!.createServer.server.id;
    const setCpu = (token: string, id: string, cpu: number) => call(token, 'mutation($id: ID!, $cpu: Int!) { updateServer(id: $id, input: { cpu: $cpu }) { server { id } } }', { id, cpu });
    const grant = (token: string, input: Record<string, unknown>) => call(token, 'mutation($i: GrantAccessInput!) { grantAccess(input: $i) { access { role } } }', { i: input });
    const id = await createServer(alice.token, 'live-01');
    // Items whose changes a subscriber must receive: their arrival proves that events published before them were not sent.
    const bobMarker = await createServer(bob.token, 'live-bob-marker');
    const carolMarker = await createServer(carol.token, 'live-carol-marker');
    const noteMarker = await createServer(alice.token, 'live-note-marker');
    const ofServer = <T extends Change | Note>(items: T[]) =>
      items.filter((item) => ('entityChanged' in item ? item.entityChanged.entityId : item.notifications.entityId) === id);
    const operations = (items: Change[]) => ofServer(items).map((c) => c.entityChanged.operation);
    const cpuOf = (change: Change) => change.entityChanged.diff?.find((d) => d.path === 'cpu')?.after;

    const base = await listenerBaseline(b.url, ['entityChanged', 'notification']);
    const bobChanges = record<Change>(b.wsUrl, bob.token, `subscription { entityChanged(ids: ["${id}", "${bobMarker}"]) { entityId operation diff { path after } } }`);
    const bobNotes = record<Note>(b.wsUrl, bob.token, 'subscription { notifications { kind message entityId } }');
    const carolChanges = record<Change>(b.wsUrl, carol.token, 'subscription { entityChanged { entityId operation diff { path after } } }');
    const carolNotes = record<Note>(b.wsUrl, carol.token, 'subscription { notifications { kind entityId } }');
    await waitForListeners(b.url, { entityChanged: base.entityChanged! + 2, notification: base.notification! + 2 });

    await grant(alice.token, { entityId: id, userEmail: bob.email, role: 'READ' });
    await setCpu(alice.token, id, 8);
    await bobChanges.next((c) => c.entityChanged.entityId === id && c.entityChanged.operation === 'UPDATE', 'update for Bob');
    await bobNotes.next((n) => n.notifications.entityId === id, 'access note for Bob');
    expect(bobNotes.data).toEqual([{ notifications: { kind: 'ACCESS_GRANTED', message: 'You can now see Server live-01 (READ).', entityId: id } }]);
    expect(operations(bobChanges.data)).toEqual(['GRANT', 'UPDATE']);
    expect(ofServer(bobChanges.data)[1]).toEqual({ entityChanged: { entityId: id, operation: 'UPDATE', diff: [{ path: 'cpu', after: 8 }] } });
    // Carol, who cannot read the server, got nothing of it before her own later events.
    await setCpu(carol.token, carolMarker, 1);
    await carolChanges.next((c) => c.entityChanged.entityId === carolMarker && cpuOf(c) === 1, 'Carol’s own update');
    await grant(alice.token, { entityId: noteMarker, userEmail: carol.email, role: 'READ' });
    await carolNotes.next((n) => n.notifications.entityId === noteMarker, 'Carol’s own access note');
    expect(ofServer(carolChanges.data)).toEqual([]);
    expect(ofServer(carolNotes.data)).toEqual([]);

    // Access through a team: removing Carol from the team stops her events, on the other process too.
    const team = await call<{ createTeam: { id: string } }>(alice.token, 'mutation { createTeam(input: { name: "Live" }) { id } }');
    const teamId = team.data!.createTeam.id;
    const invited = await call<{ inviteTeamMember: { id: string } }>(alice.token, 'mutation($t: ID!, $e: String!) { inviteTeamMember(input: { teamId: $t, email: $e, role: READ }) { id } }', { t: teamId, e: carol.email });
    await call(carol.token, 'mutation($id: ID!) { acceptTeamInvitation(id: $id) { id } }', { id: invited.data!.inviteTeamMember.id });
    await grant(alice.token, { entityId: id, principalId: teamId, role: 'READ' });
    await setCpu(alice.token, id, 12);
    await carolChanges.next((c) => c.entityChanged.entityId === id && cpuOf(c) === 12, 'the update through her team');
    // The grant to her team, then the update.
    expect(operations(carolChanges.data)).toEqual(['GRANT', 'UPDATE']);
    await call(alice.token, 'mutation($t: ID!, $u: ID!) { removeTeamMember(input: { teamId: $t, userId: $u }) { id } }', { t: teamId, u: carol.id });
    const carolReads = async () =>
      (await gql<{ server: { id: string } | null }>(b.url, 'query($id: ID!) { server(id: $id) { id } }', { id }, { authorization: `Bearer ${carol.token}` })).data?.server ?? null;
    await until(async () => (await carolReads()) === null, 'Carol’s removal from the team to reach the other process');
    await setCpu(alice.token, id, 16);
    await bobChanges.next((c) => c.entityChanged.entityId === id && cpuOf(c) === 16, 'the later update for Bob');
    await setCpu(carol.token, carolMarker, 2);
    await carolChanges.next((c) => c.entityChanged.entityId === carolMarker && cpuOf(c) === 2, 'Carol’s second own update');
    expect(operations(carolChanges.data)).toEqual(['GRANT', 'UPDATE']);

    // Logging out ends Bob's deliveries on every process, and closes his connections.
    await call(bob.token, 'mutation { logout }');
    expect(await bobChanges.closed).toBe(4401);
    expect(await bobNotes.closed).toBe(4401);
    await Promise.all([bobChanges, bobNotes, carolChanges, carolNotes].map((s) => s.dispose()));
  }, 60_000);
});
