import type { Collection, Db } from 'mongodb';
import { retryUpsertRace } from '../../infra/mongo.js';
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import {
  APPLICATION_FAMILIES,
  CLUSTER_MODES,
  DATABASE_ENGINES,
  ENVIRONMENTS,
  NETWORK_KINDS,
  OS_BASES,
  PROVIDERS,
  RESOURCE_FAMILIES,
} from '../inventory/definitions.js';

/**
 * The option lists forms offer (the original's "config options"): seeded at
 * start-up, idempotently, and read by `configOptions`. Lists that mirror an
 * enum are rewritten to match it; the others are only created if missing,
 * so an operator's additions stay.
 */

interface OptionDoc {
  _id: string;
  values: Array<{ name: string; family?: string }>;
}

const FROM_ENUMS: Record<string, readonly string[]> = {
  environments: ENVIRONMENTS,
  providers: PROVIDERS,
  applicationFamilies: APPLICATION_FAMILIES,
  databaseEngines: DATABASE_ENGINES,
  resourceFamilies: RESOURCE_FAMILIES,
  clusterModes: CLUSTER_MODES,
  osBases: OS_BASES,
  networkKinds: NETWORK_KINDS,
};

const EDITABLE: Record<string, Array<{ name: string; family?: string }>> = {
  languages: ['node', 'java', 'python', 'go', 'php', 'ruby', 'dotnet', 'rust', 'scala', 'elixir'].map((name) => ({ name })),
  osDistributions: ['ubuntu', 'debian', 'rhel', 'centos', 'rocky', 'amazon-linux', 'windows-server'].map((name) => ({ name })),
  services: [
    ['nginx', 'Web server'], ['apache', 'Web server'], ['haproxy', 'Load balancer'], ['postgresql', 'Database'], ['mysql', 'Database'],
    ['oracle', 'Database'], ['mongodb', 'Database'], ['redis', 'Cache'], ['memcached', 'Cache'], ['rabbitmq', 'Broker'], ['kafka', 'Broker'],
    ['jenkins', 'CI/CD'], ['docker', 'Containers'], ['kubelet', 'Containers'], ['node_exporter', 'Monitoring'], ['prometheus', 'Monitoring'],
    ['elasticsearch', 'Logs'], ['bind9', 'DNS'], ['openvpn', 'VPN'], ['postfix', 'E-mail'],
  ].map(([name, family]) => ({ name: name!, family: family! })),
};

export class OptionsRepository {
  private readonly collection: Collection<OptionDoc>;

  constructor(db: Db) {
    this.collection = db.collection<OptionDoc>('options');
  }

  /** Idempotent, and safe when several processes start at once (a lost upsert race is retried). */
  async seed(): Promise<void> {
    for (const [id, values] of Object.entries(FROM_ENUMS)) {
      await retryUpsertRace(() => this.collection.updateOne({ _id: id }, { $set: { values: values.map((name) => ({ name })) } }, { upsert: true }));
    }
    for (const [id, values] of Object.entries(EDITABLE)) {
      await retryUpsertRace(() => this.collection.updateOne({ _id: id }, { $setOnInsert: { values } }, { upsert: true }));
    }
  }

  async all(): Promise<Map<string, OptionDoc['values']>> {
    return new Map((await this.collection.find({}).toArray()).map((d) => [d._id, d.values]));
  }
}

@ObjectType()
export class OptionValue {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  family!: string | null;
}

@ObjectType({ description: 'Lists that forms offer.' })
export class ConfigOptions {
  @Field(() => [OptionValue]) environments!: OptionValue[];
  @Field(() => [OptionValue]) providers!: OptionValue[];
  @Field(() => [OptionValue]) applicationFamilies!: OptionValue[];
  @Field(() => [OptionValue]) databaseEngines!: OptionValue[];
  @Field(() => [OptionValue]) resourceFamilies!: OptionValue[];
  @Field(() => [OptionValue]) clusterModes!: OptionValue[];
  @Field(() => [OptionValue]) osBases!: OptionValue[];
  @Field(() => [OptionValue]) networkKinds!: OptionValue[];
  @Field(() => [OptionValue]) languages!: OptionValue[];
  @Field(() => [OptionValue]) osDistributions!: OptionValue[];
  @Field(() => [OptionValue], { description: 'The service catalog servers and applications pick from.' }) services!: OptionValue[];
}

@Resolver()
export class OptionsResolver {
  @Query(() => ConfigOptions)
  async configOptions(@Ctx() ctx: GraphQLContext): Promise<ConfigOptions> {
    await ctx.auth.scope();
    const all = await ctx.services.options.all();
    const list = (id: string) => (all.get(id) ?? []).map((v) => Object.assign(new OptionValue(), { name: v.name, family: v.family ?? null }));
    return Object.assign(new ConfigOptions(), Object.fromEntries([...Object.keys(FROM_ENUMS), ...Object.keys(EDITABLE)].map((id) => [id, list(id)])));
  }
}
