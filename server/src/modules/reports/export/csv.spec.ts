import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FORMULA, NOTES_1, ROWS, Sink, fromArray, sampleMeta } from '../../../../../test/support/report-run.ts';
import { neutralizeFormula } from './csv.js';
import { writeExport } from './index.js';

async function csvOf(rows = ROWS) {
  const sink = new Sink();
  const result = await writeExport('CSV', sampleMeta(), fromArray(rows), sink);
  return { result, buffer: sink.buffer };
}

describe('CSV export', () => {
  it('starts with a UTF-8 byte order mark and a header line of labels', async () => {
    const { buffer } = await csvOf();
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(buffer, { bom: true }) as string[][];
    expect(records[0]).toEqual(['Host name', 'Environment', 'Client', 'Tags', 'CPU', 'Delta', 'Active', 'Created', 'Notes', 'Display name', 'Code']);
  });

  it('reads back with csv-parse: accents, commas, quotes, line breaks, lists, nulls, numbers, booleans, dates', async () => {
    const { buffer, result } = await csvOf();
    expect(result).toEqual({ rows: ROWS.length, skipped: 0 });
    const records = parse(buffer, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(ROWS.length);
    expect(records[0]).toEqual({
      'Host name': 'web1',
      Environment: 'prod',
      Client: 'Acme Corp',
      Tags: 'web; eu-west',
      CPU: '4',
      Delta: '-5',
      Active: 'true',
      Created: '2024-05-01T10:20:30.000Z',
      Notes: NOTES_1,
      'Display name': `'${FORMULA}`,
      Code: '42',
    });
    expect(records[1]?.['Host name']).toBe('bürö-日本');
    expect(records[1]?.Environment).toBe('');
    expect(records[1]?.Tags).toBe('');
    expect(records[1]?.Active).toBe('false');
  });

  it("neutralizes text a spreadsheet would run as a formula, and leaves real numbers alone", async () => {
    const { buffer } = await csvOf();
    const records = parse(buffer, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(records.map((record) => record['Display name'])).toEqual([
      `'${FORMULA}`,
      "'+1-2",
      'web1 again',
      '',
      "'@SUM(A1)",
      'no host',
      'ungrouped host',
    ]);
    expect(records.map((record) => record.Delta)).toEqual(['-5', '0', '1.5', '3', '-0.25', '0', '0']);
    // Text that looks like a negative number is still text, and neutralized.
    const { buffer: other } = await csvOf([{ hostname: '-5', delta: -5 }]);
    const [row] = parse(other, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(row?.['Host name']).toBe("'-5");
    expect(row?.Delta).toBe('-5');
  });

  it('neutralizes each formula start OWASP lists', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralizeFormula(`${start}1`)).toBe(`'${start}1`);
    expect(neutralizeFormula('a=1')).toBe('a=1');
    expect(neutralizeFormula('')).toBe('');
  });
});
