import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLocalEventBus } from '../server/src/events/pubsub.ts';
import { connectMongo } from '../server/src/infra/mongo.ts';
import { createLogger } from '../server/src/logger.ts';
import { IdentityRepository } from '../server/src/modules/identity/identity.repository.ts';
import { PrincipalCache } from '../server/src/modules/identity/principal-cache.ts';
import { ACCESS_AUDIENCE, RESET_AUDIENCE } from '../server/src/modules/identity/token.service.ts';
import { TeamRepository } from '../server/src/modules/teams/team.repository.ts';
import { codeOf, signUp, startTestApi, startTestWorker, type TestApi } from './support/app.ts';
import { mongoCommands } from './support/metrics.ts';
import type { WorkerApp } from '../workers/src/worker-app.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp.ts';

const ME = '{ me { id email name } }';
const REFRESH = 'mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken refreshToken user { id } } }';
// Set here, so that the tests can sign tokens as the server would (and forge others).
const JWT_SECRET = randomBytes(32).toString('base64url');
const RESET_TOKEN_SECRET = randomBytes(32).toString('base64url');
// A query that needs a signed-in caller.
const PROTECTED = '{ teams { id } }';

function sign(secret: string, claims: { sub: string; aud?: string; iss?: string; exp?: number; sv?: number }): Promise<string> {
  return new SignJWT({ sv: claims.sv ?? 0 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(claims.iss ?? 'http://localhost:0')
    .setAudience(claims.aud ?? ACCESS_AUDIENCE)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(secret));
}

function userHex(globalId: string): string {
  return Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
}

/** Opens a graphql-ws connection with `payload` as connection_init: 'acknowledged', or the close code. */
function connectionOutcome(api: TestApi, payload: Record<string, unknown>): Promise<'acknowledged' | number> {
  const socket = new WebSocket(`${api.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise<'acknowledged' | number>((resolve) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === 'connection_ack') resolve('acknowledged');
    });
    socket.once('close', (code) => resolve(code));
  }).finally(() => socket.terminate());
}

describe('accounts and tokens', () => {
  let api: TestApi;
  let worker: WorkerApp;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startTestApi('identity', { SMTP_URL: smtp.url, JWT_SECRET, RESET_TOKEN_SECRET });
    // The worker sends the e-mails.
    worker = await startTestWorker(api);
  });
  afterAll(async () => {
    await worker.stop();
    await api.stop();
    await smtp.close();
  });

  it('signs up, logs in and answers me, with the shapes SPEC fixes', async () => {
    const user = await signUp(api, 'Ana');
    const me = await api.call<{ me: { id: string; email: string; name: string } }>(ME, {}, user.accessToken);
    expect(me.data?.me).toEqual({ id: user.id, email: user.email, name: 'Ana' });
    const login = await api.call<{ login: { user: { id: string } } }>(LOGIN, { e: user.email.toUpperCase(), p: user.password });
    expect(login.data?.login.user.id).toBe(user.id);
  });

  it('answers me with null without a valid token', async () => {
    expect((await api.call(ME)).data).toEqual({ me: null });
    expect((await api.call(ME, {}, 'not-a-token')).data).toEqual({ me: null });
  });

  it('refuses a duplicate e-mail, ignoring case, with CONFLICT', async () => {
    const user = await signUp(api, 'Dup');
    const again = await api.call('mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', {
      i: { email: ` ${user.email.toUpperCase()} `, password: 'another long password', name: 'Dup' },
    });
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it('names each bad field of a sign-up', async () => {
    const bad = await api.call('mutation($i: SignupInput!) { signup(input: $i) { accessToken } }', {
      i: { email: 'nope', password: 'short', name: ' ' },
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const paths = (bad.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((f) => f.path);
    expect(paths).toEqual(['input.email', 'input.password', 'input.name']);
  });

  it('answers an unknown e-mail and a wrong password the same way', async () => {
    const user = await signUp(api, 'Same');
    const wrong = await api.call(LOGIN, { e: user.email, p: 'wrong password here' });
    const unknown = await api.call(LOGIN, { e: `nobody-${Date.now()}@example.com`, p: 'wrong password here' });
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
  });

  it('rate limits failed logins per account', async () => {
    const user = await signUp(api, 'Limited');
    const codes: unknown[] = [];
    for (let i = 0; i < 11; i += 1) codes.push(codeOf(await api.call(LOGIN, { e: user.email, p: 'not the password' })));
    expect(codes.slice(0, 10).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes[10]).toBe('RATE_LIMITED');
    // Even the right password is refused while the account is locked.
    expect(codeOf(await api.call(LOGIN, { e: user.email, p: user.password }))).toBe('RATE_LIMITED');
  });

  describe('an attacker with a forged or stale access token gets UNAUTHENTICATED', () => {
    let victim: Awaited<ReturnType<typeof signUp>>;
    beforeAll(async () => {
      victim = await signUp(api, 'Victim');
    });

    it('without a token', async () => {
      expect(codeOf(await api.call(PROTECTED))).toBe('UNAUTHENTICATED');
    });

    it('with an expired token', async () => {
      const token = await sign(JWT_SECRET, { sub: userHex(victim.id), iss: api.config.publicUrl, exp: Math.floor(Date.now() / 1000) - 5 });
      const result = await api.call(PROTECTED, {}, token);
      expect(codeOf(result)).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0]?.message).toMatch(/expired/);
    });

    it('with a token signed with another key', async () => {
      const token = await sign('another-secret-another-secret-another-secret', { sub: userHex(victim.id), iss: api.config.publicUrl });
      expect(codeOf(await api.call(PROTECTED, {}, token))).toBe('UNAUTHENTICATED');
    });

    it('with an unsigned token (alg: none)', async () => {
      const token = new UnsecuredJWT({ sv: 0 })
        .setSubject(userHex(victim.id))
        .setIssuer(api.config.publicUrl)
        .setAudience(ACCESS_AUDIENCE)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('10m')
        .encode();
      expect(codeOf(await api.call(PROTECTED, {}, token))).toBe('UNAUTHENTICATED');
    });

    it('with a token for another audience, even signed with the right key', async () => {
      const token = await sign(JWT_SECRET, { sub: userHex(victim.id), iss: api.config.publicUrl, aud: RESET_AUDIENCE });
      expect(codeOf(await api.call(PROTECTED, {}, token))).toBe('UNAUTHENTICATED');
    });

    it('with a reset token used as an access token', async () => {
      const token = await sign(RESET_TOKEN_SECRET, { sub: userHex(victim.id), iss: api.config.publicUrl });
      expect(codeOf(await api.call(PROTECTED, {}, token))).toBe('UNAUTHENTICATED');
    });

    it('while a well-formed token of the right key works', async () => {
      const token = await sign(JWT_SECRET, { sub: userHex(victim.id), iss: api.config.publicUrl });
      expect(codeOf(await api.call(PROTECTED, {}, token))).toBeUndefined();
    });
  });

  it('rotates refresh tokens; spending one twice revokes the whole login', async () => {
    const user = await signUp(api, 'Rotate');
    const first = await api.call<{ refreshToken: { accessToken: string; refreshToken: string } }>(REFRESH, { t: user.refreshToken });
    const next = first.data!.refreshToken;
    expect(next.refreshToken).not.toBe(user.refreshToken);
    // The stolen copy of the first token is spent again: refused...
    expect(codeOf(await api.call(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    // ...and the legitimate newer token of the same family is revoked with it.
    expect(codeOf(await api.call(REFRESH, { t: next.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('logout ends the access token and every refresh token at once', async () => {
    const user = await signUp(api, 'Leaver');
    const other = await api.call<{ login: { refreshToken: string } }>(LOGIN, { e: user.email, p: user.password });
    expect((await api.call('mutation { logout }', {}, user.accessToken)).data).toEqual({ logout: true });
    expect(codeOf(await api.call(PROTECTED, {}, user.accessToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.call(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.call(REFRESH, { t: other.data!.login.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('changes the password, ending other sessions, and keeps this one with new tokens', async () => {
    const user = await signUp(api, 'Changer');
    const wrong = await api.call('mutation { changePassword(input: { currentPassword: "not it at all", newPassword: "a brand new password" }) { accessToken } }', {}, user.accessToken);
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    const changed = await api.call<{ changePassword: { accessToken: string } }>(
      'mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: "a brand new password" }) { accessToken } }',
      { c: user.password },
      user.accessToken,
    );
    expect(codeOf(await api.call(PROTECTED, {}, user.accessToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.call(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.call(PROTECTED, {}, changed.data!.changePassword.accessToken))).toBeUndefined();
    expect(codeOf(await api.call(LOGIN, { e: user.email, p: 'a brand new password' }))).toBeUndefined();
  });

  it('resets a password through a single-use link sent by e-mail', async () => {
    const user = await signUp(api, 'Forgetful');
    const asked = await api.call(`mutation { requestPasswordReset(email: "${user.email.toUpperCase()}") }`);
    expect(asked.data).toEqual({ requestPasswordReset: true });
    const mail = await smtp.waitFor(user.email);
    expect(mail.subject).toBe('Reset your Maestro password');
    const link = /(http\S+reset-password\?token=\S+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const token = decodeURIComponent(new URL(link!).searchParams.get('token')!);
    const RESET = 'mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, newPassword: $p }) }';

    expect((await api.call(RESET, { t: token, p: 'my fresh password 1' })).data).toEqual({ resetPassword: true });
    expect(codeOf(await api.call(LOGIN, { e: user.email, p: user.password }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.call(LOGIN, { e: user.email, p: 'my fresh password 1' }))).toBeUndefined();
    // The old sessions ended with the reset.
    expect(codeOf(await api.call(PROTECTED, {}, user.accessToken))).toBe('UNAUTHENTICATED');
    // The link works once.
    expect(codeOf(await api.call(RESET, { t: token, p: 'my fresh password 2' }))).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired reset link, and says nothing about unknown e-mails', async () => {
    const user = await signUp(api, 'Late');
    const expired = await sign(RESET_TOKEN_SECRET, {
      sub: userHex(user.id),
      iss: api.config.publicUrl,
      aud: RESET_AUDIENCE,
      exp: Math.floor(Date.now() / 1000) - 1,
    });
    const result = await api.call('mutation($t: String!) { resetPassword(input: { token: $t, newPassword: "whatever it is now" }) }', { t: expired });
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
    const unknown = await api.call(`mutation { requestPasswordReset(email: "ghost-${Date.now()}@example.com") }`);
    expect(unknown.data).toEqual({ requestPasswordReset: true });
  });

  describe('graphql-ws refuses a token it would refuse over HTTP at connection_init (4403), never downgrading it to anonymous', () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it('acknowledges a live token and a connection without one', async () => {
      const user = await signUp(api, 'Socket');
      expect(await connectionOutcome(api, bearer(user.accessToken))).toBe('acknowledged');
      expect(await connectionOutcome(api, {})).toBe('acknowledged');
    });

    it('with a garbled token', async () => {
      const user = await signUp(api, 'Garbled');
      expect(await connectionOutcome(api, { authorization: 'not a bearer token' })).toBe(4403);
      expect(await connectionOutcome(api, { authorization: user.accessToken })).toBe(4403);
      expect(await connectionOutcome(api, { authorization: 42 })).toBe(4403);
      expect(await connectionOutcome(api, bearer(`${user.accessToken.slice(0, -4)}AAAA`))).toBe(4403);
    });

    it('with an expired token', async () => {
      const user = await signUp(api, 'Expired');
      const token = await sign(JWT_SECRET, { sub: userHex(user.id), iss: api.config.publicUrl, exp: Math.floor(Date.now() / 1000) - 5 });
      expect(await connectionOutcome(api, bearer(token))).toBe(4403);
    });

    it('after logout', async () => {
      const user = await signUp(api, 'SocketLeaver');
      expect(await connectionOutcome(api, bearer(user.accessToken))).toBe('acknowledged');
      await api.call('mutation { logout }', {}, user.accessToken);
      expect(await connectionOutcome(api, bearer(user.accessToken))).toBe(4403);
    });

    it('after a password change', async () => {
      const user = await signUp(api, 'SocketChanger');
      expect(await connectionOutcome(api, bearer(user.accessToken))).toBe('acknowledged');
      const changed = await api.call<{ changePassword: { accessToken: string } }>(
        'mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: "another fine password" }) { accessToken } }',
        { c: user.password },
        user.accessToken,
      );
      expect(await connectionOutcome(api, bearer(user.accessToken))).toBe(4403);
      expect(await connectionOutcome(api, bearer(changed.data!.changePassword.accessToken))).toBe('acknowledged');
    });

    it('of a user who no longer exists', async () => {
      const user = await signUp(api, 'Gone');
      const client = new MongoClient(api.config.mongoUrl);
      try {
        await client.db().collection('users').deleteOne({ _id: new ObjectId(userHex(user.id)) });
      } finally {
        await client.close();
      }
      expect(await connectionOutcome(api, bearer(user.accessToken))).toBe(4403);
    });
  });

  it('answers an authenticated request at no MongoDB command in the steady state, in a workspace or not, and shows a profile change at once', async () => {
    const user = await signUp(api, 'Steady');
    const team = await api.call<{ createTeam: { id: string } }>('mutation { createTeam(input: { name: "Steady team" }) { id } }', {}, user.accessToken);
    const workspace = { 'x-maestro-workspace': team.data!.createTeam.id };
    const asks = () => [
      api.call('{ me { id } }', {}, user.accessToken),
      api.call('{ me { id name email createdAt } }', {}, user.accessToken),
      api.call('{ me { id } }', {}, user.accessToken, workspace),
    ];
    for (const result of await Promise.all(asks())) expect(result.errors).toBeUndefined();

    // Status checks ping MongoDB on their own schedule: they are not requests.
    const before = await mongoCommands(api.url);
    for (let round = 0; round < 10; round += 1) {
      for (const result of await Promise.all(asks())) expect(result.errors).toBeUndefined();
    }
    const after = await mongoCommands(api.url);
    const issued = [...after].filter(([command, count]) => command !== 'ping' && count !== (before.get(command) ?? 0));
    expect(issued).toEqual([]);

    await api.call('mutation { updateProfile(input: { name: "Renamed" }) { id } }', {}, user.accessToken);
    expect((await api.call('{ me { name } }', {}, user.accessToken)).data).toEqual({ me: { name: 'Renamed' } });
  });

  it('keeps no read of a user that an invalidation overtook: the next request reads the user again', async () => {
    const user = await signUp(api, 'Overtaken');
    const mongo = await connectMongo(api.config.mongoUrl);
    const finds: string[] = [];
    mongo.client.on('commandStarted', (event) => {
      if (event.commandName === 'find') finds.push(String(event.command.find));
    });
    const cache = new PrincipalCache(new IdentityRepository(mongo.db), new TeamRepository(mongo.db), createLocalEventBus(), createLogger('silent', 'test'));
    try {
      const id = userHex(user.id);
      // The user changes while their identity is being read: the read may hold the old state.
      const inFlight = cache.identity(id);
      cache.invalidate([id]);
      expect((await inFlight)?.user.name).toBe('Overtaken');
      finds.length = 0;
      await cache.identity(id);
      expect(finds.sort()).toEqual(['teams', 'users']);
      // Once read with no invalidation in between, it is kept.
      finds.length = 0;
      await cache.identity(id);
      expect(finds).toEqual([]);
    } finally {
      await mongo.close();
    }
  });
});

