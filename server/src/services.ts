import { GRAPH_TYPE } from './modules/graphs/graph.model.js';
import { GraphRepository } from './modules/graphs/graph.repository.js';
import { GraphService } from './modules/graphs/graph.service.js';
import { REPORT_TYPE } from './modules/reports/report.model.js';
import { ReportRepository } from './modules/reports/report.repository.js';
import { ReportService } from './modules/reports/report.service.js';
import { SCHEDULE_TYPE } from './modules/schedules/schedule.model.js';
import { ScheduleRepository } from './modules/schedules/schedule.repository.js';
import { ScheduleService } from './modules/schedules/schedule.service.js';
import { DiscoverySchedules } from './modules/discovery/discovery-schedules.js';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from './config/env.js';
import { resolveEncryptionKeys, resolveSecrets } from './config/secrets.js';
import { SecretBox } from './shared/secret-box.js';
import { AwsClientFactory } from './modules/discovery/aws-clients.js';
import { CONNECTION_TYPE } from './modules/discovery/connection.model.js';
import { ConnectionRepository } from './modules/discovery/connection.repository.js';
import { DiscoveryRunRepository } from './modules/discovery/discovery-run.repository.js';
import { DiscoveryRunService } from './modules/discovery/discovery-run.service.js';
import { ConnectionService, type DatacenterDirectory } from './modules/discovery/connection.service.js';
import { principalKey } from './modules/access/access.model.js';
import { PrincipalCache } from './modules/identity/principal-cache.js';
import { toGlobalId } from './shared/ids.js';
import type { Services } from './graphql/context.js';
import type { Infrastructure } from './app.js';
import { createMailer, type Mailer } from './infra/mailer.js';
import { createMailOutbox } from './jobs/mail-outbox.js';
import { createLimiter } from './infra/rate-limit.js';
import type { Logger } from './logger.js';
import { AccessService } from './modules/access/access.service.js';
import { OptionsRepository } from './modules/options/options.js';
import { IdentityRepository } from './modules/identity/identity.repository.js';
import { IdentityService } from './modules/identity/identity.service.js';
import { SecretRepository } from './modules/identity/secret.repository.js';
import { TokenService } from './modules/identity/token.service.js';
import { HistoryRepository } from './modules/history/history.repository.js';
import { HistoryService } from './modules/history/history.service.js';
import { ChangePublisher } from './modules/history/change.publisher.js';
import { repairStrandedChanges } from './modules/history/stranded-repair.js';
import { DEFINITIONS } from './modules/inventory/definitions.js';
import { InventoryRepository } from './modules/inventory/engine/inventory.repository.js';
import { InventoryService } from './modules/inventory/engine/inventory.service.js';
import { ImportRepository } from './modules/inventory/engine/import.repository.js';
import { ReconcileService } from './modules/inventory/engine/reconcile.service.js';
import type { InventoryDoc } from './modules/inventory/engine/entity-def.js';
import { RelationRepository } from './modules/relations/relation.repository.js';
import { RelationService } from './modules/relations/relation.service.js';
import { HeartbeatRepository } from './modules/status/heartbeat.repository.js';
import { API_GROUP, StatusService } from './modules/status/status.service.js';
import { TeamRepository } from './modules/teams/team.repository.js';
import { InvitationRepository } from './modules/teams/invitation.repository.js';
import { InvitationService } from './modules/teams/invitation.service.js';
import { TeamService } from './modules/teams/team.service.js';
import { normalizeEmail } from './modules/identity/identity.service.js';
import type { NotificationEvent } from './modules/notifications/notification.model.js';
import type { PrincipalDirectory } from './modules/access/access.service.js';
import { ObjectId } from 'mongodb';

/** Longest a change waits for Redis to pass an invalidation on (when Redis is down, caches are emptied as it comes back). */
const INVALIDATION_WAIT_MS = 2000;

/**
 * Acknowledgements of identity changes in Redis: each API process that
 * dropped the users of an `identityChanged` event adds its name to a set
 * kept under the event's id for a few seconds.
 */
class IdentityAcks {
  constructor(
    private readonly redis: Infrastructure['redis'],
    private readonly prefix: string,
  ) {}

  private key(eventId: string): string {
    return `${this.prefix}:identity-acks:${eventId}`;
  }

  async add(eventId: string, processName: string): Promise<void> {
    await this.redis.multi().sadd(this.key(eventId), processName).pexpire(this.key(eventId), 10_000).exec();
  }

  members(eventId: string): Promise<string[]> {
    return this.redis.smembers(this.key(eventId));
  }
}

/**
 * What every change to a user's sessions, profile or teams calls, with the
 * users it touched: this process forgets them at once; every other live API
 * process (by its heartbeat) when the `identityChanged` event reaches it, and
 * the call resolves once each has acknowledged, so that the change answers
 * only after no API process can serve what it held. A process that does not
 * acknowledge within INVALIDATION_WAIT_MS (dead, or cut off from Redis, whose
 * reconnection empties its cache anyway) is not waited for longer.
 */
function identityChangedNotifier(
  principals: PrincipalCache,
  infra: Infrastructure,
  acks: IdentityAcks,
  self: string,
  liveApis: () => Promise<string[]>,
): (userIds: string[]) => Promise<void> {
  return async (userIds) => {
    principals.invalidate(userIds);
    const eventId = randomUUID();
    const others = (await liveApis().catch(() => [] as string[])).filter((name) => name !== self);
    infra.events.publish('identityChanged', { userIds, eventId });
    const deadline = Date.now() + INVALIDATION_WAIT_MS;
    while (others.length > 0 && Date.now() < deadline) {
      const acknowledged = new Set(await acks.members(eventId).catch(() => [] as string[]));
      if (others.every((name) => acknowledged.has(name))) return;
      await delay(2);
    }
  };
}

export interface ServiceSet {
  services: Services;
  principals: PrincipalCache;
  tokens: TokenService;
  users: IdentityRepository;
  mailer: Mailer;
}

/**
 * Builds every domain service of a process (API or worker) on its
 * infrastructure, and creates the indexes they need (idempotent).
 */
export async function createServices(config: Config, infra: Infrastructure, logger: Logger, self: string): Promise<ServiceSet> {
  const db = infra.mongo.db;
  const users = new IdentityRepository(db);
  const teamRepo = new TeamRepository(db);
  const inventoryRepo = new InventoryRepository(db);
  const relationRepo = new RelationRepository(db);
  const options = new OptionsRepository(db);
  const historyRepo = new HistoryRepository(db);
  const importRepo = new ImportRepository(db);
  const invitationRepo = new InvitationRepository(db);
  const connectionRepo = new ConnectionRepository(db);
  const runRepo = new DiscoveryRunRepository(db);
  const scheduleRepo = new ScheduleRepository(db);
  const reportRepo = new ReportRepository(db);
  const graphRepo = new GraphRepository(db);
  await Promise.all([
    graphRepo.ensureIndexes(),
    reportRepo.ensureIndexes(),
    connectionRepo.ensureIndexes(),
    runRepo.ensureIndexes(),
    scheduleRepo.ensureIndexes(),
    users.ensureIndexes(),
    teamRepo.ensureIndexes(),
    invitationRepo.ensureIndexes(),
    inventoryRepo.ensureIndexes(),
    relationRepo.ensureIndexes(),
    historyRepo.ensureIndexes(),
    importRepo.ensureIndexes(),
    options.seed(),
  ]);

  const acks = new IdentityAcks(infra.redis, config.redisPrefix);
  const principals = new PrincipalCache(users, teamRepo, infra.events, logger, (eventId) => acks.add(eventId, self));
  const heartbeats = new HeartbeatRepository(infra.redis, config.redisPrefix);
  const identityChanged = identityChangedNotifier(principals, infra, acks, self, () => heartbeats.live(API_GROUP, config.statusLeaseMs));
  const secretStore = new SecretRepository(db);
  const secrets = await resolveSecrets(config, secretStore, logger);
  const secretBox = new SecretBox(await resolveEncryptionKeys(config, secretStore, logger));
  const tokens = new TokenService({ jwt: secrets.jwt, reset: secrets.reset }, config.publicUrl);
  // E-mail is sent by the worker's mail jobs (the mailer); every process may queue it (the outbox).
  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  const outbox = createMailOutbox(infra.queues);
  const notify = (event: Omit<NotificationEvent, 'id' | 'at'>) =>
    infra.events.publish('notification', { id: randomUUID(), at: new Date().toISOString(), ...event });
  const prefix = config.redisPrefix;
  const identity = new IdentityService(
    users,
    tokens,
    {
      loginPerAccount: createLimiter(infra.redis, prefix, 'login-account', 10, 15 * 60),
      loginPerAddress: createLimiter(infra.redis, prefix, 'login-address', 30, 60),
      resetPerAccount: createLimiter(infra.redis, prefix, 'reset-account', 5, 60 * 60),
    },
    mailer,
    outbox,
    config.publicUrl,
    logger,
    identityChanged,
  );
  const changes = new ChangePublisher(infra.events);
  const history = new HistoryService(historyRepo, changes, logger, config.faults);
  history.register(inventoryRepo.changes);
  // Edges are versioned entities of their own: links and unlinks are their changes.
  history.register(relationRepo.changes);
  history.register(connectionRepo.changes);
  history.register(scheduleRepo.changes);
  history.register(reportRepo.changes);
  history.register(graphRepo.changes);
  await relationRepo.migrate();
  const directory: PrincipalDirectory = {
    userIdByEmail: async (email) => (await users.findUserByEmail(normalizeEmail(email)))?._id.toHexString() ?? null,
    exists: async (kind, id) =>
      (kind === 'user' ? await users.findUsersByIds([new ObjectId(id)]) : await teamRepo.findByIds([new ObjectId(id)])).length > 0,
  };
  const access = new AccessService(history, directory, ({ kind, principal, role, entity }) =>
    notify({
      kind,
      message:
        kind === 'ACCESS_GRANTED'
          ? `You can now ${role === 'read' ? 'see' : role === 'write' ? 'change' : 'administer'} ${entity.type} ${entity.name} (${role?.toUpperCase()}).`
          : `Your access to ${entity.type} ${entity.name} was removed.`,
      recipients: [principalKey(principal.kind, principal.id)],
      entityType: entity.type,
      entityId: toGlobalId(entity.type, entity._id),
    }),
  );
  for (const def of DEFINITIONS) access.register(def.type, inventoryRepo);
  access.register(CONNECTION_TYPE, connectionRepo, connectionRepo.changes.name);
  access.register(SCHEDULE_TYPE, scheduleRepo, scheduleRepo.changes.name);
  access.register(REPORT_TYPE, reportRepo, reportRepo.changes.name);
  access.register(GRAPH_TYPE, graphRepo, graphRepo.changes.name);
  const teams = new TeamService(
    teamRepo,
    (teamId) => access.countSoleAdmin('team', teamId),
    async (memberIds, emailLower) =>
      (await users.findUsersByIds(memberIds.map((id) => new ObjectId(id)))).find((u) => u.emailLower === emailLower)?._id.toHexString() ?? null,
    identityChanged,
  );
  const invitations = new InvitationService(invitationRepo, teams, teamRepo, users, outbox, mailer, config.publicUrl, ({ userId, team, role }) =>
    notify({
      kind: 'TEAM_INVITATION',
      message: `You are invited to join the team ${team.name} (${role.toUpperCase()}). Answer in Invitations.`,
      recipients: [principalKey('user', userId)],
      entityType: null,
      entityId: null,
    }),
  );
  const reconcile = new ReconcileService(inventoryRepo, history);
  const inventory = new InventoryService(inventoryRepo, DEFINITIONS, history, reconcile, importRepo);
  const relations = new RelationService(relationRepo, inventoryRepo, history);
  const datacenters: DatacenterDirectory = {
    get: (scope, id) => inventory.get(scope, id, 'Datacenter'),
    findByName: async (scope, name) => {
      const owner = scope.creator;
      const found = await inventoryRepo.find(scope, { type: 'Datacenter', active: true, 'owner.kind': owner.kind, 'owner.id': owner.id, nameLower: name.toLowerCase() }, { limit: 1 });
      return found[0] ?? null;
    },
    create: async (scope, input) => (await inventory.create(scope, 'Datacenter', { ...input })).doc,
  };
  const discoverySchedules = new DiscoverySchedules(infra.queues.queues.discovery, config.scheduleMinuteMs, logger);
  const connections = new ConnectionService(
    connectionRepo,
    history,
    secretBox,
    new AwsClientFactory(config.aws),
    datacenters,
    logger,
    // Each test is a call to the provider: 30 a minute per person is plenty for a form, and no oracle for keys.
    createLimiter(infra.redis, prefix, 'connection-test', 30, 60),
    discoverySchedules,
  );
  const discoveryRuns = new DiscoveryRunService(runRepo, connections, infra.queues, infra.events, logger, createLimiter(infra.redis, prefix, 'discovery-start', 30, 60));
  const schedules = new ScheduleService(scheduleRepo, history, secretBox, infra.queues.queues.maintenance, infra.events, config.outbound, config.scheduleMinuteMs, logger, createLimiter(infra.redis, prefix, 'schedule-run', 30, 60), infra.redis, prefix);
  const reports = new ReportService(
    reportRepo,
    history,
    infra.queues.queues.reports,
    infra.events,
    users,
    teamRepo,
    outbox,
    mailer,
    logger,
    // A run reads much of the inventory: 30 a minute per person.
    createLimiter(infra.redis, prefix, 'report-run', 30, 60),
    config.reportRetentionDays,
    config.scheduleMinuteMs,
    config.publicUrl,
    config.faults.has('slow-report-pages') ? 300 : 0,
  );
  const graphs = new GraphService(
    graphRepo,
    relationRepo,
    history,
    infra.queues.queues.graphs,
    infra.events,
    users,
    teamRepo,
    logger,
    createLimiter(infra.redis, prefix, 'graph-build', 30, 60),
    secrets.share,
    config.scheduleMinuteMs,
    config.publicUrl,
  );
  // Edges keep a copy of who can read each end and its name (relation fields page on it): a change of those moves the copies.
  history.onChange('inventory', (entity, changed) => relations.itemChanged(entity as InventoryDoc, changed, inventory.info((entity as InventoryDoc).type).def.nameField));
  // Changes a crash kept from being recorded (and old enough that their writer is gone) are recorded
  // before this process serves anything; the maintenance queue repeats this every HISTORY_REPAIR_INTERVAL_MS.
  await repairStrandedChanges(history, config.historyRepairGraceMs);
  await relations.copyMissingEnds();
  const status = new StatusService({
    db,
    redis: infra.redis,
    queues: infra.queues,
    heartbeats,
    events: infra.events,
    self,
    timeoutMs: config.statusTimeoutMs,
    apiHeartbeatTtlMs: config.statusLeaseMs,
  });
  return {
    services: { status, identity, teams, invitations, teamDirectory: teamRepo, inventory, reconcile, relations, access, connections, discoveryRuns, discoverySchedules, schedules, reports, graphs, history, events: infra.events, limits: { maxImportBytes: config.maxImportBytes }, options },
    principals,
    tokens,
    users,
    mailer,
  };
}
