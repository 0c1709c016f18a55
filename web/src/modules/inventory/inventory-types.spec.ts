import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Kind,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import type { ScalarField } from './inventory-model.ts';
import { INVENTORY_TYPES } from './inventory-types.ts';
import { columnsOf } from './list-columns.ts';
import { sortValuesOf } from './list-query.ts';
import { RELATION_KINDS, relationFieldsOf } from './relation-kinds.ts';

/** The dashboard's declarations must match the committed schema: a renamed or new field fails here, not in a browser. */
const schema = buildSchema(readFileSync(fileURLToPath(new URL('../../../../schema/schema.graphql', import.meta.url)), 'utf8'));

function expectedScalar(field: ScalarField): string {
  switch (field.kind) {
    case 'text':
      return 'String';
    case 'number':
      return field.integer ? 'Int' : 'Float';
    case 'boolean':
      return 'Boolean';
    case 'list':
      return '[String]';
    case 'enum':
      return 'enum';
  }
}

function shapeOf(type: GraphQLOutputType | GraphQLInputType): string {
  const inner = isNonNullType(type) ? type.ofType : type;
  const named = getNamedType(inner);
  const name = isEnumType(named) ? 'enum' : named.name;
  return isListType(inner) ? `[${name}]` : name;
}

function objectType(name: string) {
  const type = schema.getType(name);
  if (!isObjectType(type)) throw new Error(`${name} is not an object type`);
  return type;
}

function inputType(name: string) {
  const type = schema.getType(name);
  if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`);
  return type;
}

describe('inventory declarations', () => {
  it('cover every inventory type of the schema once, with distinct routes', () => {
    const nodeTypes = schema.getImplementations(schema.getType('Node') as never).objects.map((type) => type.name);
    const inventory = nodeTypes.filter((name) => schema.getType(`Create${name}Input`) && schema.getType(`${name}Filter`));
    expect(INVENTORY_TYPES.map((def) => def.type).sort()).toEqual(inventory.sort());
    expect(new Set(INVENTORY_TYPES.map((def) => def.route)).size).toBe(INVENTORY_TYPES.length);
    expect(new Set(INVENTORY_TYPES.map((def) => def.testId)).size).toBe(INVENTORY_TYPES.length);
  });

  for (const def of INVENTORY_TYPES) {
    describe(def.type, () => {
      const output = objectType(def.type).getFields();
      const create = inputType(`Create${def.type}Input`).getFields();
      const update = inputType(`Update${def.type}Input`).getFields();

      it('declares every input field, with the schema’s type and requiredness', () => {
        expect(def.fields.map((field) => field.name).sort()).toEqual(Object.keys(create).sort());
        expect(Object.keys(update).sort()).toEqual(Object.keys(create).sort());
        expect(output[def.nameField], 'name field').toBeDefined();
        for (const field of def.fields) {
          const out = output[field.name];
          const input = create[field.name];
          if (!out || !input) throw new Error(`${def.type}.${field.name} is missing`);
          expect(Boolean(field.required), `${def.type}.${field.name} required`).toBe(isNonNullType(input.type));
          if (field.kind === 'group' || field.kind === 'rows') {
            const nested = getNamedType(out.type);
            if (!isObjectType(nested)) throw new Error(`${def.type}.${field.name} is not an object`);
            expect(isListType(isNonNullType(out.type) ? out.type.ofType : out.type), `${def.type}.${field.name} list`).toBe(field.kind === 'rows');
            const subs = nested.getFields();
            expect(field.fields.map((sub) => sub.name).sort()).toEqual(Object.keys(subs).sort());
            for (const sub of field.fields) {
              const subField = subs[sub.name];
              if (!subField) throw new Error(`${def.type}.${field.name}.${sub.name} is missing`);
              expect(shapeOf(subField.type), `${def.type}.${field.name}.${sub.name}`).toBe(expectedScalar(sub));
            }
          } else {
            expect(shapeOf(out.type), `${def.type}.${field.name}`).toBe(expectedScalar(field));
            if (field.kind === 'enum') {
              const enumType = getNamedType(out.type);
              if (!isEnumType(enumType)) throw new Error('not an enum');
              expect(field.options.map((option) => option.value).sort()).toEqual(enumType.getValues().map((value) => value.name).sort());
            }
          }
        }
      });

      it('asks for every declared field, and those of its groups and rows', () => {
        const fragment = def.documents.item.definitions.find((node) => node.kind === Kind.FRAGMENT_DEFINITION && node.name.value === `${def.type}Fields`);
        if (fragment?.kind !== Kind.FRAGMENT_DEFINITION) throw new Error(`${def.type}Fields is missing`);
        const selected = new Map(
          fragment.selectionSet.selections.flatMap((selection) =>
            selection.kind === Kind.FIELD ? [[selection.name.value, selection.selectionSet?.selections.flatMap((sub) => (sub.kind === Kind.FIELD ? [sub.name.value] : [])) ?? []] as const] : [],
          ),
        );
        for (const field of def.fields) {
          expect(selected.has(field.name), `${def.type}Fields.${field.name}`).toBe(true);
          if (field.kind === 'group' || field.kind === 'rows') expect([...(selected.get(field.name) ?? [])].sort(), `${def.type}Fields.${field.name}`).toEqual(field.fields.map((sub) => sub.name).sort());
        }
      });

      it('filters and sorts by what the API offers', () => {
        const filter = inputType(`${def.type}Filter`).getFields();
        for (const definition of def.filters) {
          const field = filter[definition.field];
          if (!field) throw new Error(`${def.type}Filter.${definition.field} is missing`);
          const expected = definition.kind === 'contains' ? 'StringFilter' : definition.kind === 'enum' ? '[enum]' : 'Boolean';
          expect(shapeOf(field.type), `${def.type}Filter.${definition.field}`).toBe(expected);
        }
        expect(filter.tags && filter.active).toBeTruthy();
        const sortEnum = schema.getType(`${def.type}SortField`);
        if (!isEnumType(sortEnum)) throw new Error('no sort enum');
        expect(sortValuesOf(def).sort()).toEqual(sortEnum.getValues().map((value) => value.name).sort());
        const columns = columnsOf(def).map((column) => column.id);
        for (const id of [...def.defaultColumns, ...Object.keys(def.sorts)]) expect(columns, id).toContain(id);
      });

      it('lists every relation field of the type', () => {
        const relations = Object.values(output)
          .filter((field) => getNamedType(field.type).name === 'NodeConnection')
          .map((field) => field.name)
          .sort();
        expect(relationFieldsOf(def.type).map((field) => field.field).sort()).toEqual(relations);
      });
    });
  }

  it('knows every relation kind', () => {
    const kinds = schema.getType('RelationKind');
    if (!isEnumType(kinds)) throw new Error('no RelationKind');
    expect(Object.keys(RELATION_KINDS).sort()).toEqual(kinds.getValues().map((value) => value.name).sort());
  });
});
