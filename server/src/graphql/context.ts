import type { GraphService } from '../modules/graphs/graph.service.js';
import type { ReportService } from '../modules/reports/report.service.js';
import type { ScheduleService } from '../modules/schedules/schedule.service.js';
import type { DiscoverySchedules } from '../modules/discovery/discovery-schedules.js';
import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import type { EventBus } from '../events/pubsub.js';
import type { OptionsRepository } from '../modules/options/options.js';
import type { AccessService } from '../modules/access/access.service.js';
import type { ConnectionService } from '../modules/discovery/connection.service.js';
import type { Auth } from '../modules/identity/auth.context.js';
import type { UserDoc } from '../modules/identity/identity.repository.js';
import type { IdentityService } from '../modules/identity/identity.service.js';
import type { InventoryDoc } from '../modules/inventory/engine/entity-def.js';
import type { InventoryService } from '../modules/inventory/engine/inventory.service.js';
import type { ReconcileService } from '../modules/inventory/engine/reconcile.service.js';
import type { RelationField } from '../modules/relations/relation.model.js';
import type { NeighbourPage, NeighbourRequest, RelationService } from '../modules/relations/relation.service.js';
import type { HistoryService } from '../modules/history/history.service.js';
import type { StatusService } from '../modules/status/status.service.js';
import type { TeamDoc, TeamRepository } from '../modules/teams/team.repository.js';
import type { TeamService } from '../modules/teams/team.service.js';
import { fromGlobalId } from '../shared/ids.js';
import type { DiscoveryRunService } from '../modules/discovery/discovery-run.service.js';
import type { InvitationService } from '../modules/teams/invitation.service.js';

/** Services a resolver may call. Built once per process, shared by requests. */
export interface Services {
  status: StatusService;
  identity: IdentityService;
  teams: TeamService;
  invitations: InvitationService;
  teamDirectory: TeamRepository;
  inventory: InventoryService;
  relations: RelationService;
  reconcile: ReconcileService;
  history: HistoryService;
  access: AccessService;
  connections: ConnectionService;
  discoveryRuns: DiscoveryRunService;
  discoverySchedules: DiscoverySchedules;
  schedules: ScheduleService;
  reports: ReportService;
  graphs: GraphService;
  events: EventBus;
  limits: { maxImportBytes: number };
  options: OptionsRepository;
}

/** Batching loaders, made fresh for every request so nothing leaks between callers. */
export interface Loaders {
  /** Users by hex id, for showing who holds a role or a membership. */
  users: DataLoader<string, UserDoc | null>;
  /** Teams by hex id, for showing who holds a role. */
  teams: DataLoader<string, TeamDoc | null>;
  /** Inventory items by hex id, among those the caller can read (null for the others). */
  items: DataLoader<string, InventoryDoc | null>;
  /**
   * Pages of readable neighbours along one relation field: the pages asked
   * in one tick (all the items of one level of a nested query) are loaded
   * together, in two commands; one page alone is paged in the database.
   */
  neighbours(field: Pick<RelationField, 'kind' | 'direction' | 'types'>): DataLoader<NeighbourRequest, NeighbourPage, string>;
  /**
   * Whether the caller can read the inventory item of a global id, now: the
   * loads of one tick are one query, and nothing is cached, so each event of
   * a long subscription is checked afresh.
   */
  readable: DataLoader<string, boolean>;
}

export interface GraphQLContext {
  requestId: string;
  logger: Logger;
  services: Services;
  auth: Auth;
  loaders: Loaders;
}

function byId<T extends { _id: ObjectId }>(ids: readonly string[], docs: T[]): Array<T | null> {
  const map = new Map(docs.map((d) => [d._id.toHexString(), d]));
  return ids.map((id) => map.get(id) ?? null);
}

export function createLoaders(services: Services, auth: Auth): Loaders {
  const neighbourLoaders = new Map<string, DataLoader<NeighbourRequest, NeighbourPage, string>>();
  const readableItems = async (ids: readonly string[]) =>
    ids.length === 0 ? [] : byId(ids, await services.inventory.getMany(await auth.scope(), ids.map((id) => new ObjectId(id))));
  let readable: Loaders['readable'] | undefined;
  let users: Loaders['users'] | undefined;
  let teams: Loaders['teams'] | undefined;
  let items: Loaders['items'] | undefined;
  return {
    neighbours(field) {
      const key = `${field.kind}|${field.direction}|${field.types?.join(',') ?? ''}`;
      let loader = neighbourLoaders.get(key);
      if (!loader) {
        loader = new DataLoader(async (requests) => services.relations.neighbourPages(await auth.scope(), field, requests), {
          cacheKeyFn: (r) => JSON.stringify([r.id, r.first, r.after?.name ?? null, r.after?.id ?? null]),
        });
        neighbourLoaders.set(key, loader);
      }
      return loader;
    },
    // Made when first used: most requests need none of them.
    get readable() {
      return (readable ??= new DataLoader(
        async (globalIds) => {
          const hexIds = globalIds.map((globalId) => {
            try {
              return fromGlobalId(globalId).id.toHexString();
            } catch {
              return null;
            }
          });
          const docs = await readableItems(hexIds.filter((id): id is string => id !== null));
          const visible = new Set(docs.flatMap((doc) => (doc ? [doc._id.toHexString()] : [])));
          return hexIds.map((id) => id !== null && visible.has(id));
        },
        { cache: false },
      ));
    },
    get users() {
      return (users ??= new DataLoader(async (ids) => byId(ids, await services.identity.usersByIds(ids.map((id) => new ObjectId(id))))));
    },
    get teams() {
      return (teams ??= new DataLoader(async (ids) => byId(ids, await services.teamDirectory.findByIds(ids.map((id) => new ObjectId(id))))));
    },
    get items() {
      return (items ??= new DataLoader(readableItems));
    },
  };
}

/**
 * The context of one request. Its logger, tagged with the request id, is
 * made when first used: most requests log nothing. (Apollo copies the
 * context's own fields into an object of the same prototype, so the getter
 * lives on the prototype and its state in a field.)
 */
export class RequestContext implements GraphQLContext {
  readonly requestId = randomUUID();
  readonly loaders: Loaders;
  private requestLogger: Logger | undefined;

  constructor(
    private readonly processLogger: Logger,
    readonly services: Services,
    readonly auth: Auth,
  ) {
    this.loaders = createLoaders(services, auth);
  }

  get logger(): Logger {
    this.requestLogger ??= this.processLogger.child({ requestId: this.requestId });
    return this.requestLogger;
  }
}

