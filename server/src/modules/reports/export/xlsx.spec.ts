import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FORMULA, NOTES_1, ROWS, Sink, fromArray, sampleMeta } from '../../../../../test/support/report-run.ts';
import { writeExport } from './index.js';

async function workbookOf(meta = sampleMeta(), rows = ROWS) {
  const sink = new Sink();
  const result = await writeExport('XLSX', meta, fromArray(rows), sink);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(sink.buffer as unknown as ArrayBuffer);
  return { workbook, result };
}

function sheetOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

describe('XLSX export', () => {
  it('has a Report sheet with a bold, frozen, filtered header of labels, and an Info sheet', async () => {
    const { workbook, result } = await workbookOf();
    expect(result).toEqual({ rows: ROWS.length, skipped: 0 });
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Report', 'Info']);
    const report = sheetOf(workbook, 'Report');
    const header = report.getRow(1);
    expect(header.values).toEqual([undefined, ...sampleMeta().columns.map((column) => column.label)]);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(report.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(report.autoFilter).toBeTruthy();
    expect(report.rowCount).toBe(ROWS.length + 1);

    const info = sheetOf(workbook, 'Info');
    const lines = info.getRows(1, info.rowCount)?.map((row) => [row.getCell(1).value, row.getCell(2).value]);
    expect(lines).toEqual([
      ['Report', 'Prod servers — été 日本'],
      ['Generated at', '2024-08-01T12:00:00.000Z'],
      ['Rows', String(ROWS.length)],
      ['Kind', 'Servers'],
      ['Filters', 'environment is prod or staging'],
      ['Run by', 'Zoé Martin'],
    ]);
  });

  it('writes typed cells: numbers, booleans, dates, lists joined, text with accents and line breaks', async () => {
    const { workbook } = await workbookOf();
    const row = sheetOf(workbook, 'Report').getRow(2);
    const cell = (n: number) => row.getCell(n);
    expect(cell(1).value).toBe('web1');
    expect(cell(4).value).toBe('web; eu-west');
    expect(cell(5).value).toBe(4);
    expect(cell(5).type).toBe(ExcelJS.ValueType.Number);
    expect(cell(6).value).toBe(-5);
    expect(cell(7).value).toBe(true);
    expect(cell(7).type).toBe(ExcelJS.ValueType.Boolean);
    expect(cell(8).type).toBe(ExcelJS.ValueType.Date);
    expect((cell(8).value as Date).toISOString()).toBe('2024-05-01T10:20:30.000Z');
    expect(cell(9).value).toBe(NOTES_1);
    const second = sheetOf(workbook, 'Report').getRow(3);
    expect(second.getCell(1).value).toBe('bürö-日本');
    expect(second.getCell(2).value).toBeNull();
    expect(second.getCell(7).value).toBe(false);
  });

  it('stores text that looks like a formula as a plain string, never a formula', async () => {
    const { workbook } = await workbookOf();
    const report = sheetOf(workbook, 'Report');
    const cells = [2, 3, 6].map((row) => report.getRow(row).getCell(10));
    expect(cells.map((cell) => cell.value)).toEqual([FORMULA, '+1-2', '@SUM(A1)']);
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
  });

  it('drops characters XML cannot hold, and opens without rows', async () => {
    const columns = [{ key: 'text', label: 'Text', kind: 'text' as const, chart: false }];
    const { workbook } = await workbookOf(sampleMeta({ columns }), [{ text: 'bell\u0007 lone\uD800 ok' }]);
    expect(sheetOf(workbook, 'Report').getRow(2).getCell(1).value).toBe('bell lone ok');
    const empty = await workbookOf(sampleMeta(), []);
    expect(sheetOf(empty.workbook, 'Report').rowCount).toBe(1);
  });
});
