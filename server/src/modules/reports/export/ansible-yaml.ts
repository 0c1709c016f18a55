import type { Writable } from 'node:stream';
import { Document, Scalar } from 'yaml';
import type { ReportRow } from '../report-table.js';
import { ansibleLayout, collectInventory, commentText, inventorySections, looksLikeTemplate, type HostVar } from './ansible-inventory.js';
import type { ExportMeta, ExportResult } from './export-meta.js';
import { pipeOut } from './pipe-out.js';

// Characters Ansible's YAML reader (YAML 1.1) takes for line breaks (NEL, LS,
// PS) or refuses outright (the other C1 controls, U+FFFE, U+FFFF), which the
// `yaml` package writes as they are, even in double quotes.
const NOT_YAML_11 = /[\u0080-\u009F\u2028\u2029\uFFFE\uFFFF]/g;
const YAML_11_ESCAPES: Record<string, string> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

function escapeNotYaml11(char: string): string {
  const code = char.charCodeAt(0);
  return YAML_11_ESCAPES[char] ?? (code <= 0xff ? `\\x${code.toString(16)}` : `\\u${code.toString(16)}`);
}

/**
 * A string as written: text that looks like a Jinja template is tagged
 * `!unsafe`, so that Ansible never runs it (see looksLikeTemplate); text
 * holding a character YAML 1.1 cannot take as it is is double-quoted, and
 * the escapes are put in afterwards.
 */
function yamlString(text: string): string | Scalar<string> {
  NOT_YAML_11.lastIndex = 0;
  const unsafe = looksLikeTemplate(text);
  const escape = NOT_YAML_11.test(text);
  if (!unsafe && !escape) return text;
  const scalar = new Scalar(text);
  if (unsafe) scalar.tag = '!unsafe';
  if (escape) scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

function yamlValue(value: HostVar): unknown {
  if (typeof value === 'string') return yamlString(value);
  if (Array.isArray(value)) return value.map(yamlString);
  return value;
}

/** One `key: value` entry as YAML 1.1 text, every line indented by `indent` spaces. */
function entry(key: string, value: unknown, indent: number): string {
  // An object without prototype: a host may well be called `__proto__`.
  const map = Object.create(null) as Record<string, unknown>;
  map[key] = value;
  const text = new Document(map, { version: '1.1' }).toString({ lineWidth: 0 });
  const pad = ' '.repeat(indent);
  // The characters escaped here only ever stand in double-quoted scalars (see yamlString): names cannot hold them.
  // Lines are split at LF only (JavaScript's `m` flag would split at CR, LS and PS too).
  return text
    .replace(NOT_YAML_11, escapeNotYaml11)
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/**
 * Ansible inventory, YAML: `all.children.<group>.hosts.<host>`, each group
 * with its hosts, then `ungrouped`; a host's variables under its first
 * group, null elsewhere. Written as YAML 1.1, which Ansible's reader
 * follows: text that 1.1 would read as something else (`yes`, `on`,
 * `2024-01-01`, `1:20`, `0x1F`…) is quoted, and text that looks like a
 * template is tagged `!unsafe`. All rows are read before anything is
 * written (see ansible-inventory.ts); the text is then written host by host.
 */
export async function writeAnsibleYaml(meta: ExportMeta, rows: AsyncIterable<ReportRow>, out: Writable): Promise<ExportResult> {
  const layout = ansibleLayout(meta);
  const inventory = await collectInventory(layout, rows);
  const sections = inventorySections(inventory);
  async function* chunks(): AsyncGenerator<string> {
    yield `# ${commentText(meta)}\n`;
    if (sections.length === 0) {
      yield 'all: {}\n';
      return;
    }
    yield 'all:\n  children:\n';
    for (const section of sections) {
      yield `    ${section.group}:\n      hosts:\n`;
      for (const host of section.hosts) {
        const vars = host.vars ? Object.fromEntries([...host.vars].map(([name, value]) => [name, yamlValue(value)])) : null;
        yield entry(host.name, vars, 8);
      }
    }
  }
  await pipeOut(chunks(), out);
  return { rows: inventory.rows, skipped: inventory.skipped };
}
