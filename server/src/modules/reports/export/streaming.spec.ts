import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { trackedRows } from '../../../../../test/support/report-run.ts';
import type { ReportColumn, ReportRow } from '../report-table.js';
import { writeExport, type ExportFormat, type ExportMeta } from './index.js';

const TOTAL = 50_000;

const COLUMNS: ReportColumn[] = [
  { key: 'hostname', label: 'Host name', kind: 'text', chart: false },
  { key: 'environment', label: 'Environment', kind: 'enum', chart: true },
  { key: 'cpu', label: 'CPU', kind: 'number', chart: false },
  { key: 'active', label: 'Active', kind: 'boolean', chart: true },
  { key: 'createdAt', label: 'Created', kind: 'date', chart: false },
  { key: 'tags', label: 'Tags', kind: 'list', chart: true },
];

function meta(rowCount = TOTAL): ExportMeta {
  return {
    title: 'Generated run',
    generatedAt: new Date('2024-08-01T12:00:00.000Z'),
    rowCount,
    columns: COLUMNS,
    charts: [],
    info: [],
    ansible: { host: 'hostname', groups: [{ prefix: 'env', key: 'environment' }], vars: ['cpu'] },
  };
}

function row(i: number): ReportRow {
  return {
    hostname: `host-${i}.example.com`,
    environment: ['prod', 'staging', 'dev'][i % 3] ?? null,
    cpu: i % 64,
    active: i % 2 === 0,
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    tags: ['web', `zone-${i % 7}`],
  };
}

/** A destination that takes its time: each chunk is accepted one turn of the event loop later, a small buffer in front. */
class SlowSink extends Writable {
  bytes = 0;
  lines = 0;
  constructor() {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    for (const byte of chunk) if (byte === 0x0a) this.lines += 1;
    setImmediate(callback);
  }
}

/** A destination that stops accepting anything until released (a client that stopped reading). */
class StalledSink extends Writable {
  bytes = 0;
  constructor() {
    super({ highWaterMark: 16 * 1024 });
  }
  private held: Array<() => void> = [];
  private stalled = true;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    if (this.stalled) this.held.push(callback);
    else callback();
  }
  release(): void {
    this.stalled = false;
    for (const callback of this.held.splice(0)) callback();
  }
}

/** Waits until `value()` has not moved for a while (the export is waiting on its destination). */
async function settled(value: () => number): Promise<number> {
  let last = -1;
  let still = 0;
  for (let tries = 0; tries < 500 && still < 10; tries += 1) {
    await sleep(10);
    const now = value();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

const STREAMED = ['CSV', 'JSON', 'XML', 'XLSX'] as const satisfies readonly ExportFormat[];
const TEXT = ['CSV', 'JSON', 'XML'] as const satisfies readonly ExportFormat[];

describe('streamed exports', () => {
  // Each text format writes one line per row, so the lines a destination got tell how many rows it has.
  it.each(TEXT)('%s reads rows no faster than a slow destination takes them', async (format) => {
    const sink = new SlowSink();
    let ahead = 0;
    const rows = trackedRows(TOTAL, row, (i) => {
      ahead = Math.max(ahead, i - sink.lines);
    });
    const result = await writeExport(format, meta(), rows.rows, sink);
    expect(result.rows).toBe(TOTAL);
    expect(rows.pulled).toBe(TOTAL);
    expect(sink.lines).toBeGreaterThanOrEqual(TOTAL);
    // A few buffers' worth of rows in between, never the run.
    expect(ahead).toBeLessThan(1000);
  });

  it.each(STREAMED)('%s stops reading rows while the destination takes nothing, and finishes once it does', async (format) => {
    const sink = new StalledSink();
    const rows = trackedRows(TOTAL, row);
    const done = writeExport(format, meta(), rows.rows, sink);
    const pulled = await settled(() => rows.pulled);
    expect(pulled).toBeGreaterThan(0);
    // What waits in buffers between the rows and the destination: up to about a thousand rows of text
    // (the CSV writer keeps 64 KiB ready); for XLSX, 64 KiB the zip keeps ready, once compressed, hold
    // some ten thousand of these repetitive rows, while little memory is used.
    expect(pulled).toBeLessThan(format === 'XLSX' ? 25_000 : 2_500);
    sink.release();
    const result = await done;
    expect(result.rows).toBe(TOTAL);
    expect(rows.closed).toBe(true);
    expect(sink.writableFinished).toBe(true);
  });

  it.each(['CSV', 'JSON', 'XML', 'XLSX', 'PDF', 'ANSIBLE_INI', 'ANSIBLE_YAML'] as const)(
    '%s rejects when the destination is destroyed, and stops reading rows',
    async (format) => {
      const rows = trackedRows(TOTAL, row);
      let received = 0;
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          received += chunk.length;
          if (received > 20_000) this.destroy();
          setImmediate(callback);
        },
      });
      await expect(writeExport(format, meta(), rows.rows, sink)).rejects.toThrow();
      expect(sink.destroyed).toBe(true);
      expect(rows.closed).toBe(true);
      const settledAt = rows.pulled;
      await sleep(20);
      expect(rows.pulled).toBe(settledAt);
      // The formats that stream stop early; the PDF reads its first rows, the inventories every row, before writing.
      if ((STREAMED as readonly string[]).includes(format)) expect(rows.pulled).toBeLessThan(TOTAL);
    },
  );

  it.each(STREAMED)('%s rejects, and destroys the destination, when reading rows fails', async (format) => {
    const failure = new Error('cursor lost');
    const rows = trackedRows(TOTAL, row, (i) => {
      if (i === 1000) throw failure;
    });
    const sink = new SlowSink();
    await expect(writeExport(format, meta(), rows.rows, sink)).rejects.toThrow('cursor lost');
    expect(sink.destroyed).toBe(true);
    expect(sink.writableFinished).toBe(false);
  });
});
