import {
  defaultFieldResolver,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { Validator } from '../shared/validate.js';

/** The longest text any argument or input field takes, unless it declares its own limit. */
export const MAX_TEXT = 10_000;
/** The most items any list argument or input field takes. */
export const MAX_LIST_ITEMS = 1_000;

/**
 * The extension an input field sets to take longer text than MAX_TEXT,
 * e.g. `@Extensions({ [MAX_TEXT_EXTENSION]: ... })` on an import file,
 * which its own check bounds.
 */
export const MAX_TEXT_EXTENSION = 'maxTextLength';

function ownLimit(field: GraphQLInputField | GraphQLArgument): number {
  const limit = field.extensions[MAX_TEXT_EXTENSION];
  return typeof limit === 'number' ? limit : MAX_TEXT;
}

/**
 * Adds a problem for every string of `value` that holds a NUL character or
 * is longer than its limit, and for every list longer than MAX_LIST_ITEMS,
 * walking the value as its GraphQL input type: nested input objects and
 * lists included, whether the caller wrote it inline or passed variables.
 */
export function checkInputValue(v: Validator, type: GraphQLInputType, value: unknown, path: string, maxText = MAX_TEXT): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) {
    checkInputValue(v, type.ofType, value, path, maxText);
  } else if (isListType(type)) {
    if (!Array.isArray(value)) {
      checkInputValue(v, type.ofType, value, path, maxText);
      return;
    }
    if (value.length > MAX_LIST_ITEMS) v.add(path, `must hold at most ${MAX_LIST_ITEMS} items`);
    else value.forEach((item, i) => checkInputValue(v, type.ofType, item, `${path}.${i}`, maxText));
  } else if (isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const field of Object.values(type.getFields())) {
      checkInputValue(v, field.type, record[field.name], `${path}.${field.name}`, ownLimit(field));
    }
  } else if (isScalarType(type) && typeof value === 'string') {
    if (value.includes('\u0000')) v.add(path, 'must not contain a NUL character');
    else if (value.length > maxText) v.add(path, `must be at most ${maxText.toLocaleString('en')} characters`);
  }
}

/** Checks every argument of one field; throws one BAD_USER_INPUT naming each offending argument path. */
function checkArguments(args: readonly GraphQLArgument[], values: Record<string, unknown>): void {
  const v = new Validator();
  for (const arg of args) checkInputValue(v, arg.type, values[arg.name], arg.name, ownLimit(arg));
  v.done();
}

/** Whether a value of this type can hold text or a list: the only arguments worth a walk. */
function holdsTextOrList(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  if (isNonNullType(type)) return holdsTextOrList(type.ofType, seen);
  if (isListType(type)) return true;
  if (isInputObjectType(type)) return Object.values(type.getFields()).some((f) => holdsTextOrList(f.type, seen));
  // Custom scalars that parse text into something else (dates) check their own text.
  return isScalarType(type) && (type.name === 'String' || type.name === 'ID');
}

/**
 * Every String and ID argument of every field, at any depth of input
 * objects and lists, is refused with BAD_USER_INPUT (and the path of the
 * argument) when it holds a NUL character or is longer than MAX_TEXT
 * (or the field's own limit); every list when it holds more than
 * MAX_LIST_ITEMS. The check runs before the field's resolver (or a
 * subscription's subscribe), so refused input reaches no service.
 */
export function guardInputLimits(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as Array<GraphQLField<unknown, unknown>>) {
      const args = field.args.filter((a) => holdsTextOrList(a.type));
      if (args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, values, context, info) => {
        checkArguments(args, values);
        return resolve(source, values, context, info);
      };
      const subscribe = field.subscribe;
      if (subscribe) {
        field.subscribe = (source, values, context, info) => {
          checkArguments(args, values);
          return subscribe(source, values, context, info);
        };
      }
    }
  }
  return schema;
}
