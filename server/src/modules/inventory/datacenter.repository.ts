import type { Db, Filter, ObjectId } from 'mongodb';
import type { AccessControlled } from '../access/access.model.js';
import { ScopedRepository } from '../access/scoped.repository.js';
import type { Scope } from '../access/scope.js';

export const PROVIDERS = ['AWS', 'OPENSTACK', 'AZURE', 'GCP', 'DIGITAL_OCEAN', 'BARE_METAL', 'OTHER'] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface DatacenterDoc extends AccessControlled {
  _id: ObjectId;
  name: string;
  /** Lower-cased name: case-insensitive sort and exact match. */
  nameLower: string;
  provider: Provider;
  regions: string[];
  zones: string[];
  tags: string[];
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Datacenters: every query carries the caller's scope (see ScopedRepository). */
export class DatacenterRepository extends ScopedRepository<DatacenterDoc> {
  constructor(db: Db) {
    super(db.collection<DatacenterDoc>('datacenters'));
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'access.read': 1, _id: 1 }, { name: 'readable_by_id' });
    await this.collection.createIndex({ 'access.admin': 1 }, { name: 'administered_by' });
    await this.collection.createIndex({ nameLower: 1 }, { name: 'by_name' });
  }

  /** A page in id order after `after`, and the total of the filter. */
  async page(scope: Scope, filter: Filter<DatacenterDoc>, first: number, after: ObjectId | undefined): Promise<{ items: DatacenterDoc[]; total: number }> {
    const pageFilter = after ? ({ $and: [filter, { _id: { $gt: after } }] } as Filter<DatacenterDoc>) : filter;
    const [items, total] = await Promise.all([
      first === 0 ? Promise.resolve([]) : // One batch for the whole page: a page costs one command, whatever its size.
      this.find(scope, pageFilter, { sort: { _id: 1 }, limit: first + 1, batchSize: first + 1 }),
      this.count(scope, filter),
    ]);
    return { items, total };
  }
}
