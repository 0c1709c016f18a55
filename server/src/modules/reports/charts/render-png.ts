import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { ChartData } from './chart-accumulator.js';
import { renderChartSvg, type ChartSize } from './render-svg.js';

const require = createRequire(import.meta.url);

/**
 * The Roboto faces pdfmake's package ships: the PNG of a chart draws its
 * text with them, whatever fonts the machine has (none, in a container).
 * Without a font file, resvg would drop the text without a word.
 */
const FONT_FILES = ['Roboto-Regular.ttf', 'Roboto-Medium.ttf'].map((file) => require.resolve(`pdfmake/fonts/Roboto/${file}`));

/**
 * A chart as a PNG picture, for e-mails (mail readers show PNG, seldom
 * SVG): the same SVG the PDF carries, drawn by resvg with fonts from npm.
 */
export function renderChartPng(chart: ChartData, size?: ChartSize): Buffer {
  const svg = renderChartSvg(chart, size);
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Roboto', sansSerifFamily: 'Roboto', serifFamily: 'Roboto', monospaceFamily: 'Roboto' },
  });
  return resvg.render().asPng();
}
