import { Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
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
    topics: 'statusChanged',
    description: 'Fires when a component turns up or down, from whichever process noticed.',
  })
  statusChanged(@Root() report: StatusReport): Status {
    return toStatus(report);
  }
}
