import { describe, expect, it } from 'vitest';
import { bucketsOfOption, chartTheme, isChartOption } from './chart-option.ts';

/** Shaped like the server's options: counts as { name, value } in series[0].data. */
const pieOption = {
  animation: false,
  title: { text: 'Rows by Environment', subtext: '10 rows' },
  series: [
    {
      type: 'pie',
      data: [
        { name: 'prod', value: 3 },
        { name: 'dev', value: 2 },
        { name: '(other)', value: 1, itemStyle: { color: '#9aa3ae' } },
        { name: '(none)', value: 4, itemStyle: { color: '#c9ced6' } },
      ],
    },
  ],
};

describe('bucketsOfOption', () => {
  it('reads the counts back in the order drawn', () => {
    expect(bucketsOfOption(pieOption)).toEqual([
      { label: 'prod', count: 3 },
      { label: 'dev', count: 2 },
      { label: '(other)', count: 1 },
      { label: '(none)', count: 4 },
    ]);
  });

  it('reads bars the same way', () => {
    const option = { yAxis: { type: 'category', data: ['web'] }, series: [{ type: 'bar', data: [{ name: 'web', value: 7 }] }] };
    expect(bucketsOfOption(option)).toEqual([{ label: 'web', count: 7 }]);
  });

  it('finds none in a chart without values or in what is not an option', () => {
    expect(bucketsOfOption({ title: [{ text: 'Rows by Environment' }, { text: 'No data' }], series: [] })).toEqual([]);
    for (const value of [null, undefined, 'text', 3, [], {}, { series: 'x' }, { series: [null] }, { series: [{ data: {} }] }]) {
      expect(bucketsOfOption(value)).toEqual([]);
    }
  });

  it('skips data it cannot read', () => {
    const option = { series: [{ data: [{ name: 'a', value: 1 }, 5, null, { name: 'b' }, { name: 'c', value: Number.NaN }, { name: 42, value: 2 }] }] };
    expect(bucketsOfOption(option)).toEqual([
      { label: 'a', count: 1 },
      { label: '42', count: 2 },
    ]);
  });
});

describe('isChartOption', () => {
  it('takes objects only', () => {
    expect(isChartOption(pieOption)).toBe(true);
    expect(isChartOption(null)).toBe(false);
    expect(isChartOption([])).toBe(false);
    expect(isChartOption('{}')).toBe(false);
  });
});

describe('chartTheme', () => {
  it('gives text and lines the theme colours and leaves the background transparent', () => {
    const theme = chartTheme({ text: '#e6edf3', muted: '#9aa7b6', border: '#2a3340', surface: '#151b23' });
    expect(theme).toMatchObject({
      backgroundColor: 'transparent',
      textStyle: { color: '#e6edf3' },
      title: { textStyle: { color: '#e6edf3' }, subtextStyle: { color: '#9aa7b6' } },
      legend: { textStyle: { color: '#e6edf3' } },
      categoryAxis: { axisLabel: { color: '#9aa7b6' }, splitLine: { lineStyle: { color: '#2a3340' } } },
      pie: { label: { color: '#e6edf3' } },
      bar: { label: { color: '#e6edf3' } },
    });
    expect(theme).not.toHaveProperty('color');
  });
});
