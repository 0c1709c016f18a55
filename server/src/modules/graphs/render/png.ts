import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);

/**
 * The Roboto faces pdfmake's package ships: the picture's text is drawn with
 * them whatever fonts the machine has (none, in a container). Without a font
 * file, resvg would drop the text without a word.
 */
const FONT_FILES = ['Roboto-Regular.ttf', 'Roboto-Medium.ttf'].map((file) => require.resolve(`pdfmake/fonts/Roboto/${file}`));

/** No PNG wider than this, whatever the graph: a huge graph makes no giant picture. */
export const MAX_PNG_WIDTH = 4_096;
/** Nor taller than this: a very tall picture is drawn narrower. */
export const MAX_PNG_HEIGHT = 16_384;

/**
 * A graph's SVG drawn to PNG on the server by resvg (no browser, no system
 * font), on white, at `width` pixels wide (default: the SVG's own width),
 * capped at MAX_PNG_WIDTH (and narrower if the height would pass MAX_PNG_HEIGHT).
 */
export function graphPng(svg: string, options: { width?: number } = {}): Buffer {
  const font = {
    fontFiles: FONT_FILES,
    loadSystemFonts: false,
    defaultFontFamily: 'Roboto',
    sansSerifFamily: 'Roboto',
    serifFamily: 'Roboto',
    monospaceFamily: 'Roboto',
  };
  // The SVG's own size, read by resvg itself (no rendering yet).
  const own = new Resvg(svg, { font });
  const ownWidth = Math.max(1, own.width);
  const ownHeight = Math.max(1, own.height);
  let width = Math.round(options.width !== undefined && Number.isFinite(options.width) && options.width > 0 ? options.width : ownWidth);
  width = Math.min(width, MAX_PNG_WIDTH, Math.floor((MAX_PNG_HEIGHT * ownWidth) / ownHeight));
  width = Math.max(1, width);
  const resvg = new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'width', value: width }, font });
  return resvg.render().asPng();
}
