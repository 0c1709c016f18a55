import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { bucketsOfOption, chartTheme, isChartOption, themeColorsOf } from '../chart-option.ts';

// The parts report charts use, the same as the server's; Vite leaves the rest of ECharts out.
use([PieChart, BarChart, TitleComponent, TooltipComponent, LegendComponent, GridComponent, SVGRenderer]);

export interface ReportChartProps {
  /** The chart's ECharts option as the API returns it (a JSON scalar). */
  option: unknown;
  /** What the chart shows, e.g. "Rows by Environment": the caption of its table of values. */
  title: string;
  /** In pixels; the width follows the container. */
  height?: number;
  className?: string;
}

/**
 * One chart of a report run, drawn by ECharts from the option the server
 * built (the one its PDF and e-mail pictures are drawn from), in the colours
 * of the current theme. Screen readers get the same counts as a table.
 */
export function ReportChart({ option, title, height = 360, className }: ReportChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const buckets = useMemo(() => bucketsOfOption(option), [option]);

  // One ECharts instance per mounted chart: it follows the container's size and the theme.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return undefined;
    const chart = init(container, chartTheme(themeColorsOf(container)), { renderer: 'svg' });
    chartRef.current = chart;
    const resizes = new ResizeObserver(() => chart.resize());
    resizes.observe(container);
    const themes = new MutationObserver(() => chart.setTheme(chartTheme(themeColorsOf(container))));
    themes.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      themes.disconnect();
      resizes.disconnect();
      chartRef.current = null;
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    if (isChartOption(option)) chart.setOption(option, { notMerge: true });
    else chart.clear();
  }, [option]);

  return (
    <figure className={className ? `report-chart ${className}` : 'report-chart'}>
      <div ref={containerRef} className="report-chart__canvas" style={{ height }} aria-hidden="true" />
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Value</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {buckets.length === 0 ? (
            <tr>
              <td colSpan={2}>No data</td>
            </tr>
          ) : (
            buckets.map((bucket, index) => (
              <tr key={index}>
                <th scope="row">{bucket.label}</th>
                <td>{bucket.count}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </figure>
  );
}
