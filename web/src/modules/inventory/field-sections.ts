import type { FieldDef, ScalarField } from './inventory-model.ts';

/**
 * How a type's fields are laid out on its form and its details: each field
 * by itself, and the fields of a section ("At the provider") together
 * under their heading, where the first of them is declared.
 */
export type FieldBlock = { kind: 'field'; field: FieldDef } | { kind: 'section'; label: string; fields: readonly ScalarField[] };

function isScalar(field: FieldDef): field is ScalarField {
  return field.kind !== 'group' && field.kind !== 'rows';
}

/** The fields in declaration order, those of one section gathered where the section first appears. */
export function fieldBlocks(fields: readonly FieldDef[]): FieldBlock[] {
  const blocks: FieldBlock[] = [];
  const sections = new Map<string, ScalarField[]>();
  for (const field of fields) {
    if (!field.section || !isScalar(field)) {
      blocks.push({ kind: 'field', field });
      continue;
    }
    const members = sections.get(field.section);
    if (members) {
      members.push(field);
      continue;
    }
    const fresh = [field];
    sections.set(field.section, fresh);
    blocks.push({ kind: 'section', label: field.section, fields: fresh });
  }
  return blocks;
}
