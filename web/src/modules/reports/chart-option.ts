/**
 * A report chart as the API sends it: the ECharts option built on the server
 * (a JSON scalar), drawn as it is. Counts are in `series[0].data` as
 * `{ name, value }`; these helpers read them back for the table that goes
 * with each chart, and give ECharts the colours of the dashboard's theme.
 */

export interface ChartOptionBucket {
  label: string;
  count: number;
}

/** Whether a JSON value can be handed to ECharts as an option (an object). */
export function isChartOption(option: unknown): option is Record<string, unknown> {
  return typeof option === 'object' && option !== null && !Array.isArray(option);
}

/** The counts of a chart's option, in the order drawn; none when the option is not a chart's. */
export function bucketsOfOption(option: unknown): ChartOptionBucket[] {
  if (!isChartOption(option) || !Array.isArray(option.series)) return [];
  const [series] = option.series as unknown[];
  if (!isChartOption(series) || !Array.isArray(series.data)) return [];
  const buckets: ChartOptionBucket[] = [];
  for (const datum of series.data as unknown[]) {
    if (!isChartOption(datum)) continue;
    const { name, value } = datum;
    if ((typeof name !== 'string' && typeof name !== 'number') || typeof value !== 'number' || !Number.isFinite(value)) continue;
    buckets.push({ label: String(name), count: value });
  }
  return buckets;
}

/** The theme colours a chart's text and lines take (the CSS custom properties of styles/themes.css). */
export interface ChartThemeColors {
  text: string;
  muted: string;
  border: string;
  surface: string;
}

/**
 * An ECharts theme in the dashboard's colours: text and lines follow the
 * theme, the background stays transparent (the panel's surface shows through).
 * Slices and bars keep the option's own palette, the same everywhere.
 */
export function chartTheme({ text, muted, border, surface }: ChartThemeColors): Record<string, unknown> {
  const axis = {
    axisLine: { lineStyle: { color: border } },
    axisTick: { lineStyle: { color: border } },
    splitLine: { lineStyle: { color: border } },
    axisLabel: { color: muted },
  };
  return {
    backgroundColor: 'transparent',
    textStyle: { color: text },
    title: { textStyle: { color: text }, subtextStyle: { color: muted } },
    legend: { textStyle: { color: text } },
    tooltip: { backgroundColor: surface, borderColor: border, textStyle: { color: text } },
    categoryAxis: axis,
    valueAxis: axis,
    pie: { label: { color: text }, itemStyle: { borderColor: surface } },
    bar: { label: { color: text } },
  };
}

/** The theme colours as an element inherits them, with the default theme's as fallbacks. */
export function themeColorsOf(element: Element): ChartThemeColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#17202c'),
    muted: read('--text-muted', '#5b6778'),
    border: read('--border', '#dde3ec'),
    surface: read('--surface', '#ffffff'),
  };
}
