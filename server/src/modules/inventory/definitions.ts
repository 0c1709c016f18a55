import type { EntityDef } from './engine/entity-def.js';
import { bool, float, int, obj, objs, oneOf, str, strings, tags } from './engine/field-spec.js';

/**
 * Every inventory type and its fields, as the original Maestro's users had
 * them (Cloud Inventory): datacenters, servers, applications, databases,
 * load balancers, resources by family, systems, clients, the cloud
 * resources discovery finds, and the service catalog.
 */

export const ENVIRONMENTS = ['PRODUCTION', 'STAGING', 'DEVELOPMENT', 'TESTING'] as const;
export const PROVIDERS = ['AWS', 'OPENSTACK', 'AZURE', 'GCP', 'DIGITAL_OCEAN', 'BARE_METAL', 'OTHER'] as const;
export const APPLICATION_FAMILIES = ['WEB', 'API', 'WORKER', 'JOB', 'FRONTEND', 'MOBILE', 'LIBRARY', 'OTHER'] as const;
export const DATABASE_ENGINES = [
  'ORACLE', 'MYSQL', 'MARIADB', 'AURORA', 'POSTGRESQL', 'SQLSERVER', 'MONGODB', 'CASSANDRA',
  'DYNAMODB', 'ELASTICSEARCH', 'REDIS', 'OTHER',
] as const;
export const RESOURCE_FAMILIES = [
  'CACHE', 'BROKER', 'CI_CD', 'SERVERLESS', 'SERVICE_DISCOVERY', 'API_GATEWAY', 'CDN', 'AUTOSCALING',
  'OBJECT_STORAGE', 'CONTAINER_ORCHESTRATION', 'SERVICE_MESH', 'REPOSITORY', 'MONITORING', 'LOGS',
  'EMAIL', 'VPN', 'DNS', 'AUTH', 'NAS',
] as const;
export const CLUSTER_MODES = ['SINGLE', 'PRIMARY_REPLICA', 'MULTI_PRIMARY', 'CLUSTER', 'RAC'] as const;
export const OS_BASES = ['LINUX', 'WINDOWS', 'BSD', 'UNIX', 'OTHER'] as const;
export const NETWORK_KINDS = ['VPC', 'SUBNET', 'SECURITY_GROUP', 'ACL', 'ROUTE_TABLE', 'GATEWAY', 'OTHER'] as const;

const environment = () => oneOf('Environment', ENVIRONMENTS, { filter: true, sort: true, description: 'Production, Staging, Development or Testing.' });
const description = () => str({ max: 2000, description: 'Free text.' });
const providerId = () => str({ max: 200, filter: true, search: true, description: 'The id the provider gives it (e.g. vol-0abc…).' });
const spec = (name: string) =>
  obj(name, {
    endpoint: str({ max: 500 }),
    ports: strings({ maxItems: 50 }),
    healthCheck: str({ max: 500 }),
    commands: strings({ maxItems: 50 }),
  }, { description: 'How to reach and run it: endpoint, ports, health check, commands.' });

export const DEFINITIONS: readonly EntityDef[] = [
  {
    type: 'Datacenter',
    plural: 'datacenters',
    description: 'A place servers run: a cloud account and its regions, or a building.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      provider: oneOf('Provider', PROVIDERS, { required: true, filter: true, sort: true }),
      regions: strings({ keys: true, filter: true, search: true }),
      zones: strings({ keys: true, filter: true }),
      tags: tags(),
    },
  },
  {
    type: 'Server',
    plural: 'servers',
    description: 'A physical or virtual machine.',
    nameField: 'hostname',
    naturalKey: ['hostname'],
    warnDuplicates: ['hostname', 'ipv4Private'],
    fields: {
      hostname: str({ required: true, max: 253, format: 'hostname', filter: true, sort: true, search: true }),
      ipv4Private: str({ format: 'ipv4', filter: true, sort: true, search: true, description: 'Private IPv4 address.' }),
      ipv4Public: str({ format: 'ipv4', filter: true, search: true, description: 'Public IPv4 address, for servers reachable from outside.' }),
      environment: environment(),
      role: str({ max: 100, filter: true, description: 'What the server is for, e.g. application, database, bastion.' }),
      os: obj('ServerOs', {
        base: oneOf('OsBase', OS_BASES, { filter: true }),
        distribution: str({ max: 100, filter: true }),
        version: str({ max: 50 }),
      }),
      cpu: int({ min: 1, max: 4096, filter: true, sort: true, description: 'Cores.' }),
      memory: float({ min: 0, max: 1_048_576, filter: true, sort: true, description: 'Memory in GB.' }),
      storage: objs('ServerStorage', {
        mount: str({ max: 500 }),
        sizeGb: float({ min: 0 }),
        rootDevice: bool(),
        type: str({ max: 50 }),
      }),
      placement: obj('ServerPlacement', {
        datacenter: str({ max: 200 }),
        region: str({ max: 100, filter: true }),
        zone: str({ max: 100 }),
        instanceId: str({ max: 200, filter: true, description: 'The provider’s instance id: how discovery recognises the server.' }),
      }),
      authMethods: objs('ServerAuth', {
        kind: str({ max: 50, description: 'ssh, rdp, winrm, …' }),
        username: str({ max: 100 }),
        port: int({ min: 1, max: 65535 }),
      }, { description: 'How to sign in to it (never secrets).' }),
      services: strings({ keys: true, filter: true, search: true, description: 'Services running on it, from the service catalog.' }),
      tags: tags(),
    },
  },
  {
    type: 'Application',
    plural: 'applications',
    description: 'A business application: code a team builds and deploys.',
    nameField: 'name',
    naturalKey: ['name'],
    warnDuplicates: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      family: oneOf('ApplicationFamily', APPLICATION_FAMILIES, { filter: true, sort: true }),
      environment: environment(),
      language: str({ max: 50, filter: true, description: 'e.g. node, java, python.' }),
      languageVersion: str({ max: 50 }),
      clusterMode: bool({ filter: true }),
      description: description(),
      spec: spec('ApplicationSpec'),
      deploy: objs('ApplicationDeploy', { kind: str({ max: 50 }), details: str({ max: 2000 }) }, { description: 'Ways to deploy it.' }),
      tags: tags(),
    },
  },
  {
    type: 'Database',
    plural: 'databases',
    description: 'Anything that keeps data: relational, NoSQL, in memory, distributed.',
    nameField: 'name',
    naturalKey: ['name'],
    warnDuplicates: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      engine: oneOf('DatabaseEngine', DATABASE_ENGINES, { required: true, filter: true, sort: true }),
      version: str({ max: 50, filter: true }),
      clusterMode: oneOf('ClusterMode', CLUSTER_MODES, { filter: true }),
      environment: environment(),
      description: description(),
      spec: spec('DatabaseSpec'),
      tags: tags(),
    },
  },
  {
    type: 'LoadBalancer',
    plural: 'loadBalancers',
    description: 'Spreads traffic over targets.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      service: str({ max: 100, filter: true, description: 'e.g. nginx, haproxy, ELB.' }),
      endpoint: str({ max: 500, search: true }),
      healthCheck: str({ max: 500 }),
      ports: strings({ maxItems: 50 }),
      environment: environment(),
      tags: tags(),
    },
  },
  {
    type: 'Resource',
    plural: 'resources',
    description: 'Supporting technology: caches, brokers, CI/CD, DNS, monitoring and the like, by family.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      family: oneOf('ResourceFamily', RESOURCE_FAMILIES, { required: true, filter: true, sort: true }),
      service: str({ max: 100, filter: true, search: true, description: 'e.g. Redis, Kafka, Jenkins.' }),
      version: str({ max: 50 }),
      clusterMode: bool({ filter: true }),
      environment: environment(),
      description: description(),
      spec: spec('ResourceSpec'),
      tags: tags(),
    },
  },
  {
    type: 'System',
    plural: 'systems',
    description: 'A group of applications that together serve a purpose.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      description: description(),
      links: objs('SystemLink', { title: str({ max: 200 }), url: str({ max: 1000, format: 'url' }) }),
      tags: tags(),
    },
  },
  {
    type: 'Client',
    plural: 'clients',
    description: 'Who owns systems: a customer, a business unit.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      description: description(),
      contacts: objs('ClientContact', {
        name: str({ max: 200 }),
        email: str({ max: 254 }),
        phone: str({ max: 50 }),
        role: str({ max: 100 }),
      }),
      tags: tags(),
    },
  },
  {
    type: 'Volume',
    plural: 'volumes',
    description: 'A disk: attached network storage or a built-in drive.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      providerId: providerId(),
      sizeGb: float({ min: 0, filter: true, sort: true }),
      volumeType: str({ max: 50, filter: true }),
      attached: bool({ filter: true, description: 'Attached network storage (true) or built-in (false).' }),
      mountPath: str({ max: 500 }),
      fileSystem: str({ max: 50 }),
      state: str({ max: 50, filter: true }),
      tags: tags(),
    },
  },
  {
    type: 'Snapshot',
    plural: 'snapshots',
    description: 'A point-in-time copy of a volume.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      providerId: providerId(),
      volumeProviderId: str({ max: 200, filter: true }),
      sizeGb: float({ min: 0 }),
      state: str({ max: 50, filter: true }),
      tags: tags(),
    },
  },
  {
    type: 'Image',
    plural: 'images',
    description: 'A machine image servers are built from.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      providerId: providerId(),
      platform: str({ max: 100, filter: true }),
      architecture: str({ max: 50, filter: true }),
      state: str({ max: 50, filter: true }),
      public: bool({ filter: true }),
      tags: tags(),
    },
  },
  {
    type: 'Flavor',
    plural: 'flavors',
    description: 'A machine size a datacenter offers.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      providerId: providerId(),
      cpu: int({ min: 0, max: 4096, filter: true, sort: true }),
      memory: float({ min: 0, filter: true, sort: true, description: 'GB.' }),
      disk: float({ min: 0, description: 'GB.' }),
      public: bool({ filter: true }),
      tags: tags(),
    },
  },
  {
    type: 'Network',
    plural: 'networks',
    description: 'A VPC, subnet, security group or other piece of network.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      kind: oneOf('NetworkKind', NETWORK_KINDS, { required: true, filter: true, sort: true }),
      providerId: providerId(),
      cidr: str({ max: 50, filter: true, search: true }),
      region: str({ max: 100, filter: true }),
      tags: tags(),
    },
  },
  {
    type: 'Service',
    plural: 'services',
    description: 'An entry of the service catalog that servers and applications name.',
    nameField: 'name',
    naturalKey: ['name'],
    fields: {
      name: str({ required: true, filter: true, sort: true, search: true }),
      family: str({ max: 100, filter: true, sort: true, description: 'e.g. Web server, Database, Broker.' }),
      description: description(),
      tags: tags(),
    },
  },
];

export const DEFINITION_BY_TYPE: ReadonlyMap<string, EntityDef> = new Map(DEFINITIONS.map((d) => [d.type, d]));
