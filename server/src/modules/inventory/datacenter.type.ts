import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Node, connectionType } from '../../graphql/types/node.type.js';
import { toGlobalId } from '../../shared/ids.js';
import type { DatacenterDoc, Provider } from './datacenter.repository.js';

export enum ProviderEnum {
  AWS = 'AWS',
  OPENSTACK = 'OPENSTACK',
  AZURE = 'AZURE',
  GCP = 'GCP',
  DIGITAL_OCEAN = 'DIGITAL_OCEAN',
  BARE_METAL = 'BARE_METAL',
  OTHER = 'OTHER',
}
registerEnumType(ProviderEnum, { name: 'Provider', description: 'Who runs a datacenter.' });

@ObjectType({ implements: Node, description: 'A place servers run: a cloud account and region set, or a building.' })
export class Datacenter extends Node {
  /** The stored document, for field resolvers (owner, access). */
  doc!: DatacenterDoc;

  @Field(() => String)
  name!: string;

  @Field(() => ProviderEnum)
  provider!: ProviderEnum;

  @Field(() => [String])
  regions!: string[];

  @Field(() => [String])
  zones!: string[];

  @Field(() => [String])
  tags!: string[];

  @Field(() => Boolean, { description: 'False once deleted (soft delete); restore brings it back.' })
  active!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export function toDatacenter(doc: DatacenterDoc): Datacenter {
  return Object.assign(new Datacenter(), {
    id: toGlobalId('Datacenter', doc._id),
    doc,
    name: doc.name,
    provider: doc.provider as ProviderEnum,
    regions: doc.regions,
    zones: doc.zones,
    tags: doc.tags,
    active: doc.active,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

export const DatacenterConnection = connectionType(Datacenter, 'Datacenter');
export type DatacenterConnectionShape = InstanceType<typeof DatacenterConnection>;

@InputType()
export class CreateDatacenterInput {
  @Field(() => String)
  name!: string;

  @Field(() => ProviderEnum)
  provider!: Provider;

  @Field(() => [String], { nullable: true })
  regions?: string[] | null;

  @Field(() => [String], { nullable: true })
  zones?: string[] | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;
}

@InputType()
export class UpdateDatacenterInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => ProviderEnum, { nullable: true })
  provider?: Provider | null;

  @Field(() => [String], { nullable: true })
  regions?: string[] | null;

  @Field(() => [String], { nullable: true })
  zones?: string[] | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;
}

@InputType()
export class DatacenterFilterInput {
  @Field(() => String, { nullable: true, description: 'Name equals, ignoring case.' })
  nameEquals?: string | null;

  @Field(() => String, { nullable: true, description: 'Name contains, ignoring case.' })
  nameContains?: string | null;

  @Field(() => ProviderEnum, { nullable: true })
  provider?: Provider | null;

  @Field(() => String, { nullable: true, description: 'Has this tag.' })
  tag?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true; false lists deleted datacenters.' })
  active?: boolean | null;
}
