import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { smallPicture } from './fixtures.js';
import { layoutGraph } from './layout.js';
import { graphPng, MAX_PNG_WIDTH } from './png.js';
import { graphSvg } from './svg.js';
import type { GraphPicture } from './types.js';

async function svgOf(picture: GraphPicture): Promise<string> {
  return graphSvg(await layoutGraph(picture), picture.title);
}

function sizeOf(svg: string): { width: number; height: number } {
  const [, width, height] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
  return { width: Number(width), height: Number(height) };
}

/** Pixels far from white (each channel under 160). */
function darkPixels(png: PNG): number {
  let dark = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i]! < 160 && png.data[i + 1]! < 160 && png.data[i + 2]! < 160) dark++;
  }
  return dark;
}

describe('the PNG picture of a dependency graph', () => {
  it('is a PNG of the SVG size, drawn on white, not blank', async () => {
    const svg = await svgOf(smallPicture());
    const png = PNG.sync.read(graphPng(svg));
    const size = sizeOf(svg);
    expect({ width: png.width, height: png.height }).toEqual(size);
    // The corner is the white background; there are lines and text on it.
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(darkPixels(png)).toBeGreaterThan(500);
  });

  it('is drawn at the width asked for, its height in proportion', async () => {
    const svg = await svgOf(smallPicture());
    const size = sizeOf(svg);
    const png = PNG.sync.read(graphPng(svg, { width: 600 }));
    expect(png.width).toBe(600);
    expect(Math.abs(png.height - Math.round((size.height * 600) / size.width))).toBeLessThanOrEqual(1);
  });

  it('draws the text, with the fonts shipped in npm', async () => {
    // Two graphs differing by one name only: the same pixels if text were dropped.
    const a = smallPicture();
    const b = smallPicture();
    b.nodes[4]!.name = 'invoices-db';
    const [svgA, svgB] = [await svgOf(a), await svgOf(b)];
    expect(sizeOf(svgA)).toEqual(sizeOf(svgB));
    const [pngA, pngB] = [PNG.sync.read(graphPng(svgA)), PNG.sync.read(graphPng(svgB))];
    expect(pngA.data.equals(pngB.data)).toBe(false);
  });

  it('makes no giant picture of a huge graph', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="9000" viewBox="0 0 20000 9000"><rect x="10" y="10" width="19980" height="8980" fill="#336"/></svg>`;
    const png = PNG.sync.read(graphPng(svg));
    expect(png.width).toBe(MAX_PNG_WIDTH);
    expect(Math.abs(png.height - Math.round((9000 * MAX_PNG_WIDTH) / 20000))).toBeLessThanOrEqual(1);
  });
});
