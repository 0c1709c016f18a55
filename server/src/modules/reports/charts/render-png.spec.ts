import { describe, expect, it } from 'vitest';
import type { ChartData } from './chart-accumulator.js';
import { renderChartPng } from './render-png.js';

const chart = (title: string): ChartData => ({
  id: 'environment',
  title,
  kind: 'pie',
  column: 'environment',
  buckets: [
    { label: 'PRODUCTION', count: 7 },
    { label: 'STAGING', count: 3 },
  ],
  other: 0,
  empty: 0,
  total: 10,
});

/** Width and height from a PNG's header chunk. */
function sizeOf(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('a chart as a PNG picture (for e-mails)', () => {
  it('draws a PNG of the size asked for', () => {
    const png = renderChartPng(chart('Rows by Environment'), { width: 480, height: 300 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(sizeOf(png)).toEqual({ width: 480, height: 300 });
  });

  it('draws its text with the fonts shipped in npm, not dropping it', () => {
    // Two charts that differ by their title only: the same pictures if text were dropped.
    const a = renderChartPng(chart('Rows by Environment'));
    const b = renderChartPng(chart('Servers by Region'));
    expect(sizeOf(a)).toEqual({ width: 640, height: 360 });
    expect(a.equals(b)).toBe(false);
  });
});
