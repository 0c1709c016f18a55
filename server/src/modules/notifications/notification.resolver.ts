import { filter, pipe } from '@graphql-yoga/subscription';
import { Ctx, Field, FieldResolver, ID, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import { graphqlEnum } from '../../graphql/enum.js';
import { Node } from '../../graphql/types/node.type.js';
import { fromGlobalId } from '../../shared/ids.js';
import { toGraphQL } from '../inventory/inventory.graphql.js';
import { NOTIFICATION_KINDS, type NotificationEvent, type NotificationKindValue } from './notification.model.js';

export const NotificationKind = graphqlEnum(NOTIFICATION_KINDS, { name: 'NotificationKind' });

@ObjectType({ description: 'A message for you: access given or taken, and job progress and results.' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKindValue;

  @Field(() => Date)
  at!: Date;

  @Field(() => String)
  message!: string;

  @Field(() => ID, { nullable: true })
  entityId!: string | null;
}

@Resolver(() => Notification)
export class NotificationResolver {
  @FieldResolver(() => Node, { nullable: true, description: 'What it is about, if you can read it now.' })
  async entity(@Root() notification: Notification, @Ctx() ctx: GraphQLContext): Promise<Node | null> {
    if (!notification.entityId) return null;
    const { type, id } = fromGlobalId(notification.entityId);
    const doc = await ctx.services.inventory.get(await ctx.auth.scope(), id, type);
    return doc ? toGraphQL(doc) : null;
  }

  @Subscription(() => Notification, {
    description: 'Messages for you, from every API process. Signed-in callers only.',
    subscribe: async ({ context }: SubscribeResolverData<unknown, Record<string, never>, GraphQLContext>) => {
      await context.auth.scope();
      return pipe(
        context.services.events.subscribe('notification'),
        filter((event: NotificationEvent) => context.auth.canReadNow(event.recipients)),
      );
    },
  })
  notifications(@Root() event: NotificationEvent): Notification {
    return Object.assign(new Notification(), {
      id: event.id,
      kind: event.kind,
      at: new Date(event.at),
      message: event.message,
      entityId: event.entityId,
    });
  }
}
