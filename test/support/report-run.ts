import { Writable } from 'node:stream';
import type { ExportMeta } from '../../server/src/modules/reports/export/index.ts';
import type { ReportColumn, ReportRow } from '../../server/src/modules/reports/report-table.ts';

/**
 * A small report run for export tests: accents and CJK, a comma, quotes, a
 * line break, a tag list, nulls, numbers (a negative one), booleans, a date,
 * text a spreadsheet would take for a formula, and host names an inventory
 * cannot hold.
 */

export const FORMULA = '=HYPERLINK("http://evil","click")';
export const NOTES_1 = 'Café, "quoted"\nsecond line';
export const NOTES_5 = `It's "ok" = yes # not a comment \\ backslash`;
export const NOTES_7 = 'tab\there ;semi [x] a\u2028b';
export const ACCENTED_HOST = 'bürö-日本';

export const COLUMNS: ReportColumn[] = [
  { key: 'hostname', label: 'Host name', kind: 'text', chart: false },
  { key: 'environment', label: 'Environment', kind: 'enum', chart: true },
  { key: 'client', label: 'Client', kind: 'enum', chart: true },
  { key: 'tags', label: 'Tags', kind: 'list', chart: true },
  { key: 'cpu', label: 'CPU', kind: 'number', chart: false },
  { key: 'delta', label: 'Delta', kind: 'number', chart: false },
  { key: 'active', label: 'Active', kind: 'boolean', chart: true },
  { key: 'createdAt', label: 'Created', kind: 'date', chart: false },
  { key: 'notes', label: 'Notes', kind: 'text', chart: false },
  { key: 'displayName', label: 'Display name', kind: 'text', chart: false },
  { key: 'code', label: 'Code', kind: 'text', chart: false },
];

export const ROWS: ReportRow[] = [
  {
    hostname: 'web1',
    environment: 'prod',
    client: 'Acme Corp',
    tags: ['web', 'eu-west'],
    cpu: 4,
    delta: -5,
    active: true,
    createdAt: '2024-05-01T10:20:30.000Z',
    notes: NOTES_1,
    displayName: FORMULA,
    code: '42',
  },
  {
    hostname: ACCENTED_HOST,
    environment: null,
    client: 'Globex',
    tags: [],
    cpu: null,
    delta: 0,
    active: false,
    createdAt: null,
    notes: null,
    displayName: '+1-2',
    code: null,
  },
  {
    hostname: 'web1',
    environment: 'staging',
    client: 'Initech',
    tags: ['db'],
    cpu: 8,
    delta: 1.5,
    active: false,
    createdAt: '2024-06-01T00:00:00.000Z',
    notes: 'second row of web1',
    displayName: 'web1 again',
    code: 'x',
  },
  {
    hostname: 'app 3',
    environment: 'prod',
    client: 'Acme Corp',
    tags: null,
    cpu: 2,
    delta: 3,
    active: true,
    createdAt: null,
    notes: null,
    displayName: null,
    code: null,
  },
  {
    hostname: 'web2',
    environment: 'staging',
    client: null,
    tags: null,
    cpu: 2,
    delta: -0.25,
    active: true,
    createdAt: '2024-07-14T08:00:00.000Z',
    notes: NOTES_5,
    displayName: '@SUM(A1)',
    code: '007',
  },
  {
    hostname: null,
    environment: 'prod',
    client: 'Acme Corp',
    tags: ['web'],
    cpu: 1,
    delta: 0,
    active: null,
    createdAt: null,
    notes: null,
    displayName: 'no host',
    code: null,
  },
  {
    hostname: 'lonely',
    environment: null,
    client: null,
    tags: null,
    cpu: 1,
    delta: 0,
    active: null,
    createdAt: null,
    notes: NOTES_7,
    displayName: 'ungrouped host',
    code: 'yes',
  },
];

export const CHART_TITLE = 'Hosts by environment';
export const CHART_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">' +
  '<rect x="20" y="40" width="120" height="240" fill="#5470c6"/><rect x="180" y="120" width="120" height="160" fill="#91cc75"/>' +
  '<text x="20" y="24" font-family="sans-serif" font-size="16">prod staging</text>' +
  // An image that names a file: refused, the chart is drawn without it.
  '<image href="/etc/hostname" x="0" y="0" width="10" height="10"/>' +
  '</svg>';

export function sampleMeta(overrides: Partial<ExportMeta> = {}): ExportMeta {
  return {
    title: 'Prod servers — été 日本',
    generatedAt: new Date('2024-08-01T12:00:00.000Z'),
    rowCount: ROWS.length,
    columns: COLUMNS,
    charts: [{ title: CHART_TITLE, svg: CHART_SVG }],
    info: [
      ['Kind', 'Servers'],
      ['Filters', 'environment is prod or staging'],
      ['Run by', 'Zoé Martin'],
    ],
    ansible: {
      host: 'hostname',
      groups: [
        { prefix: 'env', key: 'environment' },
        { prefix: 'client', key: 'client' },
        { prefix: 'tag', key: 'tags' },
      ],
      vars: ['environment', 'notes', 'cpu', 'active', 'tags', 'createdAt', 'displayName', 'code'],
    },
    ...overrides,
  };
}

/** Rows as a database cursor would give them, telling how many were read and whether the reader closed it. */
export interface TrackedRows {
  rows: AsyncIterable<ReportRow>;
  readonly pulled: number;
  /** The iterator ended: read to the end, or closed by `return()`. */
  readonly closed: boolean;
}

export function trackedRows(count: number, make: (i: number) => ReportRow, beforeEach?: (i: number) => void): TrackedRows {
  const state = { pulled: 0, closed: false };
  async function* generate(): AsyncGenerator<ReportRow> {
    try {
      for (let i = 0; i < count; i += 1) {
        beforeEach?.(i);
        state.pulled += 1;
        yield make(i);
      }
    } finally {
      state.closed = true;
    }
  }
  return {
    rows: generate(),
    get pulled() {
      return state.pulled;
    },
    get closed() {
      return state.closed;
    },
  };
}

export async function* fromArray(rows: readonly ReportRow[]): AsyncGenerator<ReportRow> {
  for (const row of rows) yield row;
}

/** A destination that keeps what it receives. */
export class Sink extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
  get text(): string {
    return this.buffer.toString('utf8');
  }
}
