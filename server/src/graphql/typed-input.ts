import { coerceInputValue, isInputType, type GraphQLSchema } from 'graphql';
import { Validator } from '../shared/validate.js';
import { InputError } from './errors.js';
import { checkInputValue } from './input-limits.js';

/**
 * Reads a JSON query-string parameter as a value of a GraphQL input type,
 * with the same checks as a GraphQL argument: only declared fields, each of
 * its type. Raw JSON never reaches a database filter.
 */
export function typedQueryInput(schema: GraphQLSchema, typeName: string, raw: unknown, path: string): unknown {
  if (raw === undefined || raw === '') return null;
  const type = schema.getType(typeName);
  if (!type || !isInputType(type)) throw new Error(`no input type ${typeName}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(raw));
  } catch {
    throw new InputError(`${path} must be JSON.`, [{ path, message: 'must be JSON' }]);
  }
  const problems: Array<{ path: string; message: string }> = [];
  const value = coerceInputValue(parsed, type, (errorPath, _invalid, error) => {
    problems.push({ path: [path, ...errorPath].join('.'), message: error.message });
  });
  if (problems.length > 0) throw new InputError(`Invalid ${path}: ${problems.map((p) => p.message).join('; ')}`, problems);
  // The same text and list limits as every GraphQL argument.
  const v = new Validator();
  checkInputValue(v, type, value, path);
  v.done();
  return value;
}
