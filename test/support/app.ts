import { Registry } from 'prom-client';
import { connectInfrastructure, createApp, type App } from '../../server/src/app.ts';
import type { Services } from '../../server/src/graphql/context.ts';
import { instrumentMongo } from '../../server/src/metrics/metrics.ts';
import { createServices } from '../../server/src/services.ts';
import type { Config } from '../../server/src/config/env.ts';
import { createLogger, type Logger } from '../../server/src/logger.ts';
import { createWorkerApp, type WorkerApp } from '../../workers/src/worker-app.ts';
import { testConfig } from './env.ts';
import { gql } from './stack.ts';

type GqlResult<T> = Awaited<ReturnType<typeof gql<T>>>;

export interface TestApi {
  app: App;
  config: Config;
  url: string;
  /** Runs an operation, with `token` as the bearer token when given. */
  call<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GqlResult<T>>;
  stop(): Promise<void>;
}

/** An API process inside the test process, on its own database and Redis prefix; silent unless given a `logger`. */
export async function startTestApi(label: string, extra: Record<string, string> = {}, logger?: Logger): Promise<TestApi> {
  const config = testConfig(label, { PORT: '0', ...extra });
  const app = await createApp(config, logger ?? createLogger('silent', 'test'));
  const { url } = await app.listen();
  return {
    app,
    config,
    url,
    call: (query, variables = {}, token = null, headers = {}) =>
      gql(url, query, variables, token ? { authorization: `Bearer ${token}`, ...headers } : headers),
    stop: () => app.stop(),
  };
}

/**
 * The services of another process on the same database and Redis prefix as
 * `api`, as a worker running a source (an import, discovery, the seed) has
 * them; `metrics` holds the MongoDB commands they issue.
 */
export interface TestSource {
  services: Services;
  metrics: Registry;
  stop(): Promise<void>;
}

export async function startTestSource(api: TestApi): Promise<TestSource> {
  const infra = await connectInfrastructure(api.config);
  const metrics = new Registry();
  instrumentMongo(infra.mongo.client, metrics);
  const { services, mailer } = await createServices(api.config, infra, createLogger('silent', 'test-source'), 'test-source');
  return {
    services,
    metrics,
    stop: async () => {
      mailer.close();
      await infra.close();
    },
  };
}

/** A worker inside the test process, on the same database and Redis prefix as `api`: it sends the e-mails. */
export async function startTestWorker(api: TestApi): Promise<WorkerApp> {
  const worker = await createWorkerApp(api.config, createLogger('silent', 'test-worker'));
  await worker.start();
  return worker;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

let counter = 0;

/** Signs up a new user through the API. */
export async function signUp(api: TestApi, name = 'User'): Promise<TestUser> {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W/g, '')}${counter}-${Date.now()}@example.com`;
  const password = 'correct horse battery staple';
  const { data, errors } = await api.call<{ signup: { accessToken: string; refreshToken: string; user: { id: string } } }>(
    'mutation($input: SignupInput!) { signup(input: $input) { accessToken refreshToken user { id } } }',
    { input: { email, password, name } },
  );
  if (!data) throw new Error(`signup failed: ${JSON.stringify(errors)}`);
  return { id: data.signup.user.id, email, password, accessToken: data.signup.accessToken, refreshToken: data.signup.refreshToken };
}

export function codeOf(result: { errors?: Array<{ extensions?: Record<string, unknown> }> }): unknown {
  return result.errors?.[0]?.extensions?.code;
}

const INVITE = 'mutation($t: ID!, $e: String!, $r: Role) { inviteTeamMember(input: { teamId: $t, email: $e, role: $r }) { id } }';
const ACCEPT = 'mutation($id: ID!) { acceptTeamInvitation(id: $id) { id } }';

/** Makes `member` a member of the team as people do: `admin` invites their address, they accept. */
export async function joinTeam(api: TestApi, admin: TestUser, member: TestUser, teamId: string, role = 'READ'): Promise<void> {
  const invited = await api.call<{ inviteTeamMember: { id: string } }>(INVITE, { t: teamId, e: member.email, r: role }, admin.accessToken);
  if (!invited.data) throw new Error(`invitation failed: ${JSON.stringify(invited.errors)}`);
  const accepted = await api.call(ACCEPT, { id: invited.data.inviteTeamMember.id }, member.accessToken);
  if (accepted.errors) throw new Error(`accepting failed: ${JSON.stringify(accepted.errors)}`);
}
