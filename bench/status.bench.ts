import { load } from './load.ts';
import type { Benchmark } from './types.ts';

/**
 * What a full stack check costs: `{ status { ok } }` (MongoDB ping, Redis
 * ping, API heartbeats, and the worker heartbeats and job counts of each of
 * the four worker queues) against `GET /healthz` (process up, no I/O) on the same API process.
 */
export const statusBenchmark: Benchmark = {
  name: 'status-vs-healthz',
  async run({ url, seconds, say }) {
    say(`  GET /healthz for ${seconds} s`);
    const healthz = await load({ url: `${url}/healthz`, seconds });
    say(`  { status { ok } } for ${seconds} s`);
    const status = await load({
      url: `${url}/graphql`,
      seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ status { ok } }' }),
    });
    const row = (label: string, r: typeof healthz) => ({
      label,
      values: { 'req/s': r.rps, 'p50 ms': r.p50, 'p99 ms': r.p99, requests: r.requests, 'errors+non2xx': r.errors + r.non2xx },
    });
    const ratio = healthz.rps / Math.max(status.rps, 1);
    return {
      name: 'status-vs-healthz',
      title: `status query vs GET /healthz (10 connections, ${seconds} s each, same process)`,
      columns: ['req/s', 'p50 ms', 'p99 ms', 'requests', 'errors+non2xx'],
      rows: [row('GET /healthz', healthz), row('{ status { ok } }', status)],
      notes: [`throughput ratio healthz / status: ${ratio.toFixed(1)}x`],
      data: { healthz, status, ratio },
    };
  },
};
