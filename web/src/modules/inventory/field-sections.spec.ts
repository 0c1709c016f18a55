import { describe, expect, it } from 'vitest';
import { group, inSection, list, text } from './field-builders.ts';
import { fieldBlocks } from './field-sections.ts';

describe('fieldBlocks', () => {
  it('keeps fields without a section in place and gathers a section where it first appears', () => {
    const fields = [
      text('name', 'Name'),
      ...inSection('At the provider', [text('providerId', 'Provider id'), text('region', 'Region')]),
      group('os', 'Operating system', [text('version', 'Version')]),
      ...inSection('At the provider', [text('state', 'State')]),
      list('tags', 'Tags'),
    ];
    const blocks = fieldBlocks(fields);
    expect(blocks.map((block) => (block.kind === 'field' ? block.field.name : `${block.label}: ${block.fields.map((f) => f.name).join(' ')}`))).toEqual([
      'name',
      'At the provider: providerId region state',
      'os',
      'tags',
    ]);
  });

  it('is the plain list when no field has a section', () => {
    const fields = [text('name', 'Name'), list('tags', 'Tags')];
    expect(fieldBlocks(fields)).toEqual(fields.map((field) => ({ kind: 'field', field })));
  });
});
