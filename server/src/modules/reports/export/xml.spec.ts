import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FORMULA, NOTES_1, ROWS, Sink, fromArray, sampleMeta } from '../../../../../test/support/report-run.ts';
import { writeExport } from './index.js';
import { xmlName, xmlNames } from './xml.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'row' || name === 'item',
});

interface Report {
  report: { '@name': string; '@generatedAt': string; row?: Array<Record<string, unknown>> };
}

async function xmlOf(meta = sampleMeta(), rows = ROWS): Promise<string> {
  const sink = new Sink();
  await writeExport('XML', meta, fromArray(rows), sink);
  return sink.text;
}

describe('XML export', () => {
  it('is a valid document that a parser reads back', async () => {
    const xml = await xmlOf();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<report ')).toBe(true);
    expect(XMLValidator.validate(xml)).toBe(true);
    const { report } = parser.parse(xml) as Report;
    expect(report['@name']).toBe('Prod servers — été 日本');
    expect(report['@generatedAt']).toBe('2024-08-01T12:00:00.000Z');
    expect(report.row).toHaveLength(ROWS.length);
    expect(report.row?.[0]).toEqual({
      hostname: 'web1',
      environment: 'prod',
      client: 'Acme Corp',
      tags: { item: ['web', 'eu-west'] },
      cpu: '4',
      delta: '-5',
      active: 'true',
      createdAt: '2024-05-01T10:20:30.000Z',
      notes: NOTES_1,
      displayName: FORMULA,
      code: '42',
    });
    expect(report.row?.[1]).toMatchObject({ hostname: 'bürö-日本', environment: '', tags: '', active: 'false' });
  });

  it('escapes markup, keeps CR, tab and line breaks, and drops what XML 1.0 forbids', async () => {
    const meta = sampleMeta({
      title: 'a "quoted" <name> & \'more\'\ttab\nline',
      columns: [{ key: 'text', label: 'Text', kind: 'text', chart: false }],
    });
    const value = `<b>&amp;</b> "q" 'a' cr\r\nlf\ttab bell\u0007 lone\uD800 ffff\uFFFF end 😀`;
    const xml = await xmlOf(meta, [{ text: value }]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const { report } = parser.parse(xml) as Report;
    expect(report['@name']).toBe('a "quoted" <name> & \'more\'\ttab\nline');
    expect(report.row?.[0]?.text).toBe(`<b>&amp;</b> "q" 'a' cr\r\nlf\ttab bell lone ffff end 😀`);
  });

  it('makes any column key a valid, distinct element name', async () => {
    expect(xmlName('server.hostname')).toBe('server.hostname');
    expect(xmlName('hostname')).toBe('hostname');
    expect(xmlName('2fa')).toBe('_2fa');
    expect(xmlName('-x')).toBe('_-x');
    expect(xmlName('a b:c/d')).toBe('a_b_c_d');
    expect(xmlName('')).toBe('_');
    expect(xmlName('xmlThing')).toBe('_xmlThing');
    expect(xmlName('été')).toBe('été');
    expect(xmlNames(['a b', 'a_b', 'a?b'])).toEqual(['a_b', 'a_b_2', 'a_b_3']);

    const columns = ['server.hostname', '1st', 'a b', 'a_b', '<tag>'].map((key) => ({ key, label: key, kind: 'text' as const, chart: false }));
    const xml = await xmlOf(sampleMeta({ columns }), [{ 'server.hostname': 'h', '1st': 'one', 'a b': 'x', a_b: 'y', '<tag>': 'z' }]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const { report } = parser.parse(xml) as Report;
    expect(report.row?.[0]).toEqual({ 'server.hostname': 'h', _1st: 'one', a_b: 'x', a_b_2: 'y', _tag_: 'z' });
  });

  it('is a valid document without rows', async () => {
    const xml = await xmlOf(sampleMeta(), []);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect((parser.parse(xml) as Report).report['@name']).toBe('Prod servers — été 日本');
  });
});
