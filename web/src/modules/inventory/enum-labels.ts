import type {
  ApplicationFamily,
  ClusterMode,
  DatabaseEngine,
  Environment,
  NetworkKind,
  OsBase,
  Provider,
  ResourceFamily,
} from '../../gql/graphql.ts';
import type { EnumOption } from './inventory-model.ts';

/**
 * Words for the API's enum values. Each record is keyed by the generated
 * enum type, so a value the schema gains fails the type check until it has
 * a label.
 */

export const PROVIDER_LABELS: Record<Provider, string> = {
  AWS: 'AWS',
  AZURE: 'Azure',
  GCP: 'Google Cloud',
  DIGITAL_OCEAN: 'DigitalOcean',
  OPENSTACK: 'OpenStack',
  BARE_METAL: 'Bare metal',
  OTHER: 'Other',
};

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  PRODUCTION: 'Production',
  STAGING: 'Staging',
  DEVELOPMENT: 'Development',
  TESTING: 'Testing',
};

export const APPLICATION_FAMILY_LABELS: Record<ApplicationFamily, string> = {
  WEB: 'Web',
  API: 'API',
  WORKER: 'Worker',
  JOB: 'Job',
  FRONTEND: 'Front end',
  MOBILE: 'Mobile',
  LIBRARY: 'Library',
  OTHER: 'Other',
};

export const DATABASE_ENGINE_LABELS: Record<DatabaseEngine, string> = {
  POSTGRESQL: 'PostgreSQL',
  MYSQL: 'MySQL',
  MARIADB: 'MariaDB',
  AURORA: 'Aurora',
  ORACLE: 'Oracle',
  SQLSERVER: 'SQL Server',
  MONGODB: 'MongoDB',
  CASSANDRA: 'Cassandra',
  DYNAMODB: 'DynamoDB',
  ELASTICSEARCH: 'Elasticsearch',
  REDIS: 'Redis',
  OTHER: 'Other',
};

export const CLUSTER_MODE_LABELS: Record<ClusterMode, string> = {
  SINGLE: 'Single',
  PRIMARY_REPLICA: 'Primary and replicas',
  MULTI_PRIMARY: 'Multi-primary',
  CLUSTER: 'Cluster',
  RAC: 'RAC',
};

export const RESOURCE_FAMILY_LABELS: Record<ResourceFamily, string> = {
  CACHE: 'Cache',
  BROKER: 'Broker / stream',
  CI_CD: 'CI/CD',
  SERVERLESS: 'Serverless',
  SERVICE_DISCOVERY: 'Service discovery',
  API_GATEWAY: 'API gateway',
  CDN: 'CDN',
  AUTOSCALING: 'Autoscaling',
  OBJECT_STORAGE: 'Object storage',
  CONTAINER_ORCHESTRATION: 'Container orchestration',
  SERVICE_MESH: 'Service mesh',
  REPOSITORY: 'Repository',
  MONITORING: 'Monitoring',
  LOGS: 'Logs',
  EMAIL: 'E-mail',
  VPN: 'VPN',
  DNS: 'DNS',
  AUTH: 'Auth',
  NAS: 'NAS',
};

export const OS_BASE_LABELS: Record<OsBase, string> = {
  LINUX: 'Linux',
  WINDOWS: 'Windows',
  BSD: 'BSD',
  UNIX: 'Unix',
  OTHER: 'Other',
};

export const NETWORK_KIND_LABELS: Record<NetworkKind, string> = {
  VPC: 'VPC',
  SUBNET: 'Subnet',
  SECURITY_GROUP: 'Security group',
  ACL: 'ACL',
  ROUTE_TABLE: 'Route table',
  GATEWAY: 'Gateway',
  OTHER: 'Other',
};

/** Select options in the order the record lists them. */
export function optionsOf(labels: Readonly<Record<string, string>>): EnumOption[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

/** The label of `value` among `options`; the value itself when unknown. */
export function optionLabel(options: readonly EnumOption[], value: string): string {
  return options.find((option) => option.value === value)?.label ?? value;
}

export const PROVIDERS = optionsOf(PROVIDER_LABELS);
export const ENVIRONMENTS = optionsOf(ENVIRONMENT_LABELS);
export const APPLICATION_FAMILIES = optionsOf(APPLICATION_FAMILY_LABELS);
export const DATABASE_ENGINES = optionsOf(DATABASE_ENGINE_LABELS);
export const CLUSTER_MODES = optionsOf(CLUSTER_MODE_LABELS);
export const RESOURCE_FAMILIES = optionsOf(RESOURCE_FAMILY_LABELS);
export const OS_BASES = optionsOf(OS_BASE_LABELS);
export const NETWORK_KINDS = optionsOf(NETWORK_KIND_LABELS);
