/*
 * ECharts on the server: `echarts/core` with only what report charts draw
 * registered (pie and bar, title, tooltip, legend, grid, the SVG renderer).
 *
 * ECharts 6 is published as ES modules ("type": "module" and an `exports` map),
 * so it loads as it is in Node's ESM, in the compiled JS of dist/ as well as
 * under the tests. Node does not tree-shake, though: the `echarts/charts` and
 * `echarts/components` entry points evaluate every chart and component they
 * name (about twice the start-up time and heap of the parts used here). Each
 * part is therefore imported from its own installer module, which the package
 * exports (`./*`); echarts-parts.d.ts gives them their types. The dashboard,
 * bundled by Vite, imports the same parts from the documented entry points.
 */
import { install as BarChart } from 'echarts/lib/chart/bar/install.js';
import { install as PieChart } from 'echarts/lib/chart/pie/install.js';
import { install as GridComponent } from 'echarts/lib/component/grid/install.js';
import { install as LegendComponent } from 'echarts/lib/component/legend/install.js';
import { install as TitleComponent } from 'echarts/lib/component/title/install.js';
import { install as TooltipComponent } from 'echarts/lib/component/tooltip/install.js';
import { install as SVGRenderer } from 'echarts/lib/renderer/installSVGRenderer.js';
import { init, use } from 'echarts/core';
import type { ChartData } from './chart-accumulator.js';
import { chartOption } from './chart-option.js';

use([PieChart, BarChart, TitleComponent, TooltipComponent, LegendComponent, GridComponent, SVGRenderer]);

export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_CHART_SIZE: Readonly<ChartSize> = { width: 640, height: 360 };

/** Sizes are clamped to this range (pixels). */
const MIN_SIDE = 64;
const MAX_SIDE = 4_096;

/**
 * What the server draws on: a white background, so that a chart reads the
 * same on a PDF page and in a dark e-mail client. The option itself leaves the
 * background to the renderer (the dashboard draws on its theme's surface).
 */
const SERVER_THEME = { backgroundColor: '#ffffff' };

/**
 * The chart as an SVG document, drawn by ECharts' server-side renderer (no DOM,
 * no canvas) from the same option the dashboard draws. Text stays text (titles,
 * labels), escaped by ECharts. Each call has its own instance, always disposed.
 */
export function renderChartSvg(chart: ChartData, size: ChartSize = DEFAULT_CHART_SIZE): string {
  const instance = init(null, SERVER_THEME, {
    renderer: 'svg',
    ssr: true,
    width: side(size.width, DEFAULT_CHART_SIZE.width),
    height: side(size.height, DEFAULT_CHART_SIZE.height),
  });
  try {
    instance.setOption(chartOption(chart));
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

function side(value: number, fallback: number): number {
  if (!Number.isFinite(value)) return fallback;
  return Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.round(value)));
}
