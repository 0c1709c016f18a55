import { ObjectId } from 'mongodb';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { z } from 'zod';
import type { Logger } from 'pino';
import { ConflictError, ForbiddenError, InputError } from '../../graphql/errors.js';
import { cursorPart, decodeCursor, encodeCursor } from '../../shared/cursor.js';
import { fromGlobalId } from '../../shared/ids.js';
import { pageSize, type Page } from '../../shared/pagination.js';
import { VersionedEntities } from '../access/versioned-entities.js';
import type { DiscoverySchedules } from './discovery-schedules.js';
import type { Limiter } from '../../infra/rate-limit.js';
import type { SecretBox } from '../../shared/secret-box.js';
import { Validator } from '../../shared/validate.js';
import { initialAccess, type Role } from '../access/access.model.js';
import type { Scope } from '../access/scope.js';
import { userActor } from '../history/actor.js';
import type { FieldChangeData } from '../history/change.model.js';
import type { Decision, HistoryService } from '../history/history.service.js';
import { isDuplicateKey } from '../identity/identity.repository.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import { DEFAULT_AWS_REGION, type AwsAccess, type AwsClientFactory } from './aws-clients.js';
import {
  accessKeyIdHint,
  CONNECTION_TYPE,
  defaultKinds,
  DISCOVERY_KINDS,
  MAX_INTERVAL_MINUTES,
  nameKeyOf,
  SECRET_CHANGED,
  type ConnectionDoc,
  type DiscoveryKind,
  type DiscoveryProvider,
  type KindSetting,
} from './connection.model.js';
import type { ConnectionRepository } from './connection.repository.js';

const STORE = 'connections';

/** A create or an update as the API gives it; an update changes only the fields present. */
export interface ConnectionInput {
  name?: string | null;
  provider?: DiscoveryProvider | null;
  accessKeyId?: string | null;
  secretAccessKey?: string | null;
  /** null or empty clears the role (and its external id). */
  roleArn?: string | null;
  externalId?: string | null;
  regions?: string[] | null;
  /** Global id of an existing Datacenter to fill; on create, without it, one named after the connection. */
  datacenterId?: string | null;
  kinds?: Array<{ kind: DiscoveryKind; enabled?: boolean | null; intervalMinutes?: number | null }> | null;
  enabled?: boolean | null;
}

/** Credentials to test: a subset of a connection's input. */
export type CredentialsInput = Pick<ConnectionInput, 'accessKeyId' | 'secretAccessKey' | 'roleArn' | 'externalId'>;

export interface ConnectionTestResult {
  ok: boolean;
  accountId: string | null;
  arn: string | null;
  message: string;
}

/** The Datacenter items connections fill, through the inventory's rules (history, access). */
export interface DatacenterDirectory {
  /** A Datacenter the caller can read, by id. */
  get(scope: Scope, id: ObjectId): Promise<InventoryDoc | null>;
  /** An active Datacenter of the caller's workspace with this name (any case) that the caller can read. */
  findByName(scope: Scope, name: string): Promise<InventoryDoc | null>;
  create(scope: Scope, input: { name: string; provider: DiscoveryProvider; regions: string[] }): Promise<InventoryDoc>;
}

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const SECRET_ACCESS_KEY = /^[\x21-\x7e]{16,256}$/;
/** `arn:<partition>:iam::<12-digit account>:role/<optional path/><name>`. */
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** AWS's own pattern for external ids. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
/** `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-4`… */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const MAX_REGIONS = 50;
/** A provider's message as shown: one paragraph at most. */
const MAX_MESSAGE = 500;

interface CleanInput {
  name?: string;
  provider?: DiscoveryProvider;
  accessKeyId?: string;
  secretAccessKey?: string;
  roleArn?: string | null;
  externalId?: string | null;
  regions?: string[];
  datacenterId?: ObjectId;
  kinds?: KindSetting[];
  enabled?: boolean;
}

/**
 * Discovery connections: the credentials of a cloud account (the secret
 * sealed at rest, never returned, never logged), the regions and kinds to
 * discover and how often, and the Datacenter item they fill. Every read and
 * write is the caller's, through their scope; every write is versioned and
 * recorded in the history, where the secret shows only as "(changed)".
 */
export class ConnectionService {
  constructor(
    private readonly repo: ConnectionRepository,
    private readonly history: HistoryService,
    private readonly box: SecretBox,
    private readonly aws: AwsClientFactory,
    private readonly datacenters: DatacenterDirectory,
    private readonly logger: Logger,
    private readonly testLimiter: Limiter,
    private readonly schedules: DiscoverySchedules,
  ) {
    this.entities = new VersionedEntities(repo, history, STORE, CONNECTION_TYPE, 'connection');
  }

  private readonly entities: VersionedEntities<ConnectionDoc>;

  async get(scope: Scope, id: ObjectId): Promise<ConnectionDoc | null> {
    return this.repo.findById(scope, id);
  }

  async list(scope: Scope, first: number | null | undefined, after: string | null | undefined): Promise<Page<ConnectionDoc>> {
    const size = pageSize(first);
    const cursor = after ? decodeCursor(after, z.tuple([cursorPart.text, cursorPart.id])) : undefined;
    const { items, total } = await this.repo.page(scope, size, cursor ? { name: cursor[0], id: cursor[1] } : undefined);
    return { items: items.slice(0, size), hasNextPage: items.length > size, totalCount: total };
  }

  static cursorOf(doc: ConnectionDoc): string {
    return encodeCursor([doc.nameLower, doc._id]);
  }

  async create(scope: Scope, input: ConnectionInput): Promise<ConnectionDoc> {
    const clean = this.validate(input, false);
    this.checkWorkspaceWrite(scope);
    const owner = scope.creator;
    const name = clean.name!;
    const nameKey = nameKeyOf(owner, name);
    // Checked before the datacenter is made, so a taken name changes nothing.
    if (await this.repo.nameTaken(nameKey)) throw nameConflict(name);
    const regions = clean.regions ?? [];
    // A crash (or a concurrent create of the same name) after this leaves the datacenter: a retry finds it by name.
    const datacenter = clean.datacenterId
      ? await this.readableDatacenter(scope, clean.datacenterId)
      : ((await this.datacenters.findByName(scope, name)) ?? (await this.datacenters.create(scope, { name, provider: clean.provider ?? 'AWS', regions })));
    const now = new Date();
    const doc: ConnectionDoc = {
      _id: new ObjectId(),
      name,
      nameLower: name.toLowerCase(),
      nameKey,
      provider: clean.provider ?? 'AWS',
      accessKeyId: clean.accessKeyId!,
      secret: this.box.seal(clean.secretAccessKey!),
      roleArn: clean.roleArn ?? null,
      externalId: clean.roleArn ? (clean.externalId ?? null) : null,
      regions,
      datacenterId: datacenter._id.toHexString(),
      kinds: clean.kinds ?? defaultKinds(),
      enabled: clean.enabled ?? true,
      active: true,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: scope.userId,
      ...initialAccess(owner, scope.userId, now),
    };
    doc.pending = {
      1: this.history.pending(doc, CONNECTION_TYPE, 1, { operation: 'CREATE', actor: userActor(scope), diff: diffOf(null, doc, true), readers: doc.access.read }),
    };
    try {
      await this.repo.insert(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw nameConflict(name);
      throw error;
    }
    await this.history.commit(STORE, doc);
    delete doc.pending;
    await this.schedules.sync(doc);
    return doc;
  }

  async update(scope: Scope, id: ObjectId, input: ConnectionInput): Promise<ConnectionDoc> {
    const clean = this.validate(input, true);
    const datacenter = clean.datacenterId ? await this.readableDatacenter(scope, clean.datacenterId) : null;
    if (clean.name !== undefined) {
      // Checked first (the unique index stays the guard against a race): some servers
      // report a unique key broken by an update in words of their own, not as a duplicate key.
      const current = await this.load(scope, id, 'read');
      if (await this.repo.nameTaken(nameKeyOf(current.owner, clean.name), id)) throw nameConflict(clean.name);
    }
    const actor = userActor(scope);
    try {
      const { doc } = await this.change(scope, id, 'write', (current) => {
        if (!current.active) throw new ConflictError('This connection is deleted.');
        const next: ConnectionDoc = { ...current };
        if (clean.name !== undefined) {
          next.name = clean.name;
          next.nameLower = clean.name.toLowerCase();
          next.nameKey = nameKeyOf(current.owner, clean.name);
        }
        if (clean.provider !== undefined) next.provider = clean.provider;
        if (clean.accessKeyId !== undefined) next.accessKeyId = clean.accessKeyId;
        if (clean.roleArn !== undefined) next.roleArn = clean.roleArn;
        if (clean.externalId !== undefined) next.externalId = clean.externalId;
        if (clean.externalId && !next.roleArn) throw new InputError('input.externalId goes with a roleArn.', [{ path: 'input.externalId', message: 'goes with a roleArn' }]);
        if (!next.roleArn) next.externalId = null;
        if (clean.regions !== undefined) next.regions = clean.regions;
        if (clean.kinds !== undefined) next.kinds = mergeKinds(current.kinds, clean.kinds);
        if (clean.enabled !== undefined) next.enabled = clean.enabled;
        if (datacenter) next.datacenterId = datacenter._id.toHexString();
        // A new secret replaces the old; the same secret again is no change.
        const secretChanged = clean.secretAccessKey !== undefined && clean.secretAccessKey !== this.box.open(current.secret);
        if (secretChanged) next.secret = this.box.seal(clean.secretAccessKey!);
        const diff = diffOf(current, next, secretChanged);
        if (diff.length === 0) return null;
        const set: Record<string, unknown> = {};
        for (const field of CHANGEABLE) if (JSON.stringify(current[field]) !== JSON.stringify(next[field])) set[field] = next[field];
        return { set, change: { operation: 'UPDATE', actor, diff, readers: current.access.read } };
      });
      await this.schedules.sync(doc);
      return doc;
    } catch (error) {
      if (isDuplicateKey(error)) throw nameConflict(clean.name ?? '');
      throw error;
    }
  }

  /** Soft delete: the connection becomes inactive, leaves lists, and frees its name. Needs ADMIN. */
  async delete(scope: Scope, id: ObjectId): Promise<ConnectionDoc> {
    const { doc } = await this.change(scope, id, 'admin', (current) => {
      if (!current.active) return null;
      return {
        set: { active: false, nameKey: `deleted:${current._id.toHexString()}` },
        change: { operation: 'DELETE', actor: userActor(scope), diff: [{ path: 'active', before: true, after: false }], readers: current.access.read },
      };
    });
    await this.schedules.sync(doc);
    return doc;
  }

  /**
   * Asks the provider who the connection's credentials are (STS
   * GetCallerIdentity, after assuming the role when one is set). Needs
   * WRITE: it uses the stored secret. A provider's refusal or an
   * unreachable endpoint is an answer (`ok: false`, the reason in words),
   * not an error.
   */
  /**
   * Asks STS who the credentials are: a connection's (WRITE on it), those
   * given (any signed-in person: nothing is stored), or the given over the
   * stored (an empty secret keeps the stored one).
   */
  async test(scope: Scope, id: ObjectId | null, given: CredentialsInput | null): Promise<ConnectionTestResult> {
    await this.testLimiter.consume(scope.userId);
    const doc = id ? await this.load(scope, id, 'write') : null;
    if (doc && !doc.active) throw new ConflictError('This connection is deleted.');
    const input: CredentialsInput = { ...given };
    if (doc && !input.secretAccessKey) delete input.secretAccessKey;
    const clean = given ? this.validate(input, true) : {};
    if (!doc) {
      const missing = (['accessKeyId', 'secretAccessKey'] as const).filter((f) => !clean[f]);
      if (missing.length > 0) {
        throw new InputError(
          `Give a connection's id, or input.${missing[0]}.`,
          missing.map((f) => ({ path: `input.${f}`, message: 'is required' })),
        );
      }
    }
    const stored = doc ? this.accessOf(doc) : null;
    const roleArn = clean.roleArn !== undefined ? clean.roleArn : (stored?.roleArn ?? null);
    const access: AwsAccess = {
      accessKeyId: clean.accessKeyId ?? stored!.accessKeyId,
      secretAccessKey: clean.secretAccessKey ?? stored!.secretAccessKey,
      roleArn,
      externalId: roleArn ? (clean.externalId !== undefined ? clean.externalId : (stored?.externalId ?? null)) : null,
    };
    const region = doc?.regions[0] ?? DEFAULT_AWS_REGION;
    const sts = this.aws.sts(region, this.aws.credentials(access, region));
    try {
      const out = await sts.send(new GetCallerIdentityCommand({}));
      return { ok: true, accountId: out.Account ?? null, arn: out.Arn ?? null, message: `Connected to account ${out.Account ?? 'unknown'}.` };
    } catch (error) {
      const message = providerMessage(error, access);
      this.logger.info({ connection: doc?._id.toHexString() ?? null, problem: message }, 'connection test failed');
      return { ok: false, accountId: null, arn: null, message };
    } finally {
      sts.destroy();
    }
  }

  /** The connection if the caller holds `role` on it: FORBIDDEN when they only read it, NOT_FOUND when they cannot see it. */
  require(scope: Scope, id: ObjectId, role: Role): Promise<ConnectionDoc> {
    return this.load(scope, id, role);
  }

  /** Every connection, deleted ones too, whatever the caller: for a worker making their schedules what they say. */
  all(): Promise<ConnectionDoc[]> {
    return this.repo.all();
  }

  /** A connection by id whatever the caller: for the jobs of a run a person with WRITE started. */
  forJob(id: ObjectId): Promise<ConnectionDoc | null> {
    return this.repo.findAny(id);
  }

  /** The regions to discover: the connection's, or every region enabled in the account (EC2 DescribeRegions) when it lists none. */
  async regionsOf(doc: ConnectionDoc): Promise<string[]> {
    if (doc.regions.length > 0) return [...doc.regions];
    const access = this.accessOf(doc);
    const ec2 = this.aws.ec2(DEFAULT_AWS_REGION, this.aws.credentials(access));
    try {
      const out = await ec2.send(new DescribeRegionsCommand({}));
      return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
    } catch (error) {
      throw new ConflictError(`The regions of the account could not be listed: ${providerMessage(error, access)}`);
    } finally {
      ec2.destroy();
    }
  }

  /**
   * The SDK clients of a connection in one region, sharing one credentials
   * provider (a role is assumed once): for a discovery job, which destroys
   * them when done. The secret is opened in memory only.
   */
  awsClients(doc: ConnectionDoc, region: string) {
    const access = this.accessOf(doc);
    const credentials = this.aws.credentials(access, region);
    return {
      sts: this.aws.sts(region, credentials),
      ec2: this.aws.ec2(region, credentials),
      rds: this.aws.rds(region, credentials),
      elb: this.aws.elb(region, credentials),
      elbv2: this.aws.elbv2(region, credentials),
      s3: this.aws.s3(region, credentials),
      cloudfront: this.aws.cloudfront(credentials),
    };
  }

  /**
   * After a key rotation (a new key first in MAESTRO_ENCRYPTION_KEYS), seals
   * again with it every secret sealed with an older key, so that the older
   * key can then be removed. Not a change anyone made: no history. Returns
   * how many were sealed again; one that does not open is left and said.
   */
  async resealStale(): Promise<{ resealed: number; unreadable: number }> {
    let resealed = 0;
    let unreadable = 0;
    for (const doc of await this.repo.sealedWithOther(this.box.currentKid)) {
      let plain: string;
      try {
        plain = this.box.open(doc.secret);
      } catch (error) {
        unreadable += 1;
        this.logger.warn({ connection: doc._id.toHexString(), problem: (error as Error).message }, 'a stored secret could not be sealed again with the current key');
        continue;
      }
      if (await this.repo.reseal(doc._id, doc.secret, this.box.seal(plain))) resealed += 1;
    }
    if (resealed > 0) this.logger.info({ resealed }, 'sealed stored secrets again with the current key');
    return { resealed, unreadable };
  }

  /** What the AWS clients of a connection need, with the secret opened in memory: for the caller's use, never to store or log. */
  accessOf(doc: ConnectionDoc): AwsAccess {
    return { accessKeyId: doc.accessKeyId, secretAccessKey: this.box.open(doc.secret), roleArn: doc.roleArn, externalId: doc.externalId };
  }

  private load(scope: Scope, id: ObjectId, role: Role): Promise<ConnectionDoc> {
    return this.entities.load(scope, id, role);
  }

  private change(scope: Scope, id: ObjectId, role: Role, decide: (doc: ConnectionDoc) => Decision | null): Promise<{ doc: ConnectionDoc; changed: boolean }> {
    return this.entities.change(scope, id, role, decide);
  }

  private async readableDatacenter(scope: Scope, id: ObjectId): Promise<InventoryDoc> {
    const found = await this.datacenters.get(scope, id);
    if (!found || found.type !== 'Datacenter' || !found.active) {
      throw new InputError('input.datacenterId is not a Datacenter you can see.', [{ path: 'input.datacenterId', message: 'is not a Datacenter you can see' }]);
    }
    return found;
  }

  private checkWorkspaceWrite(scope: Scope): void {
    if (scope.workspaceTeamId && !scope.principalsFor('write').includes(`t:${scope.workspaceTeamId}`)) {
      throw new ForbiddenError('You have read-only access to this team workspace.');
    }
  }

  /** Checks an input; every bad field is named in one BAD_USER_INPUT error, and nothing is written. */
  private validate(input: ConnectionInput, partial: boolean): CleanInput {
    const v = new Validator();
    const out: CleanInput = {};
    const required = !partial;
    if (input.name !== undefined || required) {
      const name = v.text('input.name', input.name, { max: 100, required: true });
      if (name) out.name = name;
    }
    if (input.provider !== undefined && input.provider !== null) out.provider = input.provider;
    if (input.accessKeyId !== undefined || required) {
      const key = input.accessKeyId?.trim();
      if (!key) v.add('input.accessKeyId', 'is required');
      else if (!ACCESS_KEY_ID.test(key)) v.add('input.accessKeyId', 'must be 16 to 128 capital letters and digits, like AKIAIOSFODNN7EXAMPLE');
      else out.accessKeyId = key;
    }
    if (input.secretAccessKey !== undefined || required) {
      // The value is never echoed, only what is wrong with it.
      const secret = input.secretAccessKey;
      if (!secret) v.add('input.secretAccessKey', 'is required');
      else if (!SECRET_ACCESS_KEY.test(secret)) v.add('input.secretAccessKey', 'must be 16 to 256 printable characters without spaces');
      else out.secretAccessKey = secret;
    }
    if (input.roleArn !== undefined) {
      const arn = input.roleArn?.trim() ?? '';
      if (arn === '') out.roleArn = null;
      else if (!ROLE_ARN.test(arn)) v.add('input.roleArn', 'must be an IAM role ARN, like arn:aws:iam::123456789012:role/MaestroReadOnly');
      else out.roleArn = arn;
    }
    if (input.externalId !== undefined) {
      const externalId = input.externalId?.trim() ?? '';
      if (externalId === '') out.externalId = null;
      else if (!EXTERNAL_ID.test(externalId)) v.add('input.externalId', 'must be 2 to 1224 letters, digits or + = , . @ : / - _');
      else out.externalId = externalId;
      if (externalId !== '' && !partial && !out.roleArn) v.add('input.externalId', 'goes with a roleArn');
    }
    if (input.regions !== undefined && input.regions !== null) {
      if (input.regions.length > MAX_REGIONS) v.add('input.regions', `must hold at most ${MAX_REGIONS} regions`);
      input.regions.forEach((raw, i) => {
        if (!REGION.test(raw.trim())) v.add(`input.regions.${i}`, 'must be an AWS region name, like us-east-1');
      });
      out.regions = [...new Set(input.regions.map((r) => r.trim()))];
    }
    if (input.datacenterId !== undefined && input.datacenterId !== null) {
      try {
        const { type, id } = fromGlobalId(input.datacenterId, 'input.datacenterId');
        if (type !== 'Datacenter') v.add('input.datacenterId', 'must be the id of a Datacenter');
        else out.datacenterId = id;
      } catch {
        v.add('input.datacenterId', 'is not a Maestro id');
      }
    }
    if (input.kinds !== undefined && input.kinds !== null) {
      const seen = new Set<string>();
      const kinds: KindSetting[] = [];
      input.kinds.forEach((k, i) => {
        if (!DISCOVERY_KINDS.includes(k.kind)) v.add(`input.kinds.${i}.kind`, 'is not a kind of discovery');
        else if (seen.has(k.kind)) v.add(`input.kinds.${i}.kind`, 'is listed twice');
        seen.add(k.kind);
        const minutes = k.intervalMinutes;
        if (minutes !== undefined && minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_INTERVAL_MINUTES)) {
          v.add(`input.kinds.${i}.intervalMinutes`, `must be a whole number of minutes from 1 to ${MAX_INTERVAL_MINUTES}`);
        }
        kinds.push({ kind: k.kind, enabled: k.enabled ?? true, intervalMinutes: minutes ?? -1 });
      });
      out.kinds = mergeKinds(defaultKinds(), kinds);
      // On an update the given kinds apply over the stored ones (see `update`), not over the defaults.
      if (partial) out.kinds = kinds;
    }
    if (input.enabled !== undefined && input.enabled !== null) out.enabled = input.enabled;
    v.done();
    return out;
  }
}

/** Fields an update may set (bookkeeping and the history's fields aside). */
const CHANGEABLE = ['name', 'nameLower', 'nameKey', 'provider', 'accessKeyId', 'secret', 'roleArn', 'externalId', 'regions', 'kinds', 'enabled', 'datacenterId'] as const;

/** Kind settings given over `base`: each given kind replaces its own, an interval left out (-1) keeps the base's. */
function mergeKinds(base: readonly KindSetting[], given: readonly KindSetting[]): KindSetting[] {
  return base.map((b) => {
    const g = given.find((k) => k.kind === b.kind);
    return g ? { kind: b.kind, enabled: g.enabled, intervalMinutes: g.intervalMinutes === -1 ? b.intervalMinutes : g.intervalMinutes } : b;
  });
}

/**
 * The fields of a change, as the history shows them: the access key id by
 * its hint, the datacenter by its id, and the secret only as "(changed)",
 * never its value, sealed or not.
 */
function diffOf(before: ConnectionDoc | null, after: ConnectionDoc, secretChanged: boolean): FieldChangeData[] {
  const view = (doc: ConnectionDoc | null) =>
    doc && {
      name: doc.name,
      provider: doc.provider,
      accessKeyId: accessKeyIdHint(doc.accessKeyId),
      roleArn: doc.roleArn,
      externalId: doc.externalId,
      regions: doc.regions,
      kinds: doc.kinds,
      enabled: doc.enabled,
      datacenter: doc.datacenterId,
    };
  const b = view(before);
  const a = view(after)!;
  const out: FieldChangeData[] = [];
  for (const key of Object.keys(a) as Array<keyof typeof a>) {
    if (JSON.stringify(b?.[key] ?? null) !== JSON.stringify(a[key] ?? null)) out.push({ path: key, before: b?.[key] ?? null, after: a[key] ?? null });
  }
  // A new key id with the old secret is a change of the key id alone.
  if (secretChanged) out.push({ path: 'secretAccessKey', before: null, after: SECRET_CHANGED });
  return out;
}

function nameConflict(name: string): ConflictError {
  return new ConflictError(`A connection named ${name} already exists here: choose another name.`);
}

/**
 * A provider's refusal in words: its error code and message (AWS puts no
 * secret in them; the secret is taken out all the same), or why it could not
 * be reached. Never a stack.
 */
function providerMessage(error: unknown, access: AwsAccess): string {
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  let text: string;
  // The SDK gives network errors a `$metadata` too, without an HTTP status.
  if (e?.code && /^E[A-Z]+$/.test(e.code)) text = `Could not reach the provider (${e.code}).`;
  else if (e?.$metadata?.httpStatusCode && e.name) text = `${e.name}: ${e.message ?? 'the provider refused the request'}`;
  else text = `The provider could not be asked: ${e?.message ?? String(error)}`;
  text = text.split(access.secretAccessKey).join('[secret]').replace(/\s+/g, ' ').trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}
