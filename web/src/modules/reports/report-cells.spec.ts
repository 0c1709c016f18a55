import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../shared/format.ts';
import { formatCell, previousOffset, rowCells, rowRange } from './report-cells.ts';

describe('report cells', () => {
  it('formats each kind of cell', () => {
    expect(formatCell(null, 'TEXT')).toBe('');
    expect(formatCell(undefined, 'NUMBER')).toBe('');
    expect(formatCell('web-1', 'TEXT')).toBe('web-1');
    expect(formatCell('PRODUCTION', 'ENUM')).toBe('PRODUCTION');
    expect(formatCell(8, 'NUMBER')).toBe('8');
    expect(formatCell(2.5, 'NUMBER')).toBe('2.5');
    expect(formatCell(true, 'BOOLEAN')).toBe('Yes');
    expect(formatCell(false, 'BOOLEAN')).toBe('No');
    expect(formatCell(['web', 'eu'], 'LIST')).toBe('web, eu');
    expect(formatCell([], 'LIST')).toBe('');
    expect(formatCell('2026-03-12T14:05:00.000Z', 'DATE')).toBe(formatDateTime('2026-03-12T14:05:00.000Z'));
    expect(formatCell('not a date', 'DATE')).toBe('not a date');
    expect(formatCell({ a: 1 }, 'TEXT')).toBe('{"a":1}');
  });

  it('gives each column its cell', () => {
    expect(rowCells(['a', 1], 3)).toEqual(['a', 1, null]);
    expect(rowCells(null, 2)).toEqual([null, null]);
  });

  it('says which rows a page shows', () => {
    expect(rowRange(0, 100, 250)).toBe('Rows 1–100 of 250');
    expect(rowRange(200, 50, 250)).toBe('Rows 201–250 of 250');
    expect(rowRange(2, 1, 3)).toBe('Row 3 of 3');
    expect(rowRange(0, 0, 0)).toBe('No rows');
    expect(previousOffset(0)).toBeNull();
    expect(previousOffset(100)).toBe(0);
    expect(previousOffset(150)).toBe(50);
  });
});
