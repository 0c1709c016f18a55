import { load, type LoadResult } from './load.ts';
import { difference, median, readMongoCounters, readProcessCpuSeconds, round } from './metrics.ts';
import type { Benchmark } from './types.ts';

/** Each case runs in this many rounds, the cases taking turns, so that a busy moment of the machine weighs on all three alike. */
const ROUNDS = 3;

interface CaseResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
  /** CPU time of the API process per request, in microseconds: what the server spends, whatever else runs on the machine. */
  cpuMicros: number;
  mongoPerRequest: number;
}

/**
 * What knowing the caller costs: `{ me { id } }` with a token (token check,
 * user, session version and teams from the process's identity cache) against
 * `{ __typename }` without one (GraphQL alone) and `GET /healthz` (Express
 * alone), on the same API process, in turns.
 */
export const authBenchmark: Benchmark = {
  name: 'auth-vs-healthz',
  async run({ url, seconds, say }) {
    const signup = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: SignupInput!) { signup(input: $input) { accessToken } }',
        variables: { input: { email: `bench-${Date.now()}@bench.example.com`, password: 'benchmark password', name: 'Bench' } },
      }),
    });
    const { data } = (await signup.json()) as { data?: { signup: { accessToken: string } } };
    if (!data) throw new Error('could not sign up the benchmark user');
    const graphql = (query: string, headers: Record<string, string> = {}) => ({
      url: `${url}/graphql`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    const cases = [
      { label: 'GET /healthz', options: { url: `${url}/healthz` } },
      { label: '{ __typename } anonymous', options: graphql('{ __typename }') },
      { label: '{ me { id } } with a token', options: graphql('{ me { id } }', { authorization: `Bearer ${data.signup.accessToken}` }) },
    ];

    const each = Math.max(1, Math.round(seconds / ROUNDS));
    const runs = cases.map(() => [] as Array<{ result: LoadResult; cpuSeconds: number; mongo: number }>);
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const [i, { label, options }] of cases.entries()) {
        say(`  round ${round}/${ROUNDS}: ${label} for ${each} s`);
        const [cpuBefore, mongoBefore] = await Promise.all([readProcessCpuSeconds(url), readMongoCounters(url)]);
        const result = await load({ ...options, seconds: each });
        const [cpuAfter, mongoAfter] = await Promise.all([readProcessCpuSeconds(url), readMongoCounters(url)]);
        runs[i]!.push({ result, cpuSeconds: cpuAfter - cpuBefore, mongo: difference(mongoAfter, mongoBefore).commands });
      }
    }
    const summed: CaseResult[] = runs.map((rounds) => {
      const requests = rounds.reduce((sum, r) => sum + r.result.requests, 0);
      return {
        rps: Math.round(requests / (each * ROUNDS)),
        p50: median(rounds.map((r) => r.result.p50)),
        p99: median(rounds.map((r) => r.result.p99)),
        requests,
        failed: rounds.reduce((sum, r) => sum + r.result.errors + r.result.non2xx, 0),
        cpuMicros: round((rounds.reduce((sum, r) => sum + r.cpuSeconds, 0) * 1e6) / Math.max(requests, 1), 1),
        mongoPerRequest: round(rounds.reduce((sum, r) => sum + r.mongo, 0) / Math.max(requests, 1), 4),
      };
    });
    const [healthz, anonymous, me] = summed as [CaseResult, CaseResult, CaseResult];
    const ratio = (c: CaseResult) => c.rps / Math.max(healthz.rps, 1);
    return {
      name: 'auth-vs-healthz',
      title: `an authenticated query vs an anonymous one vs GET /healthz (10 connections, ${ROUNDS} rounds of ${each} s each in turns, same process)`,
      columns: ['req/s', 'vs healthz', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'MongoDB cmds/req', 'requests', 'errors+non2xx'],
      rows: cases.map(({ label }, i) => {
        const c = summed[i]!;
        return {
          label,
          values: {
            'req/s': c.rps,
            'vs healthz': ratio(c).toFixed(2),
            'p50 ms': c.p50,
            'p99 ms': c.p99,
            'server CPU µs/req': c.cpuMicros,
            'MongoDB cmds/req': c.mongoPerRequest,
            requests: c.requests,
            'errors+non2xx': c.failed,
          },
        };
      }),
      notes: [
        `{ me { id } } at ${ratio(me).toFixed(2)} of the throughput of GET /healthz (goal: 0.50 or more), { __typename } at ${ratio(anonymous).toFixed(2)}`,
        'The load generator runs on the same machine: GET /healthz is bounded by it rather than by the server, GraphQL by the server.',
      ],
      data: { healthz, anonymous, me, meRatio: ratio(me), anonymousRatio: ratio(anonymous), rounds: ROUNDS, secondsPerRound: each },
    };
  },
};
