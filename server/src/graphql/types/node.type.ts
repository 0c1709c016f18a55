import { Field, ID, InterfaceType, ObjectType, Int } from 'type-graphql';
import type { ClassType } from 'type-graphql';

@InterfaceType({ description: 'Anything with a global id: `node(id)` finds it.' })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface EdgeShape<T> {
  cursor: string;
  node: T;
}

/** A Relay connection type for `NodeType`, named `<Name>Connection`. */
export function connectionType<T extends object>(NodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => NodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match the filter, across all pages.' })
    totalCount!: number;
  }

  return Connection;
}
