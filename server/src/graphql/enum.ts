import { registerEnumType } from 'type-graphql';

type EnumConfig<T extends object> = Parameters<typeof registerEnumType<T>>[1];

export type EnumOf<V extends string> = { readonly [K in V]: K };

/**
 * A GraphQL enum whose names and values are the domain's own strings,
 * listed once in the model: no second list to keep in step, no casts.
 */
export function graphqlEnum<const V extends string>(values: readonly V[], config: EnumConfig<EnumOf<V>>): EnumOf<V> {
  const enumObject = Object.fromEntries(values.map((v) => [v, v])) as EnumOf<V>;
  registerEnumType(enumObject, config);
  return enumObject;
}
