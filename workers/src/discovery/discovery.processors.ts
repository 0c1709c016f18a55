import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ObjectId } from 'mongodb';
import { DEFAULT_AWS_REGION } from '../../../server/src/modules/discovery/aws-clients.js';
import type { DiscoveryKind } from '../../../server/src/modules/discovery/connection.model.js';
import { ACCOUNT_REGION, zeroCounts, type DiscoveryCounts, type DiscoveryEntry } from '../../../server/src/modules/discovery/discovery-run.model.js';
import { discoveryActor } from '../../../server/src/modules/history/actor.js';
import type { ActorData } from '../../../server/src/modules/history/change.model.js';
import type { InventoryDoc } from '../../../server/src/modules/inventory/engine/entity-def.js';
import { externalKey } from '../../../server/src/modules/inventory/engine/item-keys.js';
import { RELATION_KINDS, relationId, type RelationDoc } from '../../../server/src/modules/relations/relation.model.js';
import type { EdgeToLink } from '../../../server/src/modules/relations/relation.service.js';
import { processorOf, type JobContext, type Processor, type ProcessorEntry } from '../registry.js';
import { CRAWLERS, type Crawler, type CrawlerKind } from './aws/crawlers.js';
import type { DiscoveredRecord } from './aws/records.js';

/** The crawler of each kind a connection discovers. */
const CRAWLER_OF: Readonly<Record<DiscoveryKind, CrawlerKind>> = {
  SERVERS: 'servers',
  VOLUMES: 'volumes',
  SNAPSHOTS: 'snapshots',
  IMAGES: 'images',
  NETWORKS: 'networks',
  DATABASES: 'databases',
  LOAD_BALANCERS: 'loadBalancers',
  OBJECT_STORAGE: 'objectStorage',
  CDN: 'cdn',
};

/** The longest error kept on a run. */
const MAX_ERROR = 500;

/** An error in words: the provider's code and message, or why it could not be reached; never a stack. */
export function inWords(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string };
  let text: string;
  if (e?.code && /^E[A-Z]+$/.test(e.code)) text = `Could not reach the provider (${e.code}).`;
  else text = `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(error)}`;
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
}

/**
 * One (connection, region, kind) of a run. At-least-once safe: it lists
 * everything first and writes nothing until the listing has succeeded (a
 * failed call, an access denied, a missing page: the job throws and
 * nothing is deactivated); then the reconcile (idempotent: what is
 * unchanged costs no write), the links (only those not live already) and
 * the unlinks of what vanished. Each attempt's counts replace the last's.
 */
const discoverKind: Processor<'discoverKind'> = async (job, context) => {
  const { runId, kind, region } = job.data;
  const base = { kind, region, attempts: job.attemptsMade + 1, startedAt: new Date(), finishedAt: null, error: null };
  const runs = context.services.discoveryRuns;
  const record = (entry: Omit<DiscoveryEntry, 'kind' | 'region' | 'attempts' | 'startedAt'>) => runs.recordEntry(runId, { ...base, ...entry });
  await record({ status: 'RUNNING', ...zeroCounts(), finishedAt: null, error: null });
  try {
    const counts = await discover(job.data, context);
    await record({ status: 'SUCCEEDED', ...counts, finishedAt: new Date(), error: null });
    return counts;
  } catch (error) {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    context.logger.warn({ run: runId, kind, region, attempt: base.attempts, problem: inWords(error) }, last ? 'discovery job failed' : 'discovery job failed; it will be retried');
    await record({ status: last ? 'FAILED' : 'RETRYING', ...zeroCounts(), finishedAt: new Date(), error: inWords(error) });
    throw error;
  }
};

async function discover(payload: { runId: string; connectionId: string; region: string; kind: DiscoveryKind }, { services }: JobContext): Promise<DiscoveryCounts> {
  const { runId, connectionId, region, kind } = payload;
  const run = await services.discoveryRuns.forJob(runId);
  const connection = await services.connections.forJob(new ObjectId(connectionId));
  if (!run || !connection || !connection.active) throw new Error('The connection was deleted.');
  const crawler: Crawler<unknown> = CRAWLERS[CRAWLER_OF[kind]];
  const clientRegion = region === ACCOUNT_REGION ? (connection.regions[0] ?? DEFAULT_AWS_REGION) : region;
  const clients = services.connections.awsClients(connection, clientRegion);
  const owner = connection.owner;
  const actor = discoveryActor({ id: connectionId, name: connection.name, workspaceTeamId: owner.kind === 'team' ? owner.id : null }, runId);
  let records: DiscoveredRecord[];
  let account: string;
  let within: { provider: string; account: string; region?: string };
  let candidates: InventoryDoc[];
  let made: RelationDoc[];
  try {
    account = run.account ?? (await clients.sts.send(new GetCallerIdentityCommand({}))).Account ?? '';
    if (!account) throw new Error('STS did not say which account the credentials are.');
    if (!run.account) await services.discoveryRuns.setAccount(run, account);
    const at = crawler.scope === 'account' ? { provider: 'aws', account } : { provider: 'aws', account, region };
    within = at;
    const own = new Set(crawler.types);
    // While AWS lists, one read of the owner's items there (what the reconcile compares with what it saw, the other
    // ends of the links, what the transform takes from other kinds) and one of the edges this connection made at them.
    const reads = services.inventory.atProvider(owner, at, [...crawler.types, ...(crawler.reads ?? [])]).then(async (docs) => {
      const ids = docs.filter((d) => own.has(d.type)).map((d) => d._id.toHexString());
      return { docs, made: await services.relations.linkedBy(actor, ids, RELATION_KINDS) };
    });
    const ctx = { account, region: clientRegion };
    // Everything is listed before anything is written.
    const [read, raw] = await Promise.all([reads, crawler.list(clients, ctx)]);
    candidates = read.docs;
    made = read.made;
    const known = candidates.filter((d) => d.external && d.active).map((d) => ({ type: d.type, id: d.external!.id, fields: d }));
    records = crawler.transform(raw, { ...ctx, known });
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }

  const counts = zeroCounts();
  counts.found = records.length;
  const docs = new Map<DiscoveredRecord, InventoryDoc>();
  const retired: string[] = [];
  for (const type of crawler.types) {
    const ofType = records.filter((r) => r.type === type);
    const result = await services.reconcile.reconcile({
      actor,
      def: services.inventory.info(type).def,
      owner,
      scope: null,
      mode: 'SNAPSHOT',
      records: ofType.map((r, ref) => ({ ref, fields: r.fields, external: r.external })),
      within,
      where: crawler.only,
      candidates,
      previousRunAt: run.previousRunAt,
      by: connection.createdBy,
    });
    counts.deactivated += result.deactivated;
    retired.push(...result.retired);
    for (const row of result.rows) {
      if (row.status === 'CREATED') counts.created += 1;
      else if (row.status === 'UPDATED') counts.updated += 1;
      else if (row.status === 'UNCHANGED') counts.unchanged += 1;
      else counts.failed += 1;
      if (row.warnings.some((w) => w.code === 'KEPT_BY_LOCK')) counts.keptByLock += 1;
      if (row.doc && row.status !== 'ERROR') docs.set(ofType[row.row]!, row.doc);
    }
  }
  await relink(services, actor, connection.datacenterId, crawler, docs, candidates, made, retired, counts);
  return counts;
}

/**
 * Links what the records say, to the connection's datacenter or to items
 * by their provider key, found among `candidates` (the owner's items in the
 * account and region, read once before the reconcile); a link whose other
 * end is not in the inventory yet, or inactive, is skipped and counted.
 * Then unlinks the edges of the crawled items that this connection made and
 * the provider no longer reports, and every edge this connection made at an
 * item it no longer sees (of any kind, from either end: a terminated
 * instance keeps no volume, subnet or target group). Edges people made
 * stay. The edges this connection made at those items are read first, in
 * one query: those it still wants are live already, so only the others are
 * looked up by id (none, when nothing changed).
 */
async function relink(
  services: JobContext['services'],
  actor: ActorData,
  datacenterId: string,
  crawler: Crawler<unknown>,
  docs: ReadonlyMap<DiscoveredRecord, InventoryDoc>,
  candidates: readonly InventoryDoc[],
  made: readonly RelationDoc[],
  retired: readonly string[],
  counts: DiscoveryCounts,
): Promise<void> {
  const keyOf = (doc: InventoryDoc, record: DiscoveredRecord, to: { type: string; id: string }) =>
    externalKey(doc.owner, to.type, { provider: 'aws', account: record.external.account, region: record.external.region, id: to.id });
  // The other ends are of the same owner, account and region: among the items read before the reconcile.
  const byKey = new Map(candidates.flatMap((d) => (d.key ? [[d.key, d] as const] : [])));
  const needsDatacenter = [...docs.keys()].some((r) => r.links.some((l) => 'datacenter' in l.to));
  const datacenter = needsDatacenter ? ((await services.inventory.findAnyMany([new ObjectId(datacenterId)]))[0] ?? null) : null;
  const edges: EdgeToLink[] = [];
  for (const [record, doc] of docs) {
    if (!doc.active) continue;
    for (const link of record.links) {
      const other = 'datacenter' in link.to ? datacenter : (byKey.get(keyOf(doc, record, link.to)) ?? null);
      if (!other || !other.active) {
        counts.linksSkipped += 1;
        continue;
      }
      edges.push(link.direction === 'out' ? { kind: link.kind, from: doc, to: other } : { kind: link.kind, from: other, to: doc });
    }
  }
  // Only edges this connection made, of the kinds this crawler reports, at the items it saw.
  const seen = [...docs.values()].filter((d) => d.active).map((d) => d._id.toHexString());
  const seenSet = new Set(seen);
  const retiredSet = new Set(retired);
  const live = new Set(made.map((e) => e._id));
  const idOf = (e: EdgeToLink) => relationId(e.kind, e.from._id.toHexString(), e.to._id.toHexString());
  const missing = edges.filter((e) => !live.has(idOf(e)));
  counts.linked = missing.length > 0 ? (await services.relations.linkMissing(actor, missing)).linked : 0;
  const wanted = new Set(edges.map(idOf));
  const kinds = new Set<string>(crawler.linkKinds);
  // A crawled item is the edge's `from` or, for a link it owns inwards (a server's attached volumes), its `to`.
  const vanished = made.filter(
    (e) => (kinds.has(e.kind) && (seenSet.has(e.from) || seenSet.has(e.to)) && !wanted.has(e._id)) || retiredSet.has(e.from) || retiredSet.has(e.to),
  );
  counts.unlinked = vanished.length > 0 ? await services.relations.unlinkMany(actor, vanished) : 0;
}

/** The run itself, the parent job of its flow: runs once every job of the run has finished or failed for good, and closes the run. */
const discoveryRun: Processor<'discoveryRun'> = async (job, { services }) => {
  const run = await services.discoveryRuns.finish(job.data.runId);
  return { status: run?.status ?? 'FAILED' };
};

/**
 * A tick of a connection's schedule for one kind: a run of that kind, unless
 * the connection was paused or deleted or the kind switched off since (the
 * scheduler then goes too). A kind and region still being discovered by an
 * earlier run is skipped, and the new run says so: ticks never pile up.
 */
const discoveryTick: Processor<'discoveryTick'> = async (job, { services, logger }) => {
  const run = await services.discoveryRuns.startScheduled(new ObjectId(job.data.connectionId), job.data.kind, String(job.id));
  if (!run) {
    const connection = await services.connections.forJob(new ObjectId(job.data.connectionId));
    if (connection) await services.discoverySchedules.sync(connection);
    return { runId: null, skipped: 'The connection is paused or deleted, or this kind is switched off.' };
  }
  const skipped = Object.values(run.entries).every((e) => e.status === 'SKIPPED');
  if (skipped) logger.info({ run: run._id.toHexString(), kind: job.data.kind }, 'scheduled discovery skipped: the previous run is still going');
  return { runId: run._id.toHexString(), skipped: skipped ? 'The previous run of this kind is still going.' : null };
};

export const discoveryProcessors: ProcessorEntry[] = [
  processorOf('discovery', 'discoverKind', discoverKind),
  processorOf('discovery', 'discoveryRun', discoveryRun),
  processorOf('discovery', 'discoveryTick', discoveryTick),
];
