import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gql, startStack, type Stack } from './support/stack.ts';

interface Received {
  data: Array<Record<string, unknown>>;
  client: Client;
  closed: Promise<number>;
}

function subscribe(wsUrl: string, token: string, query: string): Received {
  const data: Array<Record<string, unknown>> = [];
  let onClosed: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => {
    onClosed = resolve;
  });
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
  client.on('closed', (event) => onClosed((event as { code: number }).code));
  client.subscribe({ query }, { next: (r) => r.data && data.push(r.data), error: () => undefined, complete: () => undefined });
  return { data, client, closed };
}

const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms));

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
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const created = await gql<{ createServer: { server: { id: string } } }>(a.url, 'mutation { createServer(input: { hostname: "live-01" }) { server { id } } }', {}, auth(alice.token));
    const id = created.data!.createServer.server.id;

    const bobChanges = subscribe(b.wsUrl, bob.token, `subscription { entityChanged(ids: ["${id}"]) { operation diff { path after } } }`);
    const bobNotes = subscribe(b.wsUrl, bob.token, 'subscription { notifications { kind message entityId } }');
    const carolChanges = subscribe(b.wsUrl, carol.token, 'subscription { entityChanged { operation } }');
    const carolNotes = subscribe(b.wsUrl, carol.token, 'subscription { notifications { kind } }');
    await settle();

    await gql(a.url, 'mutation($i: GrantAccessInput!) { grantAccess(input: $i) { access { role } } }', { i: { entityId: id, userEmail: bob.email, role: 'READ' } }, auth(alice.token));
    await gql(a.url, 'mutation($id: ID!) { updateServer(id: $id, input: { cpu: 8 }) { server { id } } }', { id }, auth(alice.token));
    await settle();
    expect(bobNotes.data).toEqual([{ notifications: { kind: 'ACCESS_GRANTED', message: 'You can now see Server live-01 (READ).', entityId: id } }]);
    expect(bobChanges.data.map((d) => (d.entityChanged as { operation: string }).operation)).toEqual(['GRANT', 'UPDATE']);
    expect(bobChanges.data[1]).toEqual({ entityChanged: { operation: 'UPDATE', diff: [{ path: 'cpu', after: 8 }] } });
    expect(carolChanges.data).toEqual([]);
    expect(carolNotes.data).toEqual([]);

    // Access through a team: removing Bob from the team stops his events, on the other process too.
    const team = await gql<{ createTeam: { id: string } }>(a.url, 'mutation { createTeam(input: { name: "Live" }) { id } }', {}, auth(alice.token));
    const teamId = team.data!.createTeam.id;
    const invited = await gql<{ inviteTeamMember: { id: string } }>(a.url, 'mutation($t: ID!, $e: String!) { inviteTeamMember(input: { teamId: $t, email: $e, role: READ }) { id } }', { t: teamId, e: carol.email }, auth(alice.token));
    await gql(b.url, 'mutation($id: ID!) { acceptTeamInvitation(id: $id) { id } }', { id: invited.data!.inviteTeamMember.id }, auth(carol.token));
    await gql(a.url, 'mutation($i: GrantAccessInput!) { grantAccess(input: $i) { access { role } } }', { i: { entityId: id, principalId: teamId, role: 'READ' } }, auth(alice.token));
    await gql(a.url, 'mutation($id: ID!) { updateServer(id: $id, input: { cpu: 12 }) { server { id } } }', { id }, auth(alice.token));
    await settle();
    // The grant to her team, then the update.
    expect(carolChanges.data.map((d) => (d.entityChanged as { operation: string }).operation)).toEqual(['GRANT', 'UPDATE']);
    const carolId = carol.id;
    await gql(a.url, 'mutation($t: ID!, $u: ID!) { removeTeamMember(input: { teamId: $t, userId: $u }) { id } }', { t: teamId, u: carolId }, auth(alice.token));
    await settle();
    await gql(a.url, 'mutation($id: ID!) { updateServer(id: $id, input: { cpu: 16 }) { server { id } } }', { id }, auth(alice.token));
    await settle();
    expect(carolChanges.data).toHaveLength(2);
    expect(bobChanges.data.at(-1)).toEqual({ entityChanged: { operation: 'UPDATE', diff: [{ path: 'cpu', after: 16 }] } });

    // Logging out ends Bob's deliveries on every process, and closes his connections.
    await gql(a.url, 'mutation { logout }', {}, auth(bob.token));
    expect(await bobChanges.closed).toBe(4401);
    const before = bobChanges.data.length;
    await gql(a.url, 'mutation($id: ID!) { updateServer(id: $id, input: { cpu: 32 }) { server { id } } }', { id }, auth(alice.token));
    await settle();
    expect(bobChanges.data).toHaveLength(before);
    await Promise.all([bobChanges, bobNotes, carolChanges, carolNotes].map((s) => s.client.dispose()));
  }, 60_000);
});
