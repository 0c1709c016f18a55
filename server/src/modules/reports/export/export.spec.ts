import { describe, expect, it } from 'vitest';
import { cellOf, cellText, wellFormed, xmlChars } from './cell-text.js';
import { EXPORT_FORMATS, exportContentType, exportFileName } from './index.js';

describe('export file names and types', () => {
  it('makes a safe ASCII file name of any title, with the format extension', () => {
    expect(exportFileName('Prod servers', 'CSV')).toBe('prod-servers.csv');
    expect(exportFileName('Prod servers', 'ANSIBLE_INI')).toBe('prod-servers.ini');
    expect(exportFileName('Prod servers', 'ANSIBLE_YAML')).toBe('prod-servers.yml');
    expect(exportFileName('Prod servers', 'XLSX')).toBe('prod-servers.xlsx');
    expect(exportFileName('Été à Zürich / "Q3" — 日本', 'PDF')).toBe('ete-a-zurich-q3.pdf');
    expect(exportFileName('../../etc/passwd', 'JSON')).toBe('etc-passwd.json');
    expect(exportFileName('日本', 'XML')).toBe('report.xml');
    expect(exportFileName('', 'CSV')).toBe('report.csv');
    expect(exportFileName('a'.repeat(300), 'CSV')).toBe(`${'a'.repeat(80)}.csv`);
    for (const format of EXPORT_FORMATS) expect(exportFileName('x y', format)).toMatch(/^[a-z0-9-]+\.[a-z]+$/);
  });

  it('gives every format a content type', () => {
    expect(exportContentType('CSV')).toBe('text/csv; charset=utf-8');
    expect(exportContentType('JSON')).toBe('application/json; charset=utf-8');
    expect(exportContentType('XML')).toBe('application/xml; charset=utf-8');
    expect(exportContentType('XLSX')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(exportContentType('PDF')).toBe('application/pdf');
    expect(exportContentType('ANSIBLE_INI')).toBe('text/plain; charset=utf-8');
    expect(exportContentType('ANSIBLE_YAML')).toBe('application/yaml; charset=utf-8');
  });
});

describe('cell text', () => {
  it('reads a cell the same way in every text format', () => {
    expect(cellText(['a', 'b'])).toBe('a; b');
    expect(cellText([])).toBe('');
    expect(cellText(true)).toBe('true');
    expect(cellText(false)).toBe('false');
    expect(cellText(null)).toBe('');
    expect(cellText(-5)).toBe('-5');
    expect(cellText(Number.NaN)).toBe('');
    expect(cellText('2024-05-01T10:20:30.000Z')).toBe('2024-05-01T10:20:30.000Z');
  });

  it("reads only a row's own keys", () => {
    expect(cellOf({ a: 1 }, 'constructor')).toBeNull();
    expect(cellOf({ a: 1 }, 'toString')).toBeNull();
    expect(cellOf({ a: 1 }, 'a')).toBe(1);
  });

  it('cleans text for UTF-8 and XML', () => {
    expect(wellFormed('a\uD800b\uDC00c😀')).toBe('a\uFFFDb\uFFFDc😀');
    expect(xmlChars('a\u0000b\u0008c\td\ne\rf\uFFFEg\uFFFFh\uD800i😀')).toBe('abc\td\ne\rfghi😀');
  });
});
