import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  type ClassType,
} from 'type-graphql';
import type { GraphQLScalarType } from 'graphql';
import type { GraphQLContext } from '../../../graphql/context.js';
import { graphqlEnum } from '../../../graphql/enum.js';
import { Node, connectionType } from '../../../graphql/types/node.type.js';
import { Warning } from '../../../graphql/types/warning.type.js';
import { neighbourCursor } from '../../../shared/cursor.js';
import { idOfType, toGlobalId } from '../../../shared/ids.js';
import { pageSize } from '../../../shared/pagination.js';
import { grantsOf, myRoleOn, ownerOf } from '../../access/access-fields.js';
import { AccessGrant, Principal } from '../../access/access.type.js';
import { RoleEnum } from '../../access/role.enum.js';
import { RELATION_FIELDS, type RelationField } from '../../relations/relation.model.js';
import type { EntityDef, InventoryDoc } from './entity-def.js';
import type { FieldSpec, ScalarSpec } from './field-spec.js';
import { filterFields, sortFields } from './filters.js';
import { DateFilter, ListFilter, NodeConnection, NodeEdge, NumberFilter, SortDirection, StringFilter } from './common.types.js';
import { encodeSortCursor, type WriteResult } from './inventory.service.js';
import { Actor } from '../../history/change.type.js';
import { FieldProvenance, ItemLocksType, locksOf, originOf, provenanceOf } from '../provenance.type.js';

/**
 * Builds the GraphQL types and resolvers of every inventory type from its
 * declaration: `Server`, `CreateServerInput`, `UpdateServerInput`,
 * `ServerFilter`, `ServerOrderBy`, `ServerConnection`, `ServerPayload`, and
 * `servers`, `server`, `createServer`, `updateServer`, `deleteServer`,
 * `restoreServer`, with owner, access and relation fields on each type.
 * type-graphql's decorators are plain functions; here they are applied to
 * classes made at start-up instead of written out fourteen times.
 */

type TypeRef = ClassType | GraphQLScalarType | object | [ClassType | GraphQLScalarType | object];
type Ctor = new () => object;

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function makeClass(name: string, base?: abstract new () => object): Ctor {
  const holder: Record<string, Ctor> = base
    ? { [name]: class extends (base as Ctor) {} }
    : { [name]: class {} };
  return holder[name]!;
}

function defineMethod(target: Ctor, name: string, fn: (...args: never[]) => unknown): PropertyDescriptor {
  Object.defineProperty(target.prototype, name, { value: fn, writable: true, configurable: true });
  return Object.getOwnPropertyDescriptor(target.prototype, name)!;
}

export interface InventoryGraphQL {
  resolvers: Ctor[];
  /** The GraphQL object of a stored item. */
  toGraphQL(doc: InventoryDoc): Node;
  classes: Map<string, Ctor>;
}

export function buildInventoryGraphQL(definitions: readonly EntityDef[]): InventoryGraphQL {
  const enums = new Map<string, object>();
  const outputs = new Map<string, Ctor>();
  const inputs = new Map<string, Ctor>();
  const classes = new Map<string, Ctor>();
  const resolvers: Ctor[] = [];

  const enumOf = (name: string, values: readonly string[]): object => {
    let e = enums.get(name);
    if (!e) {
      e = graphqlEnum(values, { name });
      enums.set(name, e);
    }
    return e;
  };

  const scalarType = (spec: ScalarSpec, mode: 'output' | 'input'): TypeRef => {
    switch (spec.kind) {
      case 'string':
        return String;
      case 'int':
        return Int;
      case 'float':
        return Float;
      case 'boolean':
        return Boolean;
      case 'enum':
        return enumOf(spec.name, spec.values);
      case 'strings':
        return [String];
    }
    void mode;
  };

  const nested = (name: string, fields: Record<string, ScalarSpec>, mode: 'output' | 'input'): Ctor => {
    const registry = mode === 'output' ? outputs : inputs;
    const typeName = mode === 'output' ? name : `${name}Input`;
    let cls = registry.get(typeName);
    if (cls) return cls;
    cls = makeClass(typeName);
    for (const [field, spec] of Object.entries(fields)) {
      const t = scalarType(spec, mode);
      Field(() => t, { nullable: mode === 'input' || spec.kind !== 'strings', description: spec.description })(cls.prototype, field);
    }
    (mode === 'output' ? ObjectType : InputType)(typeName)(cls);
    registry.set(typeName, cls);
    return cls;
  };

  const fieldType = (spec: FieldSpec, mode: 'output' | 'input'): TypeRef => {
    if (spec.kind === 'object') return nested(spec.name, spec.fields, mode);
    if (spec.kind === 'objects') return [nested(spec.name, spec.fields, mode)];
    return scalarType(spec, mode);
  };

  const filterType = (spec: ScalarSpec): TypeRef => {
    switch (spec.kind) {
      case 'string':
        return StringFilter;
      case 'int':
      case 'float':
        return NumberFilter;
      case 'boolean':
        return Boolean;
      case 'enum':
        return [enumOf(spec.name, spec.values)];
      case 'strings':
        return ListFilter;
    }
  };

  for (const def of definitions) {
    const Type = makeClass(def.type, Node as unknown as abstract new () => object);
    for (const [name, spec] of Object.entries(def.fields)) {
      const list = spec.kind === 'strings' || spec.kind === 'objects';
      const t = fieldType(spec, 'output');
      Field(() => t, { nullable: !spec.required && !list, description: spec.description })(Type.prototype, name);
    }
    Field(() => Boolean, { description: 'False once deleted (soft delete); restore brings it back.' })(Type.prototype, 'active');
    Field(() => Date)(Type.prototype, 'createdAt');
    Field(() => Date)(Type.prototype, 'updatedAt');
    Field(() => Int, { description: 'Grows by one with every change of the item (links are changes of their own).' })(Type.prototype, 'revision');
    Field(() => Date, { nullable: true, description: 'For an item a discovery source no longer sees: when it last saw it.' })(Type.prototype, 'lastSeenAt');
    ObjectType(def.type, { implements: Node, description: def.description })(Type);
    classes.set(def.type, Type);

    const Create = makeClass(`Create${def.type}Input`);
    const Update = makeClass(`Update${def.type}Input`);
    for (const [name, spec] of Object.entries(def.fields)) {
      // Types are made now, not inside the thunks: enums must be registered before the schema is built.
      const t = fieldType(spec, 'input');
      Field(() => t, { nullable: !spec.required, description: spec.description })(Create.prototype, name);
      Field(() => t, { nullable: true, description: spec.description })(Update.prototype, name);
    }
    InputType(`Create${def.type}Input`)(Create);
    InputType(`Update${def.type}Input`, { description: 'Only the fields given change.' })(Update);

    const Filter = makeClass(`${def.type}Filter`);
    for (const field of filterFields(def)) {
      const t = filterType(field.spec);
      Field(() => t, { nullable: true, description: field.spec.description })(Filter.prototype, field.name);
    }
    Field(() => Boolean, { nullable: true, description: 'Default true; false lists deleted items.' })(Filter.prototype, 'active');
    Field(() => DateFilter, { nullable: true })(Filter.prototype, 'createdAt');
    Field(() => DateFilter, { nullable: true })(Filter.prototype, 'updatedAt');
    Field(() => String, { nullable: true, description: 'Free text: name, addresses, tags…' })(Filter.prototype, 'text');
    InputType(`${def.type}Filter`)(Filter);

    const SortFieldEnum = enumOf(`${def.type}SortField`, sortFields(def).map((s) => s.value));
    const OrderBy = makeClass(`${def.type}OrderBy`);
    Field(() => SortFieldEnum)(OrderBy.prototype, 'field');
    Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC })(OrderBy.prototype, 'direction');
    InputType(`${def.type}OrderBy`)(OrderBy);

    const Connection = connectionType(Type as ClassType<object>, def.type);
    const payloadKey = lower(def.type);
    const Payload = makeClass(`${def.type}Payload`);
    Field(() => Type, { nullable: true })(Payload.prototype, payloadKey);
    Field(() => [Warning], { description: 'Accepted, but worth a look: duplicates and the like.' })(Payload.prototype, 'warnings');
    ObjectType(`${def.type}Payload`)(Payload);

    resolvers.push(buildResolver(def, { Type, Create, Update, Filter, OrderBy, Connection, Payload, payloadKey }, (doc) => toGraphQL(doc)));
  }

  const toGraphQL = (doc: InventoryDoc): Node => {
    const Type = classes.get(doc.type);
    if (!Type) throw new Error(`no GraphQL type for inventory type ${doc.type}`);
    return Object.assign(new Type(), doc, { id: toGlobalId(doc.type, doc._id), doc }) as Node;
  };

  return { resolvers, toGraphQL, classes };
}

interface TypeClasses {
  Type: Ctor;
  Create: Ctor;
  Update: Ctor;
  Filter: Ctor;
  OrderBy: Ctor;
  Connection: ClassType<object>;
  Payload: Ctor;
  payloadKey: string;
}

type WithDoc = { doc: InventoryDoc };

function buildResolver(def: EntityDef, c: TypeClasses, toGraphQL: (doc: InventoryDoc) => Node): Ctor {
  const R = makeClass(`${def.type}Resolver`);
  const proto = R.prototype;
  const type = def.type;
  const single = lower(def.type);

  const payload = (result: WriteResult): object =>
    Object.assign(new c.Payload(), { [c.payloadKey]: toGraphQL(result.doc), warnings: result.warnings.map((w) => Object.assign(new Warning(), w)) });

  // Queries.
  let d = defineMethod(R, def.plural, (async (ctx: GraphQLContext, filter: Record<string, unknown> | null, orderBy: { field: string; direction: 'ASC' | 'DESC' } | null, first: number | null, after: string | null) => {
    const page = await ctx.services.inventory.list(await ctx.auth.scope(), type, filter, orderBy, first, after);
    const edges = page.items.map((doc) => ({ cursor: encodeSortCursor(doc, page.sort), node: toGraphQL(doc) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }) as never);
  Query(() => c.Connection, { description: `${def.description} Filter, sort, page with cursors; deleted items are hidden unless asked for.` })(proto, def.plural, d);
  Ctx()(proto, def.plural, 0);
  Arg('filter', () => c.Filter, { nullable: true })(proto, def.plural, 1);
  Arg('orderBy', () => c.OrderBy, { nullable: true })(proto, def.plural, 2);
  Arg('first', () => Int, { nullable: true, description: 'Page size, up to 1000 (default 50).' })(proto, def.plural, 3);
  Arg('after', () => String, { nullable: true })(proto, def.plural, 4);

  d = defineMethod(R, single, (async (ctx: GraphQLContext, id: string) => {
    const doc = await ctx.services.inventory.get(await ctx.auth.scope(), idOfType(id, type), type);
    return doc ? toGraphQL(doc) : null;
  }) as never);
  Query(() => c.Type, { nullable: true })(proto, single, d);
  Ctx()(proto, single, 0);
  Arg('id', () => ID)(proto, single, 1);

  // Mutations.
  const mutation = (name: string, description: string, run: (ctx: GraphQLContext, id: string | null, input: Record<string, unknown> | null) => Promise<WriteResult>, args: 'input' | 'id' | 'id+input') => {
    const method = defineMethod(R, name, (async (ctx: GraphQLContext, a: unknown, b: unknown) => {
      const id = args === 'input' ? null : (a as string);
      const input = args === 'input' ? (a as Record<string, unknown>) : args === 'id+input' ? (b as Record<string, unknown>) : null;
      return payload(await run(ctx, id, input));
    }) as never);
    Mutation(() => c.Payload, { description })(proto, name, method);
    Ctx()(proto, name, 0);
    if (args === 'input') Arg('input', () => c.Create)(proto, name, 1);
    else Arg('id', () => ID)(proto, name, 1);
    if (args === 'id+input') Arg('input', () => c.Update)(proto, name, 2);
  };
  mutation(`create${type}`, `Creates a ${type}; its creator (you, or your workspace team) becomes its admin.`, async (ctx, _id, input) =>
    ctx.services.inventory.create(await ctx.auth.scope(), type, { ...input }), 'input');
  mutation(`update${type}`, `Changes the fields given. Needs WRITE.`, async (ctx, id, input) =>
    ctx.services.inventory.update(await ctx.auth.scope(), type, idOfType(id!, type), { ...input }), 'id+input');
  mutation(`delete${type}`, 'Soft delete: it becomes inactive and leaves lists and graphs. Needs ADMIN.', async (ctx, id) =>
    ctx.services.inventory.delete(await ctx.auth.scope(), type, idOfType(id!, type)), 'id');
  mutation(`restore${type}`, 'Brings a deleted item back. Needs ADMIN.', async (ctx, id) =>
    ctx.services.inventory.restore(await ctx.auth.scope(), type, idOfType(id!, type)), 'id');

  // Fields every type has: owner, access, my role.
  d = defineMethod(R, 'owner', ((root: WithDoc, ctx: GraphQLContext) => ownerOf(ctx, root.doc)) as never);
  FieldResolver(() => Principal, { nullable: true, description: 'The user or team that created it.' })(proto, 'owner', d);
  Root()(proto, 'owner', 0);
  Ctx()(proto, 'owner', 1);
  d = defineMethod(R, 'access', ((root: WithDoc, ctx: GraphQLContext) => grantsOf(ctx, root.doc)) as never);
  FieldResolver(() => [AccessGrant], { description: 'Who holds which role.' })(proto, 'access', d);
  Root()(proto, 'access', 0);
  Ctx()(proto, 'access', 1);
  // Where its values came from, and what automated sources must leave alone.
  const fieldOrder = Object.keys(def.fields);
  d = defineMethod(R, 'provenance', ((root: WithDoc) => provenanceOf(root.doc, fieldOrder)) as never);
  FieldResolver(() => [FieldProvenance], { description: 'For each field with a value: which source last set it (a user, an import, a discovery connection) and when.' })(proto, 'provenance', d);
  Root()(proto, 'provenance', 0);
  d = defineMethod(R, 'origin', ((root: WithDoc) => originOf(root.doc)) as never);
  FieldResolver(() => Actor, { nullable: true, description: 'The source that created it.' })(proto, 'origin', d);
  Root()(proto, 'origin', 0);
  d = defineMethod(R, 'locks', ((root: WithDoc) => locksOf(root.doc)) as never);
  FieldResolver(() => ItemLocksType, { description: 'Fields (or the whole item) imports and discovery must leave as they are.' })(proto, 'locks', d);
  Root()(proto, 'locks', 0);

  d = defineMethod(R, 'myRole', ((root: WithDoc, ctx: GraphQLContext) => myRoleOn(ctx, root.doc)) as never);
  FieldResolver(() => RoleEnum, { nullable: true, description: 'Your strongest role on it.' })(proto, 'myRole', d);
  Root()(proto, 'myRole', 0);
  Ctx()(proto, 'myRole', 1);

  // Relation fields, both directions, each a page of readable neighbours.
  const fieldsOfType = RELATION_FIELDS.filter((f) => f.on.includes(type));
  for (const field of fieldsOfType) addRelationField(R, field, toGraphQL);

  Resolver(() => c.Type)(R);
  return R;
}

function addRelationField(R: Ctor, field: RelationField, toGraphQL: (doc: InventoryDoc) => Node): void {
  const proto = R.prototype;
  const d = defineMethod(R, field.name, (async (root: WithDoc, ctx: GraphQLContext, first: number | null, after: string | null) => {
    const request = { id: root.doc._id.toHexString(), first: pageSize(first), after: after ? neighbourCursor.decode(after) : undefined };
    const page = await ctx.loaders.neighbours(field).load(request);
    const edges = page.items.map(({ doc, cursor }) => Object.assign(new NodeEdge(), { cursor: neighbourCursor.encode(cursor), node: toGraphQL(doc) }));
    return Object.assign(new NodeConnection(), {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.end ? neighbourCursor.encode(page.end) : null },
      totalCount: page.totalCount,
    });
  }) as never);
  FieldResolver(() => NodeConnection, { description: `${field.description} (${field.kind}, ${field.direction === 'out' ? 'outgoing' : 'incoming'})` })(proto, field.name, d);
  Root()(proto, field.name, 0);
  Ctx()(proto, field.name, 1);
  Arg('first', () => Int, { nullable: true })(proto, field.name, 2);
  Arg('after', () => String, { nullable: true })(proto, field.name, 3);
}
