import { ObjectId, type Filter } from 'mongodb';
import { ConflictError, ForbiddenError, NotFoundError } from '../../graphql/errors.js';
import { decodeCursor, pageSize, type Page } from '../../shared/pagination.js';
import { Validator, escapeRegex } from '../../shared/validate.js';
import { initialAccess, type Role } from '../access/access.model.js';
import type { Scope } from '../access/scope.js';
import { PROVIDERS, type DatacenterDoc, type DatacenterRepository, type Provider } from './datacenter.repository.js';

export interface DatacenterInput {
  name?: string | null;
  provider?: Provider | null;
  regions?: string[] | null;
  zones?: string[] | null;
  tags?: string[] | null;
}

export interface DatacenterFilter {
  nameEquals?: string | null;
  nameContains?: string | null;
  provider?: Provider | null;
  tag?: string | null;
  /** Default true: deleted datacenters are hidden unless asked for. */
  active?: boolean | null;
}

/** The fields a change records (history and live events). */
export const DATACENTER_FIELDS = ['name', 'provider', 'regions', 'zones', 'tags', 'active'] as const;

export type DatacenterChange = { operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'RESTORE'; before: DatacenterDoc | null; after: DatacenterDoc };
export type ChangeListener = (change: DatacenterChange, scope: Scope) => void;

function validate(input: DatacenterInput, creating: boolean): DatacenterInput {
  const v = new Validator();
  const out: DatacenterInput = {
    name: v.text('input.name', input.name, { max: 200, required: creating }),
    regions: v.keys('input.regions', input.regions),
    zones: v.keys('input.zones', input.zones),
    tags: v.keys('input.tags', input.tags),
  };
  if (input.provider !== undefined && input.provider !== null) {
    if (!PROVIDERS.includes(input.provider)) v.add('input.provider', `must be one of ${PROVIDERS.join(', ')}`);
    out.provider = input.provider;
  } else if (creating) {
    v.add('input.provider', 'is required');
  }
  v.done();
  return out;
}

/**
 * Datacenters: the first access-controlled inventory entity. Reads need the
 * read role, changes write, delete and restore admin; every query carries
 * the caller's scope through the repository.
 */
export class DatacenterService {
  private listeners: ChangeListener[] = [];

  constructor(private readonly repo: DatacenterRepository) {}

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  private emit(change: DatacenterChange, scope: Scope): void {
    for (const listener of this.listeners) listener(change, scope);
  }

  async create(scope: Scope, input: DatacenterInput): Promise<DatacenterDoc> {
    const clean = validate(input, true);
    if (scope.workspaceTeamId && !scope.principalsFor('write').includes(`t:${scope.workspaceTeamId}`)) {
      throw new ForbiddenError('You have read-only access to this team workspace.');
    }
    const now = new Date();
    const doc: DatacenterDoc = {
      _id: new ObjectId(),
      name: clean.name!,
      nameLower: clean.name!.toLowerCase(),
      provider: clean.provider!,
      regions: clean.regions ?? [],
      zones: clean.zones ?? [],
      tags: clean.tags ?? [],
      active: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
      ...initialAccess(scope.creator, scope.userId, now),
    };
    await this.repo.insert(doc);
    this.emit({ operation: 'CREATE', before: null, after: doc }, scope);
    return doc;
  }

  async get(scope: Scope, id: ObjectId): Promise<DatacenterDoc | null> {
    return this.repo.findById(scope, id);
  }

  getMany(scope: Scope, ids: readonly ObjectId[]): Promise<DatacenterDoc[]> {
    return this.repo.findByIds(scope, ids);
  }

  async list(scope: Scope, filter: DatacenterFilter, first: number | null | undefined, after: string | null | undefined): Promise<Page<DatacenterDoc>> {
    const size = pageSize(first);
    const { items, total } = await this.repo.page(scope, toMongoFilter(filter), size, decodeCursor(after));
    return { items: items.slice(0, size), hasNextPage: items.length > size, totalCount: total };
  }

  search(scope: Scope, text: string, first: number): Promise<DatacenterDoc[]> {
    const pattern = { $regex: escapeRegex(text.trim()), $options: 'i' };
    return this.repo.find(scope, { active: true, $or: [{ name: pattern }, { tags: pattern }, { regions: pattern }] }, { limit: first, sort: { nameLower: 1 } });
  }

  update(scope: Scope, id: ObjectId, input: DatacenterInput): Promise<DatacenterDoc> {
    const clean = validate(input, false);
    return this.change(scope, id, 'write', 'UPDATE', (doc) => {
      const set: Partial<DatacenterDoc> = {};
      if (clean.name !== undefined) Object.assign(set, { name: clean.name, nameLower: clean.name!.toLowerCase() });
      if (clean.provider) set.provider = clean.provider;
      if (clean.regions) set.regions = clean.regions;
      if (clean.zones) set.zones = clean.zones;
      if (clean.tags) set.tags = clean.tags;
      return changed(doc, set) ? set : null;
    });
  }

  delete(scope: Scope, id: ObjectId): Promise<DatacenterDoc> {
    return this.change(scope, id, 'admin', 'DELETE', (doc) => (doc.active ? { active: false } : null));
  }

  restore(scope: Scope, id: ObjectId): Promise<DatacenterDoc> {
    return this.change(scope, id, 'admin', 'RESTORE', (doc) => (doc.active ? null : { active: true }));
  }

  /** Read, decide, write at the version read; a write that changes nothing writes nothing. */
  private async change(
    scope: Scope,
    id: ObjectId,
    role: Role,
    operation: DatacenterChange['operation'],
    decide: (doc: DatacenterDoc) => Partial<DatacenterDoc> | null,
  ): Promise<DatacenterDoc> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const doc = await this.repo.findById(scope, id, role);
      if (!doc) {
        if (await this.repo.findById(scope, id, 'read')) {
          throw new ForbiddenError(role === 'admin' ? 'Only an admin of this datacenter can do this.' : 'You have read-only access to this datacenter.');
        }
        throw new NotFoundError('No such datacenter, or you cannot see it.');
      }
      const set = decide(doc);
      if (!set) return doc;
      const updated = await this.repo.updateVersioned(scope, id, doc.version, role, {
        $set: { ...set, updatedAt: new Date() },
        $inc: { version: 1 },
      });
      if (updated) {
        this.emit({ operation, before: doc, after: updated }, scope);
        return updated;
      }
    }
    throw new ConflictError('The datacenter is being changed by someone else. Try again.');
  }
}

function changed(doc: DatacenterDoc, set: Partial<DatacenterDoc>): boolean {
  return Object.entries(set).some(([key, value]) => JSON.stringify(doc[key as keyof DatacenterDoc]) !== JSON.stringify(value));
}

function toMongoFilter(filter: DatacenterFilter): Filter<DatacenterDoc> {
  const query: Filter<DatacenterDoc> = { active: filter.active ?? true };
  if (filter.nameEquals) query.nameLower = filter.nameEquals.trim().toLowerCase();
  if (filter.nameContains) query.name = { $regex: escapeRegex(filter.nameContains.trim()), $options: 'i' };
  if (filter.provider) query.provider = filter.provider;
  if (filter.tag) query.tags = filter.tag;
  return query;
}
