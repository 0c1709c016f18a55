/**
 * Charts of report runs: which charts fit a table's columns, counting rows into
 * them as a run streams, the ECharts option each one is drawn from (in the
 * dashboard and on the server), and that option drawn to SVG.
 *
 * Only render-svg.ts loads ECharts at run time (and render-png.ts, resvg); code that counts or builds
 * options without drawing can import those modules directly.
 */
export { chartSpecsFor, chartTitle, MAX_CHARTS, type ChartSpec } from './chart-specs.js';
export {
  ChartAccumulator,
  DEFAULT_TOP,
  MAX_DISTINCT,
  MAX_LABEL_LENGTH,
  PIE_MAX_SLICES,
  type ChartBucket,
  type ChartData,
} from './chart-accumulator.js';
export { CHART_PALETTE, chartOption, EMPTY_LABEL, OTHER_LABEL } from './chart-option.js';
export { DEFAULT_CHART_SIZE, renderChartSvg, type ChartSize } from './render-svg.js';
export { renderChartPng } from './render-png.js';
