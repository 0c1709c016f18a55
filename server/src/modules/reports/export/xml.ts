import type { Writable } from 'node:stream';
import type { ReportRow } from '../report-table.js';
import { cellOf, cellText, xmlChars } from './cell-text.js';
import type { ExportMeta, ExportResult } from './export-meta.js';
import { pipeOut } from './pipe-out.js';

// XML 1.0 (fifth edition) NameStartChar without ':' (an NCName has none), and NameChar.
const NAME_START =
  /[A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]/u;
// The combining marks U+0300–U+036F are NameChars of their own, not marks on the class's other characters.
// eslint-disable-next-line no-misleading-character-class
const NAME_CHAR = /[-.0-9\u00B7\u0300-\u036F\u203F-\u2040]/u;

/**
 * A valid XML element name (an NCName) made of any column key: characters a
 * name cannot hold become `_`, and a name that cannot start as it does (a
 * digit, `-`, `.`), is empty, or starts with the reserved `xml`, gets a
 * leading `_`. `server.hostname` stays as it is.
 */
export function xmlName(key: string): string {
  let name = '';
  for (const char of key) name += NAME_START.test(char) || NAME_CHAR.test(char) ? char : '_';
  const first = [...name][0];
  if (first === undefined || !NAME_START.test(first) || /^xml/i.test(name)) name = `_${name}`;
  return name;
}

/** Element names for the columns, distinct: a name already taken gets `_2`, `_3`… */
export function xmlNames(keys: readonly string[]): string[] {
  const taken = new Set<string>();
  return keys.map((key) => {
    const base = xmlName(key);
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
    taken.add(name);
    return name;
  });
}

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A parser reads a raw CR as LF; written as a reference it comes back as CR.
  '\r': '&#13;',
};
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '\t': '&#9;', '\n': '&#10;' };

/** Text for element content: characters XML forbids dropped, the five special ones and CR escaped. */
export function xmlText(text: string): string {
  return xmlChars(text).replace(/[&<>"'\r]/g, (char) => TEXT_ESCAPES[char] ?? char);
}

/** Text for an attribute value: as xmlText, and tab and LF escaped too (a parser would turn them into spaces). */
export function xmlAttribute(text: string): string {
  return xmlChars(text).replace(/[&<>"'\r\n\t]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

/**
 * XML: `<report name="…" generatedAt="…">` holding one `<row>` per row,
 * one element per column named after its key (see xmlName), a list as
 * `<item>` elements, null as an empty element.
 */
export async function writeXml(meta: ExportMeta, rows: AsyncIterable<ReportRow>, out: Writable): Promise<ExportResult> {
  const keys = meta.columns.map((column) => column.key);
  const names = xmlNames(keys);
  let written = 0;
  async function* chunks(): AsyncGenerator<string> {
    yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<report name="${xmlAttribute(meta.title)}" generatedAt="${xmlAttribute(meta.generatedAt.toISOString())}">\n`;
    for await (const row of rows) {
      let xml = '<row>';
      keys.forEach((key, i) => {
        const name = names[i];
        const cell = cellOf(row, key);
        if (cell == null) xml += `<${name}/>`;
        else if (Array.isArray(cell)) xml += `<${name}>${cell.map((item) => `<item>${xmlText(item)}</item>`).join('')}</${name}>`;
        else xml += `<${name}>${xmlText(cellText(cell))}</${name}>`;
      });
      yield `${xml}</row>\n`;
      written += 1;
    }
    yield '</report>\n';
  }
  await pipeOut(chunks(), out);
  return { rows: written, skipped: 0 };
}
