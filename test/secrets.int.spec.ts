import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_AUDIENCE } from '../server/src/modules/identity/token.service.ts';
import { gql, startApi, startStack, type ApiProcess, type Stack } from './support/stack.ts';

const SIGNUP = 'mutation($i: SignupInput!) { signup(input: $i) { accessToken refreshToken user { id } } }';
const ME = '{ me { id } }';
const REFRESH = 'mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }';
const OLD_DEVELOPMENT_DEFAULT = 'maestro-access-secret-development only, never used when NODE_ENV=production';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

async function signUp(api: ApiProcess, name: string): Promise<Session> {
  const result = await gql<{ signup: Session }>(api.url, SIGNUP, {
    i: { email: `${name}-${randomUUID()}@example.com`, password: 'correct horse battery staple', name },
  });
  if (!result.data) throw new Error(`signup failed: ${JSON.stringify(result.errors)}`);
  return result.data.signup;
}

async function me(api: ApiProcess, token: string): Promise<string | null> {
  const result = await gql<{ me: { id: string } | null }>(api.url, ME, {}, { authorization: `Bearer ${token}` });
  return result.data?.me?.id ?? null;
}

describe('signing secrets of a stack started without them', () => {
  let stack: Stack;
  let other: Stack | undefined;

  beforeAll(async () => {
    // The harness sets no JWT_SECRET, RESET_TOKEN_SECRET nor SHARE_TOKEN_SECRET.
    stack = await startStack({ label: 'secrets', apis: 2, worker: false });
  });
  afterAll(async () => {
    await Promise.all([stack?.stop(), other?.stop()]);
  });

  it('refuses a token signed with the old development default: nobody can forge a session', async () => {
    const victim = await signUp(stack.apis[0]!, 'victim');
    const sub = Buffer.from(victim.user.id, 'base64url').toString('utf8').split(':')[1]!;
    for (const issuer of ['http://localhost:4000', stack.apis[0]!.url]) {
      const forged = await new SignJWT({ sv: 0 })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(ACCESS_AUDIENCE)
        .setSubject(sub)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(OLD_DEVELOPMENT_DEFAULT));
      expect(await me(stack.apis[0]!, forged)).toBeNull();
    }
    expect(await me(stack.apis[0]!, victim.accessToken)).toBe(victim.user.id);
  });

  it('signs with one key across API processes, and keeps sessions when the API restarts', async () => {
    const [first, second] = stack.apis;
    const session = await signUp(first!, 'restart');
    expect(await me(second!, session.accessToken)).toBe(session.user.id);

    await first!.stop();
    const restarted = await startApi(stack.env, 'secrets-api-restarted');
    stack.apis[0] = restarted;
    expect(await me(restarted, session.accessToken)).toBe(session.user.id);
    const refreshed = await gql<{ refreshToken: { accessToken: string } }>(restarted.url, REFRESH, { t: session.refreshToken });
    expect(await me(second!, refreshed.data!.refreshToken.accessToken)).toBe(session.user.id);
  });

  it('gives a stack on another database keys of its own: its tokens mean nothing here', async () => {
    other = await startStack({ label: 'secrets-other', apis: 1, worker: false });
    const elsewhere = await signUp(other.apis[0]!, 'elsewhere');
    expect(await me(other.apis[0]!, elsewhere.accessToken)).toBe(elsewhere.user.id);
    expect(await me(stack.apis[1]!, elsewhere.accessToken)).toBeNull();
  });
});
