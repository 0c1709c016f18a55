import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node, PageInfo } from '../../../graphql/types/node.type.js';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType({ description: 'Text conditions, ignoring case.' })
export class StringFilter {
  @Field(() => String, { nullable: true, description: 'Equal to, ignoring case.' })
  equals?: string | null;

  @Field(() => String, { nullable: true, description: 'Contains, ignoring case.' })
  contains?: string | null;

  @Field(() => [String], { nullable: true, description: 'One of these exact values.' })
  in?: string[] | null;
}

@InputType()
export class NumberFilter {
  @Field(() => Float, { nullable: true })
  gte?: number | null;

  @Field(() => Float, { nullable: true })
  lte?: number | null;
}

@InputType()
export class DateFilter {
  @Field(() => Date, { nullable: true })
  before?: Date | null;

  @Field(() => Date, { nullable: true })
  after?: Date | null;
}

@InputType({ description: 'Conditions on a list of values, such as tags.' })
export class ListFilter {
  @Field(() => [String], { nullable: true, description: 'Holds all of these.' })
  all?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Holds at least one of these.' })
  any?: string[] | null;
}

@ObjectType()
export class NodeEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Node)
  node!: Node;
}

@ObjectType({ description: 'A page of related items, of any type.' })
export class NodeConnection {
  @Field(() => [NodeEdge])
  edges!: NodeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
