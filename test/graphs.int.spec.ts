import { MongoClient } from 'mongodb';
import { PNG } from 'pngjs';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scope } from '../server/src/modules/access/scope.ts';
import type { InventoryDoc } from '../server/src/modules/inventory/engine/entity-def.ts';
import type { WorkerApp } from '../workers/src/worker-app.ts';
import { codeOf, signUp, startTestApi, startTestSource, startTestWorker, type TestApi, type TestSource, type TestUser } from './support/app.ts';
import { listenerBaseline, record, until, waitForListeners } from './support/live.ts';

/*
 * Dependency graphs through the API and a worker: builds walk with the
 * builder's access at every hop, metrics a person can check by hand, the
 * picture in every format, staleness, and share links that work without a
 * login, show nothing else, and stop at once when revoked or expired.
 */

const CREATE = 'mutation($i: GraphInput!) { createGraph(input: $i) { id name source sourceIds depth kinds } }';
const BUILD = 'mutation($id: ID!) { buildGraph(id: $id) { id status } }';
const BUILD_QUERY = `query($id: ID!) { graphBuild(id: $id) {
  id status error stale notice width height
  metrics { nodes edges density byDepth { depth count } byType { label count } byFamily { label count } bySystem { label count } byClient { label count } cycles mostDependedOn { name type dependents } }
  nodes { id name type depth root x y } edges { from to kind } svg exportUrl(format: PNG)
} }`;

interface BuildView {
  id: string;
  status: string;
  error: string | null;
  stale: boolean;
  notice: string | null;
  width: number;
  height: number;
  metrics: {
    nodes: number;
    edges: number;
    density: number;
    byDepth: Array<{ depth: number; count: number }>;
    byType: Array<{ label: string; count: number }>;
    byFamily: Array<{ label: string; count: number }>;
    bySystem: Array<{ label: string; count: number }>;
    byClient: Array<{ label: string; count: number }>;
    cycles: string[][];
    mostDependedOn: Array<{ name: string; type: string; dependents: number }>;
  };
  nodes: Array<{ id: string; name: string; type: string; depth: number; root: boolean; x: number; y: number }>;
  edges: Array<{ from: string; to: string; kind: string }>;
  svg: string;
  exportUrl: string;
}

describe('dependency graphs', () => {
  let api: TestApi;
  let source: TestSource;
  let worker: WorkerApp;
  let alice: TestUser;
  let bob: TestUser;
  let mongo: MongoClient;
  const gid = (d: { type: string; _id: { toHexString(): string } }) => Buffer.from(`${d.type}:${d._id.toHexString()}`).toString('base64url');
  const hexOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
  const scopeOf = (user: TestUser) => new Scope(hexOf(user.id), new Map());
  const create = async (user: TestUser, type: string, input: Record<string, unknown>) => (await source.services.inventory.create(scopeOf(user), type, input)).doc;
  const link = (user: TestUser, from: InventoryDoc, to: InventoryDoc, kind: 'DEPENDS_ON' | 'RUNS_ON' | 'PART_OF' | 'SERVES' | 'ENTRY_POINT') => source.services.relations.link(scopeOf(user), gid(from), gid(to), kind);

  async function createGraph(input: Record<string, unknown>, user = alice): Promise<string> {
    const answer = await api.call<{ createGraph: { id: string } }>(CREATE, { i: input }, user.accessToken);
    if (!answer.data) throw new Error(`createGraph failed: ${JSON.stringify(answer.errors)}`);
    return answer.data.createGraph.id;
  }
  async function built(graphId: string, user = alice): Promise<BuildView> {
    const started = await api.call<{ buildGraph: { id: string; status: string } }>(BUILD, { id: graphId }, user.accessToken);
    if (!started.data) throw new Error(`buildGraph failed: ${JSON.stringify(started.errors)}`);
    let build: BuildView | null = null;
    await until(async () => {
      build = (await api.call<{ graphBuild: BuildView }>(BUILD_QUERY, { id: started.data!.buildGraph.id }, user.accessToken)).data?.graphBuild ?? null;
      return build !== null && ['SUCCEEDED', 'FAILED'].includes(build.status);
    }, 'the build to end', 30_000);
    return build!;
  }

  let appA: InventoryDoc;
  let appB: InventoryDoc;
  let appC: InventoryDoc;
  let server: InventoryDoc;

  beforeAll(async () => {
    api = await startTestApi('graphs', { SCHEDULE_MINUTE_MS: '100' });
    source = await startTestSource(api);
    worker = await startTestWorker(api);
    [alice, bob] = await Promise.all([signUp(api, 'Alice'), signUp(api, 'Bob')]);
    mongo = await MongoClient.connect(api.config.mongoUrl);
    // A → B, A → C, B → C, C → A (a cycle), A runs on srv-1.
    appA = await create(alice, 'Application', { name: 'shop', family: 'WEB' });
    appB = await create(alice, 'Application', { name: 'cart', family: 'API' });
    appC = await create(alice, 'Application', { name: 'pricing', family: 'API' });
    server = await create(alice, 'Server', { hostname: 'srv-1' });
    await link(alice, appA, appB, 'DEPENDS_ON');
    await link(alice, appA, appC, 'DEPENDS_ON');
    await link(alice, appB, appC, 'DEPENDS_ON');
    await link(alice, appC, appA, 'DEPENDS_ON');
    await link(alice, appA, server, 'RUNS_ON');
  });

  afterAll(async () => {
    await mongo?.close();
    await worker?.stop();
    await source?.stop();
    await api?.stop();
  });

  it('measures a small graph as one would by hand: sizes, density, depths, types, cycles, the most depended on', async () => {
    const graphId = await createGraph({ name: 'Shop', source: 'APPLICATIONS', sourceIds: [gid(appA)], depth: 3 });
    const build = await built(graphId);
    expect(build.status).toBe('SUCCEEDED');
    const m = build.metrics;
    expect(m.nodes).toBe(4);
    expect(m.edges).toBe(5);
    expect(m.density).toBeCloseTo(5 / 12, 6);
    expect(m.byDepth).toEqual([{ depth: 0, count: 1 }, { depth: 1, count: 3 }]);
    expect(m.byType).toEqual([{ label: 'Application', count: 3 }, { label: 'Server', count: 1 }]);
    expect(m.byFamily).toEqual([{ label: 'API', count: 2 }, { label: 'WEB', count: 1 }]);
    expect(m.cycles).toHaveLength(1);
    expect([...m.cycles[0]!].sort()).toEqual(['cart', 'pricing', 'shop']);
    expect(m.mostDependedOn[0]).toEqual({ name: 'pricing', type: 'Application', dependents: 2 });
    expect(build.nodes.find((n) => n.name === 'shop')).toMatchObject({ depth: 0, root: true });
    expect(build.edges).toContainEqual({ from: gid(appC), to: gid(appA), kind: 'DEPENDS_ON' });
    // Every node has a place in the picture.
    for (const n of build.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
    }
  });

  it('neither shows nor walks through what the builder cannot read', async () => {
    // shop → ledger (Bob's) → audit (Alice's): audit is reached only through ledger.
    const ledger = await create(bob, 'Application', { name: 'ledger' });
    const audit = await create(alice, 'Application', { name: 'audit' });
    await source.services.access.grant(scopeOf(bob), gid(ledger), { kind: 'user', id: hexOf(alice.id) }, 'write');
    await link(alice, appA, ledger, 'DEPENDS_ON');
    await source.services.access.revoke(scopeOf(bob), gid(ledger), { kind: 'user', id: hexOf(alice.id) });
    await source.services.access.grant(scopeOf(alice), gid(audit), { kind: 'user', id: hexOf(bob.id) }, 'write');
    await link(bob, ledger, audit, 'DEPENDS_ON');
    const graphId = await createGraph({ name: 'Shop again', source: 'APPLICATIONS', sourceIds: [gid(appA)], depth: 5 });
    const build = await built(graphId);
    const names = build.nodes.map((n) => n.name).sort();
    expect(names).toEqual(['cart', 'pricing', 'shop', 'srv-1']);
    expect(build.svg).not.toMatch(/ledger|audit/);
    // Bob, reading the graph, builds his own: he cannot read shop, so his graph is empty; Alice's build is not his to see.
    await api.call('mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { role } } }', { input: { entityId: graphId, principalId: bob.id, role: 'READ' } }, alice.accessToken);
    expect((await api.call<{ graphBuild: unknown }>(BUILD_QUERY, { id: build.id }, bob.accessToken)).data?.graphBuild).toBeNull();
    const bobs = await built(graphId, bob);
    expect(bobs.metrics.nodes).toBe(0);
  });

  it('draws the picture in every format: SVG valid and naming every item, PNG of the expected size and not blank, DOT and JSON', async () => {
    const graphId = await createGraph({ name: 'Shop <pictures> & co', source: 'APPLICATIONS', sourceIds: [gid(appA)], depth: 2 });
    const build = await built(graphId);
    expect(XMLValidator.validate(build.svg)).toBe(true);
    for (const n of build.nodes) expect(build.svg).toContain(n.name);
    expect(build.svg).toContain('role="img"');
    expect(build.svg).not.toContain('<pictures>');
    const png = await fetch(`${api.url}${build.exportUrl}`, { headers: { authorization: `Bearer ${alice.accessToken}` } });
    expect(png.headers.get('content-type')).toBe('image/png');
    const image = PNG.sync.read(Buffer.from(await png.arrayBuffer()));
    expect(image.width).toBeGreaterThan(100);
    // The picture of the SVG, at its size.
    const [, svgWidth, svgHeight] = /<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(build.svg)!.map(Number);
    expect(image.width).toBe(Math.round(svgWidth!));
    expect(Math.abs(image.height - svgHeight!)).toBeLessThanOrEqual(1);
    let dark = 0;
    for (let i = 0; i < image.data.length; i += 4) if (image.data[i]! + image.data[i + 1]! + image.data[i + 2]! < 384) dark += 1;
    expect(dark).toBeGreaterThan(100);
    const dot = await (await fetch(`${api.url}/graphs/builds/${build.id}/export?format=dot`, { headers: { authorization: `Bearer ${alice.accessToken}` } })).text();
    expect(dot.startsWith('digraph')).toBe(true);
    expect(dot).toContain('pricing');
    const json = (await (await fetch(`${api.url}/graphs/builds/${build.id}/export?format=json`, { headers: { authorization: `Bearer ${alice.accessToken}` } })).json()) as { nodes: unknown[]; edges: unknown[] };
    expect(json.nodes).toHaveLength(4);
    expect(json.edges).toHaveLength(5);
    // Nobody else downloads it.
    expect((await fetch(`${api.url}${build.exportUrl}`, { headers: { authorization: `Bearer ${bob.accessToken}` } })).status).toBe(404);
  });

  it('starts a system’s graph at its entry points, or its applications of the first family present', async () => {
    const system = await create(alice, 'System', { name: 'Store' });
    const client = await create(alice, 'Client', { name: 'Acme' });
    await link(alice, system, client, 'SERVES');
    await link(alice, appA, system, 'PART_OF');
    await link(alice, appB, system, 'PART_OF');
    // No entry point: WEB ranks before API, so shop is the root.
    const bySystem = await built(await createGraph({ name: 'Store', source: 'SYSTEM', sourceIds: [gid(system)], depth: 1 }));
    expect(bySystem.nodes.filter((n) => n.root).map((n) => n.name)).toEqual(['shop']);
    expect(bySystem.metrics.bySystem).toEqual([{ label: 'Store', count: 2 }]);
    expect(bySystem.metrics.byClient).toEqual([{ label: 'Acme', count: 2 }]);
    await link(alice, system, appB, 'ENTRY_POINT');
    const byEntry = await built(await createGraph({ name: 'Store entry', source: 'SYSTEM', sourceIds: [gid(system)], depth: 1 }));
    expect(byEntry.nodes.filter((n) => n.root).map((n) => n.name)).toEqual(['cart']);
    const byClient = await built(await createGraph({ name: 'Acme', source: 'CLIENT', sourceIds: [gid(client)], depth: 1 }));
    expect(byClient.nodes.filter((n) => n.root).map((n) => n.name)).toEqual(['cart']);
  });

  it('says a build is stale once an item of it changes, and follows a build live', async () => {
    const graphId = await createGraph({ name: 'Live', source: 'APPLICATIONS', sourceIds: [gid(appB)], depth: 1 });
    const base = await listenerBaseline(api.url, ['graphBuildChanged']);
    const live = record<{ graphBuildChanged: { id: string; status: string } }>(`${api.url.replace('http', 'ws')}/graphql`, alice.accessToken, 'subscription($g: ID) { graphBuildChanged(graphId: $g) { id status } }', { g: graphId });
    await waitForListeners(api.url, { graphBuildChanged: base.graphBuildChanged! + 1 });
    const build = await built(graphId);
    await live.next((m) => m.graphBuildChanged.id === build.id && m.graphBuildChanged.status === 'SUCCEEDED', 'the end of the build');
    await live.dispose();
    expect(build.stale).toBe(false);
    await source.services.inventory.update(scopeOf(alice), 'Application', appC._id, { description: 'changed' });
    const again = (await api.call<{ graphBuild: BuildView }>(BUILD_QUERY, { id: build.id }, alice.accessToken)).data!.graphBuild;
    expect(again.stale).toBe(true);
  });

  it('rebuilds a graph on its schedule for its creator, and stops when the schedule is removed', async () => {
    // A minute lasts 100 ms here: every 15 "minutes" is every 1.5 s.
    const graphId = await createGraph({ name: 'Scheduled', source: 'APPLICATIONS', sourceIds: [gid(appB)], depth: 1, scheduleMinutes: 15 });
    const BUILDS = 'query($id: ID!) { graph(id: $id) { nextRunAt builds(first: 100) { id trigger status } } }';
    type Builds = { graph: { nextRunAt: string | null; builds: Array<{ id: string; trigger: string; status: string }> } };
    expect((await api.call<Builds>(BUILDS, { id: graphId }, alice.accessToken)).data!.graph.nextRunAt).not.toBeNull();
    await until(async () => ((await api.call<Builds>(BUILDS, { id: graphId }, alice.accessToken)).data!.graph.builds.some((b) => b.trigger === 'SCHEDULE' && b.status === 'SUCCEEDED')), 'a scheduled build', 30_000);
    const off = await api.call<{ updateGraph: { scheduleMinutes: number | null } }>('mutation($id: ID!) { updateGraph(id: $id, input: { scheduleMinutes: null }) { scheduleMinutes } }', { id: graphId }, alice.accessToken);
    expect(off.data!.updateGraph.scheduleMinutes).toBeNull();
    expect((await api.call<Builds>(BUILDS, { id: graphId }, alice.accessToken)).data!.graph.nextRunAt).toBeNull();
  });

  it('shows only the types asked for, and keeps the history of its changes', async () => {
    const graphId = await createGraph({ name: 'Apps only', source: 'APPLICATIONS', sourceIds: [gid(appA)], depth: 3, types: ['Application'] });
    const build = await built(graphId);
    expect(build.nodes.map((n) => n.name).sort()).toEqual(['cart', 'pricing', 'shop']);
    expect(build.metrics.byType).toEqual([{ label: 'Application', count: 3 }]);
    const renamed = await api.call('mutation($id: ID!) { updateGraph(id: $id, input: { name: "Applications only", depth: 2 }) { id } }', { id: graphId }, alice.accessToken);
    expect(renamed.errors).toBeUndefined();
    const history = await api.call<{ history: { edges: Array<{ node: { operation: string; entityType: string; diff: Array<{ path: string }> } }> } }>(
      'query($id: ID!) { history(id: $id) { edges { node { operation entityType diff { path } } } } }',
      { id: graphId },
      alice.accessToken,
    );
    expect(history.data!.history.edges.map((e) => e.node.operation)).toEqual(['UPDATE', 'CREATE']);
    expect(history.data!.history.edges[0]!.node.entityType).toBe('Graph');
    expect(history.data!.history.edges[0]!.node.diff.map((d) => d.path).sort()).toEqual(['depth', 'name']);
    // Bob, who cannot read it, changes nothing and learns nothing.
    expect(codeOf(await api.call('mutation($id: ID!) { updateGraph(id: $id, input: { name: "mine" }) { id } }', { id: graphId }, bob.accessToken))).toBe('NOT_FOUND');
  });

  it('refuses a bad graph with the path of each problem', async () => {
    const answer = await api.call(CREATE, { i: { name: 'Bad', source: 'SYSTEM', sourceIds: [gid(appA)], depth: 50, kinds: ['DEPENDS_ON'], types: ['Spaceship'] } }, alice.accessToken);
    expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    const paths = ((answer.errors![0]!.extensions as { fields: Array<{ path: string }> }).fields ?? []).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['input.sourceIds.0', 'input.depth', 'input.types.0']));
    // A source the caller cannot read is refused like one that does not exist.
    const ledgerOfBob = await create(bob, 'Application', { name: 'secret-app' });
    const hidden = await api.call(CREATE, { i: { name: 'Peek', source: 'APPLICATIONS', sourceIds: [gid(ledgerOfBob)] } }, alice.accessToken);
    expect(codeOf(hidden)).toBe('BAD_USER_INPUT');
  });

  describe('share links', () => {
    let graphId = '';
    let url = '';
    let shareId = '';

    beforeAll(async () => {
      graphId = await createGraph({ name: 'Shared shop', source: 'APPLICATIONS', sourceIds: [gid(appA)], depth: 2 });
      await built(graphId);
      const made = await api.call<{ createGraphShareLink: { id: string; url: string; embedUrl: string; imageUrl: string } }>(
        'mutation($g: ID!, $e: DateTimeISO!) { createGraphShareLink(graphId: $g, expiresAt: $e) { id url embedUrl imageUrl } }',
        { g: graphId, e: new Date(Date.now() + 86_400_000).toISOString() },
        alice.accessToken,
      );
      if (!made.data) throw new Error(JSON.stringify(made.errors));
      ({ id: shareId, url } = made.data.createGraphShareLink);
    });

    const path = (full: string) => full.replace(/^https?:\/\/[^/]+/, '');

    it('works without a login, shows the picture and metrics and nothing else, and counts each use', async () => {
      const page = await fetch(`${api.url}${path(url)}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await page.text();
      expect(html).toContain('Shared shop');
      expect(html).toContain('pricing');
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/ledger|audit/);
      const embed = await fetch(`${api.url}${path(url)}/embed`);
      expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
      const svg = await fetch(`${api.url}${path(url)}/picture.svg`);
      expect(svg.headers.get('content-type')).toContain('image/svg+xml');
      const png = await fetch(`${api.url}${path(url)}/picture.png`);
      expect(PNG.sync.read(Buffer.from(await png.arrayBuffer())).width).toBeGreaterThan(100);
      // The token opens that graph's picture, not the API.
      const token = path(url).split('/').pop()!;
      const asBearer = await api.call('{ graphs { id } }', {}, token);
      expect(codeOf(asBearer)).toBe('UNAUTHENTICATED');
      const links = await api.call<{ graph: { shareLinks: Array<{ id: string; uses: number; live: boolean }> } }>('query($id: ID!) { graph(id: $id) { shareLinks { id uses live } } }', { id: graphId }, alice.accessToken);
      expect(links.data!.graph.shareLinks).toEqual([{ id: shareId, uses: 4, live: true }]);
      // Someone who only reads the graph cannot make a link, nor see them.
      await api.call('mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { role } } }', { input: { entityId: graphId, principalId: bob.id, role: 'READ' } }, alice.accessToken);
      expect(codeOf(await api.call('mutation($g: ID!, $e: DateTimeISO!) { createGraphShareLink(graphId: $g, expiresAt: $e) { id } }', { g: graphId, e: new Date(Date.now() + 86_400_000).toISOString() }, bob.accessToken))).toBe('FORBIDDEN');
      expect((await api.call<{ graph: { shareLinks: unknown[] } }>('query($id: ID!) { graph(id: $id) { shareLinks { id } } }', { id: graphId }, bob.accessToken)).data!.graph.shareLinks).toEqual([]);
    });

    it('stops working at once when revoked, when expired, and when the graph is deleted; a forged link never works', async () => {
      expect((await fetch(`${api.url}${path(url)}x`)).status).toBe(404);
      const revoked = await api.call<{ revokeGraphShareLink: { live: boolean } }>('mutation($id: ID!) { revokeGraphShareLink(id: $id) { live } }', { id: shareId }, alice.accessToken);
      expect(revoked.data!.revokeGraphShareLink.live).toBe(false);
      expect((await fetch(`${api.url}${path(url)}`)).status).toBe(404);
      expect((await fetch(`${api.url}${path(url)}/picture.png`)).status).toBe(404);

      const expiring = await api.call<{ createGraphShareLink: { id: string; url: string } }>('mutation($g: ID!, $e: DateTimeISO!) { createGraphShareLink(graphId: $g, expiresAt: $e) { id url } }', { g: graphId, e: new Date(Date.now() + 3_600_000).toISOString() }, alice.accessToken);
      const second = expiring.data!.createGraphShareLink;
      expect((await fetch(`${api.url}${path(second.url)}`)).status).toBe(200);
      // Its time runs out (moved into the past in the database: the token's own expiry is later).
      await mongo.db().collection('graph_shares').updateOne({ _id: new (await import('mongodb')).ObjectId(hexOf(second.id)) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await fetch(`${api.url}${path(second.url)}`)).status).toBe(404);

      const third = (await api.call<{ createGraphShareLink: { url: string } }>('mutation($g: ID!, $e: DateTimeISO!) { createGraphShareLink(graphId: $g, expiresAt: $e) { url } }', { g: graphId, e: new Date(Date.now() + 3_600_000).toISOString() }, alice.accessToken)).data!.createGraphShareLink;
      expect((await fetch(`${api.url}${path(third.url)}`)).status).toBe(200);
      await api.call('mutation($id: ID!) { deleteGraph(id: $id) { id } }', { id: graphId }, alice.accessToken);
      expect((await fetch(`${api.url}${path(third.url)}`)).status).toBe(404);
      // A link expiring in the past, or a year and more away, is refused.
      expect(codeOf(await api.call('mutation($g: ID!, $e: DateTimeISO!) { createGraphShareLink(graphId: $g, expiresAt: $e) { id } }', { g: await createGraph({ name: 'x', source: 'APPLICATIONS', sourceIds: [gid(appA)] }), e: new Date(Date.now() - 1000).toISOString() }, alice.accessToken))).toBe('BAD_USER_INPUT');
    });

    it('limits how often one address opens share links, good or bad (120 a minute)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 130; i += 1) statuses.push((await fetch(`${api.url}/share/graphs/not-a-token-${i}`)).status);
      expect(statuses.filter((s) => s === 404).length).toBeLessThanOrEqual(120);
      expect(statuses.at(-1)).toBe(429);
    });
  });
});
