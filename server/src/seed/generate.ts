import type { RelationKind } from '../modules/relations/relation.model.js';

/**
 * A realistic inventory, generated deterministically at any scale: clients
 * owning systems, systems of applications with dependencies, databases,
 * load balancers, resources, servers in two datacenters, networks. Scale 1
 * is a small demo; scale 250 gives 10,000 servers, 3,000 applications and
 * databases, 500 systems, 100 clients and about 30,000 relations.
 */

export interface GeneratedInventory {
  /** Create inputs per type; the name field is unique within a type. */
  items: Record<string, Array<Record<string, unknown>>>;
  /** Edges by type and name of each end. */
  relations: Array<{ kind: RelationKind; fromType: string; from: string; toType: string; to: string }>;
}

/** A small seeded pseudo-random generator (mulberry32), so that a scale always gives the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS = ['checkout', 'billing', 'catalog', 'search', 'identity', 'payments', 'shipping', 'inventory', 'pricing', 'reviews', 'notifications', 'reporting', 'ledger', 'crm', 'analytics', 'media'];
const CLIENTS = ['Acme Retail', 'Globex Bank', 'Initech Logistics', 'Umbrella Health', 'Stark Energy', 'Wayne Media', 'Hooli Cloud', 'Soylent Foods'];
const LANGUAGES = ['node', 'java', 'python', 'go', 'php', 'ruby'];
const ENGINES = ['POSTGRESQL', 'MYSQL', 'ORACLE', 'MONGODB', 'AURORA', 'MARIADB', 'CASSANDRA'];
const ENVIRONMENTS = ['PRODUCTION', 'PRODUCTION', 'STAGING', 'DEVELOPMENT'];
const FAMILIES = ['API', 'WEB', 'WORKER', 'JOB', 'FRONTEND'];
const RESOURCE_FAMILIES: Array<[string, string]> = [['CACHE', 'Redis'], ['BROKER', 'Kafka'], ['CI_CD', 'Jenkins'], ['DNS', 'Route 53'], ['MONITORING', 'Prometheus'], ['LOGS', 'Graylog'], ['OBJECT_STORAGE', 'S3'], ['API_GATEWAY', 'Kong']];

export function generateInventory(scale: number): GeneratedInventory {
  if (!Number.isInteger(scale) || scale < 1 || scale > 10_000) throw new Error('scale must be a whole number from 1 to 10000');
  const rnd = random(20260101 + scale);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const counts = {
    servers: 40 * scale,
    applications: 8 * scale,
    databases: 4 * scale,
    systems: 2 * scale,
    clients: Math.max(2, Math.round(0.4 * scale)),
    loadBalancers: Math.max(2, scale),
    resources: Math.max(4, scale),
    networks: Math.max(4, 2 * scale),
  };
  const items: GeneratedInventory['items'] = {};
  const relations: GeneratedInventory['relations'] = [];
  const link = (kind: RelationKind, fromType: string, from: string, toType: string, to: string) => relations.push({ kind, fromType, from, toType, to });

  const datacenters = [
    { name: 'aws-eu-west-1', provider: 'AWS', regions: ['eu-west-1'], zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], tags: ['cloud'] },
    { name: 'paris-dc2', provider: 'BARE_METAL', regions: ['paris'], zones: ['room-a', 'room-b'], tags: ['on-premise'] },
  ];
  items.Datacenter = datacenters;

  items.Network = Array.from({ length: counts.networks }, (_, i) => ({
    name: `net-${String(i).padStart(4, '0')}`,
    kind: i % 2 ? 'SUBNET' : 'SECURITY_GROUP',
    cidr: `10.${Math.floor(i / 250) % 250}.${i % 250}.0/24`,
    region: i % 3 ? 'eu-west-1' : 'paris',
  }));

  items.Server = Array.from({ length: counts.servers }, (_, i) => {
    const dc = datacenters[i % 3 === 0 ? 1 : 0]!;
    const role = i % 10 < 6 ? 'application' : i % 10 < 9 ? 'database' : 'bastion';
    return {
      hostname: `${role === 'application' ? 'app' : role === 'database' ? 'db' : 'bastion'}-${String(i).padStart(5, '0')}.${dc.name}`,
      ipv4Private: `10.${Math.floor(i / 65_000) % 250}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`,
      ipv4Public: role === 'bastion' ? `203.0.${Math.floor(i / 250) % 250}.${(i % 250) + 1}` : null,
      environment: pick(ENVIRONMENTS),
      role,
      os: { base: 'LINUX', distribution: pick(['ubuntu', 'debian', 'rhel']), version: pick(['22.04', '12', '9']) },
      cpu: pick([2, 4, 8, 16]),
      memory: pick([4, 8, 16, 32, 64]),
      placement: { datacenter: dc.name, region: dc.regions[0], zone: pick(dc.zones), instanceId: dc.provider === 'AWS' ? `i-${(0x10000000 + i).toString(16)}` : null },
      services: role === 'database' ? ['postgresql'] : ['nginx', 'node_exporter'],
      tags: [role, dc.provider === 'AWS' ? 'cloud' : 'on-premise'],
    };
  });
  const serverNames = items.Server.map((s) => String(s.hostname));
  const appServers = serverNames.filter((n) => n.startsWith('app-'));
  const dbServers = serverNames.filter((n) => n.startsWith('db-'));
  items.Server.forEach((server, i) => {
    link('LOCATED_IN', 'Server', String(server.hostname), 'Datacenter', String((server.placement as { datacenter: string }).datacenter));
    if (i % 3 !== 0) link('USES', 'Server', String(server.hostname), 'Network', items.Network![i % counts.networks]!.name as string);
  });

  items.Client = Array.from({ length: counts.clients }, (_, i) => ({
    name: i < CLIENTS.length ? CLIENTS[i] : `${CLIENTS[i % CLIENTS.length]} ${Math.floor(i / CLIENTS.length) + 1}`,
    contacts: [{ name: `Ops lead ${i}`, email: `ops${i}@client.example.com`, role: 'operations' }],
  }));
  items.System = Array.from({ length: counts.systems }, (_, i) => ({
    name: `${DOMAINS[i % DOMAINS.length]} platform ${Math.floor(i / DOMAINS.length) + 1}`,
    description: `Everything behind ${DOMAINS[i % DOMAINS.length]}.`,
    links: [{ title: 'Runbook', url: `https://wiki.example.com/${DOMAINS[i % DOMAINS.length]}` }],
  }));
  items.System.forEach((system, i) => link('SERVES', 'System', String(system.name), 'Client', String(items.Client![i % counts.clients]!.name)));

  items.Database = Array.from({ length: counts.databases }, (_, i) => ({
    name: `${DOMAINS[i % DOMAINS.length]}-db-${i}`,
    engine: i === 0 ? 'POSTGRESQL' : pick(ENGINES),
    version: pick(['14', '15', '16', '8.0', '19c']),
    clusterMode: pick(['SINGLE', 'PRIMARY_REPLICA', 'CLUSTER']),
    environment: pick(ENVIRONMENTS),
    tags: i === 0 ? ['shared', 'critical'] : [],
  }));
  items.Database.forEach((db, i) => link('RUNS_ON', 'Database', String(db.name), 'Server', dbServers[i % dbServers.length]!));

  items.Application = Array.from({ length: counts.applications }, (_, i) => ({
    name: `${DOMAINS[i % DOMAINS.length]}-${pick(FAMILIES).toLowerCase()}-${i}`,
    family: FAMILIES[i % FAMILIES.length],
    environment: pick(ENVIRONMENTS),
    language: pick(LANGUAGES),
    spec: { endpoint: `https://${DOMAINS[i % DOMAINS.length]}-${i}.internal.example.com`, ports: ['443'], healthCheck: '/healthz' },
    tags: [DOMAINS[i % DOMAINS.length]],
  }));
  const appNames = items.Application.map((a) => String(a.name));
  const dbNames = items.Database.map((d) => String(d.name));
  appNames.forEach((app, i) => {
    link('RUNS_ON', 'Application', app, 'Server', appServers[(2 * i) % appServers.length]!);
    link('RUNS_ON', 'Application', app, 'Server', appServers[(2 * i + 1) % appServers.length]!);
    link('PART_OF', 'Application', app, 'System', String(items.System![i % counts.systems]!.name));
    // One shared database many applications depend on; the rest spread out.
    if (i % 4 === 0) link('DEPENDS_ON', 'Application', app, 'Database', dbNames[0]!);
    link('DEPENDS_ON', 'Application', app, 'Database', dbNames[1 + (i % Math.max(1, dbNames.length - 1))] ?? dbNames[0]!);
    // Applications of a domain call the one before them: chains that make impact deep.
    if (i >= DOMAINS.length) link('DEPENDS_ON', 'Application', app, 'Application', appNames[i - DOMAINS.length]!);
  });
  items.System.forEach((system, i) => link('ENTRY_POINT', 'System', String(system.name), 'Application', appNames[(i * 4) % appNames.length]!));

  items.LoadBalancer = Array.from({ length: counts.loadBalancers }, (_, i) => ({
    name: `lb-${DOMAINS[i % DOMAINS.length]}-${i}`,
    service: pick(['nginx', 'haproxy', 'ELB']),
    endpoint: `https://${DOMAINS[i % DOMAINS.length]}.example.com`,
    healthCheck: '/healthz',
    ports: ['443'],
  }));
  items.LoadBalancer.forEach((lb, i) => {
    for (let t = 0; t < 4; t += 1) link('TARGETS', 'LoadBalancer', String(lb.name), 'Server', appServers[(i * 4 + t) % appServers.length]!);
  });

  items.Resource = Array.from({ length: counts.resources }, (_, i) => {
    const [family, service] = RESOURCE_FAMILIES[i % RESOURCE_FAMILIES.length]!;
    return { name: `${service.toLowerCase().replace(/\s/g, '-')}-${i}`, family, service, clusterMode: i % 2 === 0 };
  });
  items.Resource.forEach((resource, i) => {
    if (resource.family === 'CACHE' || resource.family === 'BROKER') link('DEPENDS_ON', 'Application', appNames[i % appNames.length]!, 'Resource', String(resource.name));
  });

  return { items, relations };
}
