import { Ctx, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';
import type { StatusReport } from './status.model.js';
import { Status, toStatus } from './status.type.js';

@Resolver(() => Status)
export class StatusResolver {
  @Query(() => Status, { description: 'Checks every component of the stack now: API, MongoDB, Redis and each worker queue.' })
  async status(@Ctx() ctx: GraphQLContext): Promise<Status> {
    return toStatus(await ctx.services.status.check());
  }

  @Subscription(() => Status, {
    description:
      'The status of the stack now, as soon as you subscribe, then again whenever a component turns up or down, from whichever process noticed.',
    subscribe: ({ context }: SubscribeResolverData<unknown, unknown, GraphQLContext>) => context.services.status.watch(),
  })
  statusChanged(@Root() report: StatusReport): Status {
    return toStatus(report);
  }
}
