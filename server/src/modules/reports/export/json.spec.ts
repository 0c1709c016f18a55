import { describe, expect, it } from 'vitest';
import { FORMULA, NOTES_1, ROWS, Sink, fromArray, sampleMeta } from '../../../../../test/support/report-run.ts';
import { writeExport } from './index.js';

describe('JSON export', () => {
  it('is an array of objects keyed by column key, with typed values', async () => {
    const sink = new Sink();
    const result = await writeExport('JSON', sampleMeta(), fromArray(ROWS), sink);
    expect(result).toEqual({ rows: ROWS.length, skipped: 0 });
    const parsed = JSON.parse(sink.text) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(ROWS.length);
    expect(parsed[0]).toEqual({
      hostname: 'web1',
      environment: 'prod',
      client: 'Acme Corp',
      tags: ['web', 'eu-west'],
      cpu: 4,
      delta: -5,
      active: true,
      createdAt: '2024-05-01T10:20:30.000Z',
      notes: NOTES_1,
      displayName: FORMULA,
      code: '42',
    });
    expect(Object.keys(parsed[0] ?? {})).toEqual(sampleMeta().columns.map((column) => column.key));
    expect(parsed[1]).toMatchObject({ hostname: 'bürö-日本', environment: null, tags: [], cpu: null, active: false });
  });

  it('is valid JSON without rows, and for keys and values JavaScript objects treat specially', async () => {
    const empty = new Sink();
    await writeExport('JSON', sampleMeta(), fromArray([]), empty);
    expect(JSON.parse(empty.text)).toEqual([]);

    const odd = new Sink();
    const columns = [
      { key: '__proto__', label: 'Proto', kind: 'text' as const, chart: false },
      { key: 'constructor', label: 'Constructor', kind: 'text' as const, chart: false },
      { key: 'n', label: 'N', kind: 'number' as const, chart: false },
    ];
    await writeExport('JSON', sampleMeta({ columns }), fromArray([{ n: Number.NaN }, { ['__proto__']: 'x', n: 1 }]), odd);
    const parsed = JSON.parse(odd.text) as unknown[];
    expect(JSON.stringify(parsed)).toBe('[{"__proto__":null,"constructor":null,"n":null},{"__proto__":"x","constructor":null,"n":1}]');
  });
});
