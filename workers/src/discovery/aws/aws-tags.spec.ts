import { describe, expect, it } from 'vitest';
import { tagLabel, tagsOf, tagValue } from './aws-tags.js';

describe('AWS tags → inventory tags', () => {
  it('writes key:value, or the key alone when the value is empty', () => {
    expect(tagsOf([{ Key: 'team', Value: 'payments' }, { Key: 'critical', Value: '' }, { Key: 'spot' }])).toEqual(['critical', 'spot', 'team:payments']);
  });

  it('writes dots as underscores and drops a leading $ (inventory tags become document keys)', () => {
    expect(tagLabel({ Key: 'Name', Value: 'api.example.com' })).toBe('Name:api_example_com');
    expect(tagLabel({ Key: '$cost', Value: '12.5' })).toBe('cost:12_5');
  });

  it('skips tags without a key, trims, cuts to 200 characters and keeps each label once', () => {
    expect(tagsOf([{ Key: '', Value: 'x' }, { Value: 'y' }, { Key: ' env ', Value: ' prod ' }, { Key: 'env', Value: 'prod' }])).toEqual(['env:prod']);
    expect(tagLabel({ Key: 'k', Value: 'v'.repeat(300) })).toHaveLength(200);
  });

  it('keeps at most 50, by key', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ Key: `k${String(59 - i).padStart(2, '0')}`, Value: 'v' }));
    const labels = tagsOf(many);
    expect(labels).toHaveLength(50);
    expect(labels[0]).toBe('k00:v');
    expect(labels[49]).toBe('k49:v');
  });

  it('reads the Name tag', () => {
    expect(tagValue([{ Key: 'Name', Value: ' web-1 ' }])).toBe('web-1');
    expect(tagValue([{ Key: 'Name', Value: '  ' }])).toBeUndefined();
    expect(tagValue(undefined)).toBeUndefined();
  });
});
