import { filter, pipe } from '@graphql-yoga/subscription';
import { Arg, Ctx, FieldResolver, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { isRelationPath } from './change.model.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { loadPrincipal } from '../access/principal.js';
import type { ChangeEvent } from './change.model.js';
import { Actor, Change, FieldChange, toChange } from './change.type.js';
import { seenFrom, typeOfEnd } from './change.publisher.js';

interface EntityChangedArgs {
  types?: string[] | null;
  ids?: string[] | null;
}

@Resolver(() => Actor)
export class ActorResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Who or what it is: the user’s name, `import #12`, the connection’s name, or the part of Maestro.' })
  async name(@Root() actor: Actor, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    if (actor.storedName) return actor.storedName;
    if (!actor.userId || actor.kind !== 'USER') return null;
    const user = await loadPrincipal(ctx, 'user', actor.userId);
    return user?.name ?? null;
  }
}

@Resolver(() => Change)
export class ChangeResolver {
  @Subscription(() => Change, {
    description:
      'Changes of entities you can read, as they happen, from every API process. Filter by entity types and ids. ' +
      'Each event is checked against your access when it is sent: lose access and the events stop.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, EntityChangedArgs, GraphQLContext>) => {
      // Signed-in callers only: this throws UNAUTHENTICATED otherwise.
      await context.auth.scope();
      const types = args.types && args.types.length > 0 ? new Set(args.types) : null;
      const ids = args.ids && args.ids.length > 0 ? new Set(args.ids) : null;
      return pipe(
        context.services.events.subscribe('entityChanged'),
        filter(async (event: ChangeEvent) => {
          // A change of a link is a change of each of its ends.
          const entities = [event.entityId, ...(event.ends ?? [])];
          if (types && !entities.some((e, i) => types.has(i === 0 ? event.entityType : typeOfEnd(e)))) return false;
          if (ids && !entities.some((e) => ids.has(e))) return false;
          return context.auth.canReadNow(event.readers);
        }),
      );
    },
  })
  async entityChanged(
    @Root() event: ChangeEvent,
    @Ctx() ctx: GraphQLContext,
    @Arg('types', () => [String], { nullable: true }) types?: string[] | null,
    @Arg('ids', () => [ID], { nullable: true }) ids?: string[] | null,
  ): Promise<Change> {
    if (!event.ends) return toChange(event);
    // A change of a link, from the end subscribed to (by id, else by type) that the subscriber can read now, as activity shows it.
    const wanted = event.ends.filter((end) => (ids && ids.length > 0 ? ids.includes(end) : !types || types.length === 0 || types.includes(typeOfEnd(end))));
    const readable = await Promise.all(wanted.map((end) => ctx.loaders.readable.load(end)));
    return toChange(seenFrom(event, wanted[readable.indexOf(true)] ?? wanted[0]));
  }

  @FieldResolver(() => [FieldChange], {
    description:
      'The fields the change made, each before and after. The other end of a link or unlink is named only if you can read it now; ' +
      'otherwise it is null and the field change is marked hidden.',
  })
  async diff(@Root() change: Change, @Ctx() ctx: GraphQLContext): Promise<FieldChange[]> {
    // Ends are checked in one batch for every change of the answer, afresh for each event of a subscription.
    const readable = async (value: unknown) => typeof value !== 'string' || (await ctx.loaders.readable.load(value));
    return Promise.all(
      change.diff.map(async (d) => {
        if (!isRelationPath(d.path)) return d;
        const [before, after] = await Promise.all([readable(d.before), readable(d.after)]);
        if (before && after) return d;
        return Object.assign(new FieldChange(), { path: d.path, before: before ? d.before : null, after: after ? d.after : null, hidden: true });
      }),
    );
  }
}
