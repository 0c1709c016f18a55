import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { graphqlEnum } from '../../graphql/enum.js';
import { Node } from '../../graphql/types/node.type.js';
import { RELATION_KIND_DEFS, RELATION_KINDS, type RelationKind } from './relation.model.js';

export const RelationKindEnum = graphqlEnum(RELATION_KINDS, {
  name: 'RelationKind',
  description: 'A typed edge of the inventory graph.',
  valuesConfig: Object.fromEntries(
    Object.values(RELATION_KIND_DEFS).map((d) => [d.kind, { description: `${d.from.join('/')} ${d.description} (${d.to.join('/')})` }]),
  ),
});

@ObjectType({ description: 'An edge between two inventory items.' })
export class Relation {
  @Field(() => ID)
  id!: string;

  @Field(() => RelationKindEnum)
  kind!: RelationKind;

  @Field(() => Node)
  from!: Node;

  @Field(() => Node)
  to!: Node;

  @Field(() => Date)
  createdAt!: Date;
}

@InputType()
export class LinkInput {
  @Field(() => ID)
  from!: string;

  @Field(() => ID)
  to!: string;

  @Field(() => RelationKindEnum)
  kind!: RelationKind;
}

@InputType({ description: 'Makes `from` depend on exactly these items.' })
export class DependencyTreeInput {
  @Field(() => ID)
  from!: string;

  @Field(() => [ID])
  dependsOn!: string[];
}

@ObjectType()
export class DependencyTreePayload {
  @Field(() => Int)
  added!: number;

  @Field(() => Int)
  removed!: number;

  @Field(() => [Node], { description: 'What `from` depends on now.' })
  dependsOn!: Node[];
}

@ObjectType({ description: 'An item reached in the graph, with how it was reached.' })
export class GraphHop {
  @Field(() => Node)
  node!: Node;

  @Field(() => Int, { description: 'Edges from the start: 1 for direct neighbours.' })
  depth!: number;

  @Field(() => [ID], { description: 'Ids from the start to this item, both included.' })
  path!: string[];

  @Field(() => RelationKindEnum, { description: 'The kind of the last edge.' })
  via!: RelationKind;
}
