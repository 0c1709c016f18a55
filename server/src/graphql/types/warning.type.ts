import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Accepted, but worth a look (e.g. a duplicate hostname).' })
export class Warning {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true, description: 'The input field it is about.' })
  path!: string | null;

  /** Hex ids of the other items it is about, resolved by the `items` field. */
  itemIds!: string[];
}
