import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { MongoClient, ObjectId } from 'mongodb';
import WebSocket from 'ws';
import { freePort, stopChild } from '../scripts/lib/services.ts';
import { difference, median, readMongoCounters, round } from './metrics.ts';
import type { BenchContext, Benchmark, BenchRow } from './types.ts';

/**
 * History and live notifications: (a) write amplification, MongoDB
 * commands per mutation with history on; (b) an entity with 10,000
 * changes: the first page of its history and `entityAt` in the middle;
 * (c) fan-out: 1,000 graphql-ws subscribers across two API processes
 * receive one change, p50/p99 delivery time and memory per connection.
 */

const root = resolve(import.meta.dirname, '..');
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const CHANGES = 10_000;

async function gql(url: string, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`request failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body.data;
}

async function rss(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^maestro_process_resident_memory_bytes ([0-9.e+]+)$/m.exec(text)?.[1] ?? 0);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function startSecondApi(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'dist/server/src/main.js')], { cwd: root, env: { ...env, PORT: String(port) }, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the second API process did not start');
}

export const historyBenchmark: Benchmark = {
  name: 'history-and-live',
  async run(context: BenchContext) {
    const { url, env, say } = context;
    const signup = (await gql(url, null, 'mutation { signup(input: { email: "history@bench.example.com", password: "benchmark password", name: "Historian" }) { accessToken user { id } } }')) as {
      signup: { accessToken: string; user: { id: string } };
    };
    const token = signup.signup.accessToken;
    const userHex = Buffer.from(signup.signup.user.id, 'base64url').toString('utf8').split(':')[1]!;
    const created = (await gql(url, token, 'mutation { createServer(input: { hostname: "hist-01", cpu: 1 }) { server { id } } }')) as { createServer: { server: { id: string } } };
    const serverId = created.createServer.server.id;
    const rows: BenchRow[] = [];

    // (a) Commands per mutation.
    const ROUNDS = 20;
    const perMutation: Array<{ commands: number; byCommand: Record<string, number>; ms: number }> = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const before = await readMongoCounters(url);
      const started = performance.now();
      await gql(url, token, 'mutation($id: ID!, $cpu: Int!) { updateServer(id: $id, input: { cpu: $cpu }) { server { id } } }', { id: serverId, cpu: i + 2 });
      const ms = performance.now() - started;
      const delta = difference(await readMongoCounters(url), before);
      perMutation.push({ commands: delta.commands, byCommand: delta.byCommand, ms });
    }
    rows.push({
      label: '(a) updateServer with history',
      values: {
        commands: [...new Set(perMutation.map((p) => p.commands))].join(' or '),
        'by command': Object.entries(perMutation.at(-1)!.byCommand).map(([k, v]) => `${k}×${v}`).join(' '),
        'p50 ms': round(median(perMutation.map((p) => p.ms)), 1),
      },
    });

    // (b) An entity with 10,000 changes, written straight into the log.
    const client = new MongoClient(env.MONGO_URL!);
    await client.connect();
    try {
      const big = new ObjectId();
      const start = Date.now() - CHANGES * 60_000;
      const records = Array.from({ length: CHANGES }, (_, i) => {
        const revision = i + 1;
        const record: Record<string, unknown> = {
          _id: `${big.toHexString()}:${revision}`,
          entityId: big.toHexString(),
          entityType: 'Server',
          revision,
          operation: revision === 1 ? 'CREATE' : 'UPDATE',
          at: new Date(start + i * 60_000),
          actor: { kind: 'USER', id: userHex, workspaceTeamId: null },
          diff: [{ path: 'cpu', before: revision === 1 ? null : revision - 1, after: revision }],
          readers: [`u:${userHex}`],
        };
        if (revision === 1 || revision % 50 === 0) record.snapshot = { hostname: 'hist-big', cpu: revision, tags: [], active: true };
        return record;
      });
      const changes = client.db().collection('changes');
      for (let i = 0; i < records.length; i += 2000) await changes.insertMany(records.slice(i, i + 2000) as never[]);
      const now = new Date();
      await client.db().collection('inventory').insertOne({
        _id: big, type: 'Server', hostname: 'hist-big', name: 'hist-big', nameLower: 'hist-big', cpu: CHANGES, tags: [], keywords: ['hist-big'], active: true,
        revision: CHANGES, createdAt: new Date(start), updatedAt: now,
        owner: { kind: 'user', id: userHex }, grants: [{ kind: 'user', id: userHex, role: 'admin', grantedAt: now, grantedBy: userHex }],
        access: { read: [`u:${userHex}`], write: [`u:${userHex}`], admin: [`u:${userHex}`] },
      } as never);
      const bigId = Buffer.from(`Server:${big.toHexString()}`).toString('base64url');
      const middle = new Date(start + (CHANGES / 2) * 60_000 + 30_000).toISOString();
      const samples = { page: [] as number[], at: [] as number[], pageCommands: 0, atCommands: 0 };
      for (let i = 0; i < 7; i += 1) {
        let before = await readMongoCounters(url);
        let t = performance.now();
        const page = (await gql(url, token, 'query($id: ID!) { history(id: $id, first: 50) { totalCount edges { node { operation diff { path after } } } } }', { id: bigId })) as {
          history: { totalCount: number };
        };
        samples.page.push(performance.now() - t);
        samples.pageCommands = difference(await readMongoCounters(url), before).commands;
        if (page.history.totalCount !== CHANGES) throw new Error(`history counted ${page.history.totalCount}`);
        before = await readMongoCounters(url);
        t = performance.now();
        const at = (await gql(url, token, 'query($id: ID!, $at: DateTimeISO!) { entityAt(id: $id, at: $at) { revision node { ... on Server { cpu } } } }', { id: bigId, at: middle })) as {
          entityAt: { revision: number; node: { cpu: number } };
        };
        samples.at.push(performance.now() - t);
        samples.atCommands = difference(await readMongoCounters(url), before).commands;
        if (at.entityAt.node.cpu !== CHANGES / 2 + 1 && at.entityAt.node.cpu !== CHANGES / 2) throw new Error(`entityAt gave cpu ${at.entityAt.node.cpu}`);
      }
      rows.push({ label: `(b) history(first: 50) of ${CHANGES} changes`, values: { commands: samples.pageCommands, 'p50 ms': round(median(samples.page), 1) } });
      rows.push({ label: '(b) entityAt in the middle', values: { commands: samples.atCommands, 'p50 ms': round(median(samples.at), 1) } });
    } finally {
      await client.close();
    }

    // (c) Fan-out to subscribers spread over two API processes.
    say(`  connecting ${SUBSCRIBERS} subscribers over two API processes…`);
    const second = await startSecondApi(env);
    const clients: Client[] = [];
    try {
      const urls = [url, second.url];
      const rssBefore = await Promise.all(urls.map(rss));
      const received: number[] = [];
      let sentAt = 0;
      let ready = 0;
      await Promise.all(
        Array.from({ length: SUBSCRIBERS }, (_, i) =>
          new Promise<void>((resolveReady) => {
            const c = createClient({
              url: `${urls[i % 2]!.replace('http', 'ws')}/graphql`,
              webSocketImpl: WebSocket,
              connectionParams: { authorization: `Bearer ${token}` },
              lazy: false,
              retryAttempts: 0,
              on: {
                connected: () => {
                  ready += 1;
                  resolveReady();
                },
              },
            });
            clients.push(c);
            c.subscribe({ query: `subscription { entityChanged(ids: ["${serverId}"]) { operation } }` }, {
              next: () => received.push(performance.now() - sentAt),
              error: () => undefined,
              complete: () => undefined,
            });
          }),
        ),
      );
      await new Promise((r) => setTimeout(r, 1500));
      const rssAfter = await Promise.all(urls.map(rss));
      sentAt = performance.now();
      await gql(url, token, 'mutation($id: ID!) { updateServer(id: $id, input: { cpu: 999 }) { server { id } } }', { id: serverId });
      const deadline = Date.now() + 30_000;
      while (received.length < SUBSCRIBERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const perConnection = (rssAfter[0]! + rssAfter[1]! - rssBefore[0]! - rssBefore[1]!) / SUBSCRIBERS;
      rows.push({
        label: `(c) one change to ${SUBSCRIBERS} subscribers on 2 API processes`,
        values: {
          delivered: `${received.length} of ${SUBSCRIBERS} (${ready} connected)`,
          'p50 ms': round(percentile(received, 50), 1),
          'p99 ms': round(percentile(received, 99), 1),
          'KiB per connection': round(perConnection / 1024, 1),
        },
      });
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      await stopChild(second.child);
    }
    return {
      name: 'history-and-live',
      title: 'history and live notifications',
      columns: ['commands', 'by command', 'delivered', 'p50 ms', 'p99 ms', 'KiB per connection'],
      rows,
      notes: ['(c) delivery time runs from sending the mutation to each subscriber receiving the event; every subscriber is checked against its access.'],
      data: Object.fromEntries(rows.map((r) => [r.label, r.values])),
    };
  },
};
