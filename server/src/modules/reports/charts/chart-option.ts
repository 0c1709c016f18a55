// Types only: building an option loads nothing of ECharts at run time.
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { ChartData } from './chart-accumulator.js';

type ChartOption = ComposeOption<
  PieSeriesOption | BarSeriesOption | TitleComponentOption | TooltipComponentOption | LegendComponentOption | GridComponentOption
>;

/** The colours of slices and bars, the same in every theme and on the server. */
export const CHART_PALETTE: readonly string[] = [
  '#3b6fd8',
  '#e0852b',
  '#2f9e8f',
  '#d0506a',
  '#7a5cc7',
  '#6f9a2f',
  '#c7a21e',
  '#2d8bc4',
  '#a0633b',
  '#b05fae',
];

/** Names of the two buckets that are not values. */
export const OTHER_LABEL = '(other)';
export const EMPTY_LABEL = '(none)';
const OTHER_COLOR = '#9aa3ae';
const EMPTY_COLOR = '#c9ced6';

/**
 * Labels without the outline ECharts draws around them by default: PDF
 * renderers ignore the SVG `paint-order` that puts that outline behind the
 * text, and then draw it over the text, hiding it.
 */
const PLAIN_TEXT = { textBorderColor: 'transparent' } as const;

const numberFormat = new Intl.NumberFormat('en-US');

/** One slice or bar: the dashboard's table reads `series[0].data` back as `{ name, value }`. */
interface Datum {
  name: string;
  value: number;
  itemStyle?: { color: string };
}

/**
 * The ECharts option of a chart: plain JSON (no functions), the same in the
 * browser and on the server. Counts are in `series[0].data` as `{ name, value }`,
 * "(other)" and "(none)" last. Text colours and the background are left to the
 * renderer's theme (the dashboard's theme, white on the server); slices and bars
 * use CHART_PALETTE. A chart without any value shows its title and "No data".
 */
export function chartOption(chart: ChartData): Record<string, unknown> {
  const data: Datum[] = chart.buckets.map((bucket) => ({ name: bucket.label, value: bucket.count }));
  if (chart.other > 0) data.push({ name: OTHER_LABEL, value: chart.other, itemStyle: { color: OTHER_COLOR } });
  if (chart.empty > 0) data.push({ name: EMPTY_LABEL, value: chart.empty, itemStyle: { color: EMPTY_COLOR } });

  const title: TitleComponentOption = {
    text: chart.title,
    subtext: `${numberFormat.format(chart.total)} ${chart.total === 1 ? 'row' : 'rows'}`,
    left: 'center',
    top: 8,
    textStyle: { fontSize: 15, fontWeight: 'bold' },
    subtextStyle: { fontSize: 12 },
  };
  const common: ChartOption = { animation: false, color: [...CHART_PALETTE] };

  if (data.length === 0) {
    const noData: TitleComponentOption = {
      text: 'No data',
      left: 'center',
      top: 'middle',
      textStyle: { fontSize: 14, fontWeight: 'normal' },
    };
    return plain({ ...common, title: [title, noData], tooltip: { show: false }, series: [] });
  }

  if (chart.kind === 'pie') {
    return plain({
      ...common,
      title,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { type: 'plain', bottom: 8, left: 'center', itemWidth: 12, itemHeight: 12 },
      series: [
        {
          type: 'pie',
          name: chart.title,
          radius: ['32%', '56%'],
          center: ['50%', '52%'],
          avoidLabelOverlap: true,
          label: { formatter: '{b}: {c}', overflow: 'truncate', width: 160, ...PLAIN_TEXT },
          data,
        },
      ],
    });
  }

  return plain({
    ...common,
    title,
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    grid: { left: 16, right: 56, top: 64, bottom: 16 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      // Most frequent (or first month) at the top.
      inverse: true,
      data: data.map((datum) => datum.name),
      axisTick: { show: false },
      axisLabel: { interval: 0, width: 180, overflow: 'truncate', fontSize: 11 },
    },
    series: [
      {
        type: 'bar',
        name: chart.title,
        barMaxWidth: 24,
        label: { show: true, position: 'right', fontSize: 11, ...PLAIN_TEXT },
        data,
      },
    ],
  });
}

/** Typed while built, plain JSON once returned (it is stored with the run and sent as a JSON scalar). */
function plain(option: ChartOption): Record<string, unknown> {
  return option as Record<string, unknown>;
}
