import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { CHART_TITLE, ROWS, Sink, fromArray, sampleMeta, trackedRows } from '../../../../../test/support/report-run.ts';
import { PDF_MAX_ROWS, writeExport } from './index.js';

/** The text of every page, as a PDF reader extracts it. */
async function pagesOf(buffer: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const content = await (await pdf.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

describe('PDF export', () => {
  it('prints the title, the info lines, the charts and the table', async () => {
    const sink = new Sink();
    const result = await writeExport('PDF', sampleMeta(), fromArray(ROWS), sink);
    expect(result).toEqual({ rows: ROWS.length, skipped: 0 });
    expect(sink.buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = (await pagesOf(sink.buffer)).join('\n');
    expect(text).toContain('Prod servers — été');
    expect(text).toContain('Zoé Martin');
    expect(text).toContain('environment is prod or staging');
    expect(text).toContain(CHART_TITLE);
    expect(text).toContain('Host name');
    expect(text).toContain('bürö');
    expect(text).toContain('web2');
    expect(text).not.toContain('First ');
  });

  it(`prints the first ${PDF_MAX_ROWS} rows of a longer run, says so, and stops reading rows`, async () => {
    const total = 2500;
    const rows = trackedRows(total, (i) => ({ hostname: `host-${i}`, cpu: i }));
    const sink = new Sink();
    const result = await writeExport('PDF', sampleMeta({ rowCount: total, charts: [] }), rows.rows, sink);
    expect(result).toEqual({ rows: PDF_MAX_ROWS, skipped: 0 });
    // One row past the cap tells that there are more; the iterator is then closed.
    expect(rows.pulled).toBe(PDF_MAX_ROWS + 1);
    expect(rows.closed).toBe(true);
    const pages = await pagesOf(sink.buffer);
    expect(pages[0]).toContain('First 2,000 of 2,500 rows: export CSV or XLSX for all of them.');
    const text = pages.join('\n');
    expect(text).toContain('host-1999');
    expect(text).not.toContain('host-2000');
  });

  it('says so too when the run counted fewer rows than it had', async () => {
    const rows = trackedRows(PDF_MAX_ROWS + 5, (i) => ({ hostname: `host-${i}` }));
    const sink = new Sink();
    await writeExport('PDF', sampleMeta({ rowCount: 10, charts: [], info: [] }), rows.rows, sink);
    expect((await pagesOf(sink.buffer))[0]).toContain('First 2,000 of 2,001 rows');
  });

  it('prints a run without rows', async () => {
    const sink = new Sink();
    await writeExport('PDF', sampleMeta({ rowCount: 0 }), fromArray([]), sink);
    expect((await pagesOf(sink.buffer)).join('\n')).toContain('Host name');
  });
});
