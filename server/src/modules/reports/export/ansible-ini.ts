import type { Writable } from 'node:stream';
import type { ReportRow } from '../report-table.js';
import { wellFormed } from './cell-text.js';
import { ansibleLayout, collectInventory, commentText, inventorySections, looksLikeTemplate, type HostVar } from './ansible-inventory.js';
import type { ExportMeta, ExportResult } from './export-meta.js';
import { pipeOut } from './pipe-out.js';

/**
 * A Python string literal (in double quotes) that `ast.literal_eval` reads
 * back as exactly `text`. It holds no `'` (written `\x27`) and no character
 * Python would take for a line break, so it can sit inside single quotes on
 * one INI line.
 */
export function pythonString(text: string): string {
  let literal = '"';
  for (const char of wellFormed(text)) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') literal += '\\\\';
    else if (char === '"') literal += '\\"';
    else if (char === "'") literal += '\\x27';
    else if (char === '\n') literal += '\\n';
    else if (char === '\r') literal += '\\r';
    else if (char === '\t') literal += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) literal += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) literal += `\\u${code.toString(16)}`;
    else literal += char;
  }
  return `${literal}"`;
}

/**
 * Text as a Jinja template that gives it back as it is, when it would
 * otherwise run as one (INI has no way to mark a value unsafe, as YAML's
 * `!unsafe` does): each `{` becomes `{{ '{' }}`, and a leading `#` (of a
 * `#jinja2:` header) `{{ '#' }}`. `ansible-inventory --list` shows the
 * escaped form; a playbook reads the original.
 */
export function jinjaLiteral(text: string): string {
  if (!looksLikeTemplate(text)) return text;
  const escaped = text.replace(/\{/g, "{{ '{' }}");
  return escaped.startsWith('#') ? `{{ '#' }}${escaped.slice(1)}` : escaped;
}

/**
 * A host variable as written after `name=` on a host line. Ansible splits a
 * host line the way a POSIX shell would (shlex), then reads each value as a
 * Python literal (`ast.literal_eval`): a bare value such as `42`, `True` or
 * `['a']` changes type, and quotes are eaten by the first step. So text is a
 * Python string literal inside single quotes, which shlex keeps as they are:
 * spaces, `=`, `#`, quotes and backslashes come back exactly. Numbers and
 * booleans are bare Python literals, lists Python lists of strings: the same
 * types as in the YAML export. Text that looks like a template is escaped
 * first (see jinjaLiteral).
 */
function iniValue(value: HostVar): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `'[${value.map((item) => pythonString(jinjaLiteral(item))).join(', ')}]'`;
  return `'${pythonString(jinjaLiteral(value))}'`;
}

/**
 * Ansible inventory, INI: a `[group]` section per group with its hosts, then
 * `[ungrouped]` for hosts of no group; a host's variables on its first line.
 * All rows are read before anything is written (see ansible-inventory.ts).
 */
export async function writeAnsibleIni(meta: ExportMeta, rows: AsyncIterable<ReportRow>, out: Writable): Promise<ExportResult> {
  const layout = ansibleLayout(meta);
  const inventory = await collectInventory(layout, rows);
  async function* lines(): AsyncGenerator<string> {
    yield `# ${commentText(meta)}\n`;
    for (const section of inventorySections(inventory)) {
      yield `\n[${section.group}]\n`;
      for (const host of section.hosts) {
        const vars = host.vars ? [...host.vars].map(([name, value]) => ` ${name}=${iniValue(value)}`).join('') : '';
        yield `${host.name}${vars}\n`;
      }
    }
  }
  await pipeOut(lines(), out);
  return { rows: inventory.rows, skipped: inventory.skipped };
}
