import { describe, expect, it } from 'vitest';
import { DATABASE_ENGINES } from '../../../../server/src/modules/inventory/definitions.js';
import { engineOf, listDatabases, transformDatabases } from './databases.crawler.js';
import { IN_DATACENTER } from './records.js';
import { expectValidRecords } from './fixtures/check-records.js';
import { AURORA_WRITER, CATALOG_CLUSTER, DELETING_DB, ORDERS_DB, REPORTING_DB } from './fixtures/rds.js';
import { CTX, paged, stubSend, testClients } from './fixtures/stub-client.js';

describe('RDS instances and clusters → databases', () => {
  it('maps every field of an instance, keyed by its resource id', () => {
    expect(transformDatabases({ instances: [ORDERS_DB], clusters: [] }, CTX)).toEqual([
      {
        type: 'Database',
        external: { provider: 'aws', account: '123456789012', region: 'eu-west-1', id: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY1' },
        fields: {
          name: 'orders-prod',
          engine: 'POSTGRESQL',
          version: '16.3',
          clusterMode: 'PRIMARY_REPLICA',
          spec: { endpoint: 'orders-prod.c9akciq32.eu-west-1.rds.amazonaws.com', ports: ['5432'] },
          providerId: 'orders-prod',
          instanceClass: 'db.r6g.large',
          storageGb: 200,
          storageType: 'gp3',
          multiAz: true,
          clusterProviderId: null,
          region: 'eu-west-1',
          zone: 'eu-west-1a',
          state: 'available',
          tags: ['env:prod', 'team:orders'],
        },
        links: [IN_DATACENTER],
      },
    ]);
  });

  it('maps a cluster and names it on its members', () => {
    const records = transformDatabases({ instances: [AURORA_WRITER], clusters: [CATALOG_CLUSTER] }, CTX);
    expect(records.map((r) => [r.external.id, r.fields.name, r.fields.clusterMode, r.fields.clusterProviderId])).toEqual([
      ['db-CATALOG1000000000000000000', 'catalog-1', 'CLUSTER', 'catalog'],
      ['cluster-CATALOG0000000000000000', 'catalog', 'CLUSTER', null],
    ]);
    expect(records[1]!.fields).toMatchObject({
      engine: 'AURORA',
      version: '15.4',
      spec: { endpoint: 'catalog.cluster-c9akciq32.eu-west-1.rds.amazonaws.com', ports: ['5432'] },
      multiAz: true,
      zone: null,
      state: 'available',
      tags: ['team:catalog'],
    });
    expect(transformDatabases({ instances: [], clusters: [{ ...CATALOG_CLUSTER, EngineMode: 'multimaster' }] }, CTX)[0]!.fields.clusterMode).toBe('MULTI_PRIMARY');
  });

  it('keeps a stopped instance with its state, drops one being deleted; a primary with replicas is PRIMARY_REPLICA, a lone one SINGLE', () => {
    const records = transformDatabases({ instances: [REPORTING_DB, DELETING_DB, { ...REPORTING_DB, DbiResourceId: 'db-X', ReadReplicaDBInstanceIdentifiers: [] }], clusters: [] }, CTX);
    expect(records.map((r) => [r.fields.state, r.fields.clusterMode])).toEqual([
      ['stopped', 'PRIMARY_REPLICA'],
      ['stopped', 'SINGLE'],
    ]);
  });

  it('maps RDS engine names to the inventory’s engines', () => {
    const cases: Record<string, string> = {
      'aurora-mysql': 'AURORA', aurora: 'AURORA', postgres: 'POSTGRESQL', mysql: 'MYSQL', mariadb: 'MARIADB',
      'oracle-ee': 'ORACLE', 'oracle-se2-cdb': 'ORACLE', 'sqlserver-ex': 'SQLSERVER', docdb: 'MONGODB', neptune: 'OTHER', 'db2-se': 'OTHER',
    };
    for (const [engine, expected] of Object.entries(cases)) {
      expect(engineOf(engine)).toBe(expected);
      expect(DATABASE_ENGINES).toContain(expected);
    }
  });

  it('gives records the inventory accepts', () => {
    expectValidRecords(transformDatabases({ instances: [ORDERS_DB, REPORTING_DB, AURORA_WRITER], clusters: [CATALOG_CLUSTER] }, CTX));
  });

  it('follows the Marker of both listings', async () => {
    const clients = testClients();
    const calls = stubSend(clients.rds, {
      DescribeDBInstancesCommand: paged('Marker', 'Marker', [{ DBInstances: [ORDERS_DB] }, { DBInstances: [REPORTING_DB, AURORA_WRITER] }]),
      DescribeDBClustersCommand: paged('Marker', 'Marker', [{ DBClusters: [] }, { DBClusters: [CATALOG_CLUSTER] }]),
    });
    const listing = await listDatabases(clients, CTX);
    expect([listing.instances.length, listing.clusters.length]).toEqual([3, 1]);
    expect(calls.map((c) => [c.command, c.input.Marker])).toEqual([
      ['DescribeDBInstancesCommand', undefined],
      ['DescribeDBInstancesCommand', 'page-1'],
      ['DescribeDBClustersCommand', undefined],
      ['DescribeDBClustersCommand', 'page-1'],
    ]);
  });
});
