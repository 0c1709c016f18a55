import { getInstanceById, init } from 'echarts/core';
import { describe, expect, it } from 'vitest';
import type { ReportColumn, ReportRow } from '../report-table.js';
import {
  ChartAccumulator,
  chartOption,
  chartSpecsFor,
  EMPTY_LABEL,
  MAX_CHARTS,
  MAX_DISTINCT,
  OTHER_LABEL,
  renderChartSvg,
  type ChartData,
  type ChartSpec,
} from './index.js';

function column(key: string, kind: ReportColumn['kind'], chart = true, label = key): ReportColumn {
  return { key, label, kind, chart };
}

function count(specs: ChartSpec[], rows: ReportRow[], top?: number): ChartData[] {
  const accumulator = new ChartAccumulator(specs);
  for (const row of rows) accumulator.add(row);
  return accumulator.result(top);
}

function only(columnKind: ReportColumn['kind'], rows: Array<ReportRow['x']>, top?: number): ChartData {
  const specs = chartSpecsFor([column('x', columnKind, true, 'X')]);
  const [chart] = count(
    specs,
    rows.map((x) => ({ x })),
    top,
  );
  if (!chart) throw new Error('no chart');
  return chart;
}

function chart(partial: Partial<ChartData>): ChartData {
  return { id: 'env', title: 'Rows by Environment', kind: 'pie', column: 'env', buckets: [], other: 0, empty: 0, total: 0, ...partial };
}

describe('chartSpecsFor', () => {
  it('picks one chart per charted column by kind: enum and boolean first as pies, then bars', () => {
    const specs = chartSpecsFor([
      column('hostname', 'text', false, 'Hostname'),
      column('tags', 'list', true, 'Tags'),
      column('environment', 'enum', true, 'Environment'),
      column('ip', 'text', false, 'IP address'),
      column('cpus', 'number', true, 'CPUs'),
      column('createdAt', 'date', true, 'Created'),
      column('monitored', 'boolean', true, 'Monitored'),
      column('instanceType', 'text', true, 'Instance type'),
    ]);
    expect(specs).toEqual([
      { id: 'environment', title: 'Rows by Environment', column: 'environment', kind: 'pie', columnKind: 'enum' },
      { id: 'monitored', title: 'Rows by Monitored', column: 'monitored', kind: 'pie', columnKind: 'boolean' },
      { id: 'tags', title: 'Rows by Tags', column: 'tags', kind: 'bar', columnKind: 'list' },
      { id: 'cpus', title: 'Rows by CPUs', column: 'cpus', kind: 'bar', columnKind: 'number' },
      { id: 'createdAt', title: 'Rows by Created (month)', column: 'createdAt', kind: 'bar', columnKind: 'date' },
      { id: 'instanceType', title: 'Rows by Instance type', column: 'instanceType', kind: 'bar', columnKind: 'text' },
    ]);
  });

  it('gives no chart to columns not marked for charts, and none twice to one key', () => {
    expect(chartSpecsFor([column('name', 'text', false), column('id', 'text', false)])).toEqual([]);
    expect(chartSpecsFor([column('os', 'enum'), column('os', 'enum')]).map((spec) => spec.id)).toEqual(['os']);
  });

  it('keeps at most 12 charts, enum and boolean first, each group in column order', () => {
    const columns = [
      ...Array.from({ length: 10 }, (_, i) => column(`text${i}`, 'text')),
      ...Array.from({ length: 10 }, (_, i) => column(`enum${i}`, 'enum')),
    ];
    const specs = chartSpecsFor(columns);
    expect(specs).toHaveLength(MAX_CHARTS);
    expect(specs.map((spec) => spec.id)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `enum${i}`),
      'text0',
      'text1',
    ]);
  });

  it('titles a pivot column by its label', () => {
    expect(chartSpecsFor([column('server.environment', 'enum', true, 'Server: Environment')])[0]?.title).toBe('Rows by Server: Environment');
  });
});

describe('ChartAccumulator', () => {
  it('counts each value, most frequent first then by label, and null or empty text as empty', () => {
    const result = only('enum', ['prod', 'dev', 'prod', null, '', '  ', 'qa', 'dev', 'prod', undefined as unknown as null]);
    expect(result.buckets).toEqual([
      { label: 'prod', count: 3 },
      { label: 'dev', count: 2 },
      { label: 'qa', count: 1 },
    ]);
    expect(result).toMatchObject({ id: 'x', title: 'Rows by X', column: 'x', kind: 'pie', other: 0, empty: 4, total: 10 });
  });

  it('counts a list once per distinct item, and an empty list as empty', () => {
    const result = only('list', [['web', 'db'], ['web'], [], ['web', 'web', ''], null]);
    expect(result.buckets).toEqual([
      { label: 'web', count: 3 },
      { label: 'db', count: 1 },
    ]);
    expect(result).toMatchObject({ kind: 'bar', empty: 2, total: 5 });
  });

  it('reads booleans as Yes and No', () => {
    const result = only('boolean', [true, false, true, null]);
    expect(result.buckets).toEqual([
      { label: 'Yes', count: 2 },
      { label: 'No', count: 1 },
    ]);
    expect(result.empty).toBe(1);
  });

  it('keeps at most 1,000 distinct values; values first seen later count in other', () => {
    const rows = Array.from({ length: MAX_DISTINCT + 250 }, (_, i) => `host-${i}`);
    rows.push('host-0', 'host-1200');
    const result = only('text', rows, MAX_DISTINCT);
    expect(result.buckets).toHaveLength(MAX_DISTINCT);
    expect(result.buckets[0]).toEqual({ label: 'host-0', count: 2 });
    expect(result.buckets.some((bucket) => bucket.label === 'host-1200')).toBe(false);
    expect(result.other).toBe(251);
    expect(result.total).toBe(MAX_DISTINCT + 252);
  });

  it('keeps the top 20 buckets by default and folds the rest into other', () => {
    const rows: string[] = [];
    for (let i = 0; i < 30; i++) for (let n = 0; n <= i; n++) rows.push(`v${String(i).padStart(2, '0')}`);
    const result = only('text', rows);
    expect(result.buckets).toHaveLength(20);
    expect(result.buckets[0]).toEqual({ label: 'v29', count: 30 });
    expect(result.buckets[19]).toEqual({ label: 'v10', count: 11 });
    // v00..v09 counted 1..10 times.
    expect(result.other).toBe(55);
    expect(only('text', rows, 3).buckets.map((bucket) => bucket.label)).toEqual(['v29', 'v28', 'v27']);
  });

  it('draws a pie with too many slices as bars', () => {
    const few = only('enum', ['a', 'b', 'c', null]);
    expect(few.kind).toBe('pie');
    const many = only('enum', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(many.kind).toBe('bar');
  });

  it('buckets numbers by value, shown in value order', () => {
    const result = only('number', [4, 16, 4, 2, 16, 4, null, Number.NaN]);
    expect(result.buckets).toEqual([
      { label: '2', count: 1 },
      { label: '4', count: 3 },
      { label: '16', count: 2 },
    ]);
    expect(result.empty).toBe(2);
  });

  it('buckets dates by month, in time order; a value that is no date counts in other', () => {
    const result = only('date', [
      '2026-03-12T10:00:00.000Z',
      '2026-01-31',
      '2026-03-01T00:00:00+02:00',
      '2025-12-24T23:59:59Z',
      null,
      'not a date',
    ]);
    expect(result.buckets).toEqual([
      { label: '2025-12', count: 1 },
      { label: '2026-01', count: 1 },
      { label: '2026-03', count: 2 },
    ]);
    expect(result).toMatchObject({ other: 1, empty: 1, total: 6 });
  });

  it('cuts very long values, so that memory stays bounded', () => {
    const result = only('text', ['x'.repeat(5_000), 'x'.repeat(4_000)]);
    expect(result.buckets).toHaveLength(1);
    expect(result.buckets[0]?.count).toBe(2);
    expect(result.buckets[0]?.label.length).toBeLessThanOrEqual(100);
  });

  it('counts every chart of a row at once', () => {
    const specs = chartSpecsFor([column('env', 'enum'), column('tags', 'list')]);
    const [env, tags] = count(specs, [
      { env: 'prod', tags: ['a', 'b'] },
      { env: 'dev', tags: ['a'] },
    ]);
    expect(env?.buckets.map((bucket) => bucket.label)).toEqual(['dev', 'prod']);
    expect(tags?.buckets).toEqual([
      { label: 'a', count: 2 },
      { label: 'b', count: 1 },
    ]);
  });
});

describe('chartOption', () => {
  const pie = chart({ buckets: [{ label: 'prod', count: 3 }, { label: 'dev', count: 2 }], other: 1, empty: 4, total: 10 });
  const bar = chart({ kind: 'bar', buckets: [{ label: 'web', count: 7 }], total: 7 });

  it('is plain JSON, without functions', () => {
    for (const option of [chartOption(pie), chartOption(bar), chartOption(chart({}))]) {
      expect(JSON.parse(JSON.stringify(option))).toEqual(option);
    }
  });

  it('keeps the counts as { name, value } in series[0].data, other and none last', () => {
    const option = chartOption(pie) as { series: Array<{ type: string; data: Array<{ name: string; value: number }> }> };
    expect(option.series[0]?.type).toBe('pie');
    expect(option.series[0]?.data.map(({ name, value }) => ({ name, value }))).toEqual([
      { name: 'prod', value: 3 },
      { name: 'dev', value: 2 },
      { name: OTHER_LABEL, value: 1 },
      { name: EMPTY_LABEL, value: 4 },
    ]);
    const barOption = chartOption(bar) as { series: Array<{ type: string; data: unknown[] }> };
    expect(barOption.series[0]?.type).toBe('bar');
    expect(barOption.series[0]?.data).toEqual([{ name: 'web', value: 7 }]);
  });

  it('draws no animation and has a title and a tooltip', () => {
    const option = chartOption(pie);
    expect(option).toMatchObject({ animation: false, title: { text: 'Rows by Environment', subtext: '10 rows' }, tooltip: { trigger: 'item' } });
  });
});

describe('renderChartSvg', () => {
  it('draws an SVG document whose title and labels are text', () => {
    const svg = renderChartSvg(chart({ buckets: [{ label: 'production', count: 12 }, { label: 'staging', count: 5 }], empty: 1, total: 18 }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="640" height="360"');
    expect(svg).toContain('Rows by Environment');
    expect(svg).toContain('18 rows');
    expect(svg).toContain('production');
    expect(svg).toContain('staging');
    expect(svg).toContain(EMPTY_LABEL);
  });

  it('draws bars with their labels, at the size asked for', () => {
    const svg = renderChartSvg(
      chart({ kind: 'bar', title: 'Rows by Tags', buckets: [{ label: 'team-a', count: 3 }, { label: 'backup', count: 1 }], total: 3 }),
      { width: 800, height: 500 },
    );
    expect(svg).toContain('width="800" height="500"');
    expect(svg).toContain('Rows by Tags');
    expect(svg).toContain('team-a');
    expect(svg).toContain('backup');
  });

  it('escapes markup in labels and titles', () => {
    for (const kind of ['pie', 'bar'] as const) {
      const svg = renderChartSvg(
        chart({ kind, title: 'Rows by <b>Owner</b>', buckets: [{ label: '<script>alert(1)</script>', count: 2 }, { label: 'R&D', count: 1 }], total: 3 }),
      );
      expect(svg).not.toContain('<script');
      expect(svg).not.toContain('<b>');
      expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(svg).toContain('R&amp;D');
      expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#\d+;|#x[0-9a-f]+;)/i);
    }
  });

  it('draws labels without an outline, which PDF renderers would paint over the text', () => {
    for (const kind of ['pie', 'bar'] as const) {
      const svg = renderChartSvg(chart({ kind, buckets: [{ label: 'prod', count: 2 }], other: 1, empty: 1, total: 4 }));
      expect(svg).toContain(kind === 'pie' ? 'prod: 2' : 'prod');
      expect(svg).not.toContain('paint-order');
      expect(svg).not.toMatch(/<text[^>]*\sstroke=/);
    }
  });

  it('draws a chart without values as its title and "No data"', () => {
    for (const kind of ['pie', 'bar'] as const) {
      const svg = renderChartSvg(chart({ kind }));
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('Rows by Environment');
      expect(svg).toContain('No data');
    }
  });

  it('disposes of each chart it draws', () => {
    // ECharts numbers its instances in order: the ones drawn between two probes are the 50 charts.
    const probeId = (): number => {
      const probe = init(null, null, { renderer: 'svg', ssr: true, width: 10, height: 10 });
      const id = Number(probe.id.replace(/^ec_/, ''));
      probe.dispose();
      return id;
    };
    const before = probeId();
    const data = chart({ buckets: [{ label: 'a', count: 1 }], total: 1 });
    for (let i = 0; i < 50; i++) renderChartSvg({ ...data, kind: i % 2 === 0 ? 'pie' : 'bar' });
    const after = probeId();
    expect(after - before).toBe(51);
    for (let id = before + 1; id < after; id++) expect(getInstanceById(`ec_${id}`)).toBeUndefined();
  });
});
