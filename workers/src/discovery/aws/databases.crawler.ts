import { paginateDescribeDBClusters, paginateDescribeDBInstances, type DBCluster, type DBInstance } from '@aws-sdk/client-rds';
import { tagsOf } from './aws-tags.js';
import { IN_DATACENTER, collect, externalOf, numberOrNull, textOrNull, type AwsClients, type CrawlContext, type DiscoveredRecord } from './records.js';

/**
 * RDS instances and clusters → databases. Each is keyed by its resource id
 * (`db-…`, `cluster-…`: it outlives a rename), named by its identifier.
 * Members of a cluster name it in `clusterProviderId`. Each is LOCATED_IN
 * the connection's datacenter; `region` and `zone` say where in it.
 */

export interface DatabasesListing {
  instances: DBInstance[];
  clusters: DBCluster[];
}

const GONE_STATES = new Set(['deleting']);

export async function listDatabases(clients: Pick<AwsClients, 'rds'>, _ctx: CrawlContext): Promise<DatabasesListing> {
  const client = clients.rds;
  const instances = await collect(paginateDescribeDBInstances({ client }, {}), (page) => page.DBInstances);
  const clusters = await collect(paginateDescribeDBClusters({ client }, {}), (page) => page.DBClusters);
  return { instances, clusters };
}

/** The inventory's engine for an RDS engine name (`aurora-postgresql`, `oracle-ee`, `sqlserver-se`, `docdb`, …). */
export function engineOf(engine: string | undefined): string {
  const name = (engine ?? '').toLowerCase();
  if (name.startsWith('aurora')) return 'AURORA';
  if (name.startsWith('postgres')) return 'POSTGRESQL';
  if (name.startsWith('mysql')) return 'MYSQL';
  if (name.startsWith('mariadb')) return 'MARIADB';
  if (name.startsWith('oracle')) return 'ORACLE';
  if (name.startsWith('sqlserver')) return 'SQLSERVER';
  if (name === 'docdb') return 'MONGODB';
  return 'OTHER';
}

function instanceClusterMode(db: DBInstance): string {
  if (db.DBClusterIdentifier) return 'CLUSTER';
  if (db.MultiAZ || db.ReadReplicaSourceDBInstanceIdentifier || (db.ReadReplicaDBInstanceIdentifiers ?? []).length > 0) return 'PRIMARY_REPLICA';
  return 'SINGLE';
}

function specOf(endpoint: string | undefined, port: number | undefined): Record<string, unknown> {
  return { endpoint: textOrNull(endpoint, 500), ports: port ? [String(port)] : [] };
}

export function transformDatabases(listing: DatabasesListing, ctx: CrawlContext): DiscoveredRecord[] {
  const records: DiscoveredRecord[] = [];
  for (const db of listing.instances) {
    const name = db.DBInstanceIdentifier;
    const id = db.DbiResourceId ?? db.DBInstanceArn ?? name;
    if (!name || !id || GONE_STATES.has(db.DBInstanceStatus ?? '')) continue;
    records.push({
      type: 'Database',
      external: externalOf(ctx, id),
      fields: {
        name,
        engine: engineOf(db.Engine),
        version: textOrNull(db.EngineVersion, 50),
        clusterMode: instanceClusterMode(db),
        spec: specOf(db.Endpoint?.Address, db.Endpoint?.Port ?? db.DbInstancePort),
        providerId: name,
        instanceClass: textOrNull(db.DBInstanceClass, 100),
        storageGb: numberOrNull(db.AllocatedStorage),
        storageType: textOrNull(db.StorageType, 50),
        multiAz: db.MultiAZ ?? null,
        clusterProviderId: textOrNull(db.DBClusterIdentifier),
        region: ctx.region,
        zone: textOrNull(db.AvailabilityZone, 100),
        state: textOrNull(db.DBInstanceStatus, 50),
        tags: tagsOf(db.TagList),
      },
      links: [IN_DATACENTER],
    });
  }
  for (const cluster of listing.clusters) {
    const name = cluster.DBClusterIdentifier;
    const id = cluster.DbClusterResourceId ?? cluster.DBClusterArn ?? name;
    if (!name || !id || GONE_STATES.has(cluster.Status ?? '')) continue;
    records.push({
      type: 'Database',
      external: externalOf(ctx, id),
      fields: {
        name,
        engine: engineOf(cluster.Engine),
        version: textOrNull(cluster.EngineVersion, 50),
        clusterMode: cluster.EngineMode === 'multimaster' ? 'MULTI_PRIMARY' : 'CLUSTER',
        spec: specOf(cluster.Endpoint, cluster.Port),
        providerId: name,
        instanceClass: textOrNull(cluster.DBClusterInstanceClass, 100),
        storageGb: numberOrNull(cluster.AllocatedStorage),
        storageType: textOrNull(cluster.StorageType, 50),
        multiAz: cluster.MultiAZ ?? null,
        clusterProviderId: null,
        region: ctx.region,
        zone: null,
        state: textOrNull(cluster.Status, 50),
        tags: tagsOf(cluster.TagList),
      },
      links: [IN_DATACENTER],
    });
  }
  return records;
}
