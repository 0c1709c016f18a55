import type { AnsibleLayout, Cell, ReportRow } from '../report-table.js';
import { cellOf, cellText, finiteNumber, wellFormed } from './cell-text.js';
import { ExportRefusedError, type ExportMeta } from './export-meta.js';

/**
 * What the Ansible exports (INI and YAML) share: host names checked, group
 * and variable names made valid, and rows gathered into hosts.
 *
 * An inventory lists each host under its groups, so it cannot be written
 * before the last row is read: these exports keep one entry per host in
 * memory (its variables and groups), never the rows themselves.
 */

/** A host variable's value, typed as in the run; the same in both formats. */
export type HostVar = string | number | boolean | string[];

export interface InventoryHost {
  /** Variables of the host's first row; a null cell gives no variable. */
  vars: Map<string, HostVar>;
  /** Group names, in the order first met. */
  groups: Set<string>;
}

export interface Inventory {
  hosts: Map<string, InventoryHost>;
  /** Group name to its hosts, both in the order first met. */
  groups: Map<string, Set<string>>;
  /** Rows that gave a host. */
  rows: number;
  /** Rows whose host name cannot be written in an inventory. */
  skipped: number;
}

/** The group Ansible gives hosts of no other group. */
export const UNGROUPED = 'ungrouped';
const RESERVED_GROUPS = new Set(['all', UNGROUPED]);
const MAX_NAME_LENGTH = 64;

// A DNS-like name or an IPv4 address: letters, digits, `-` and `_` in dot
// separated labels, 253 characters at most. Nothing else can sit on an INI
// host line unharmed (no space, `#`, `=`, `:`, `[`, quote…).
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]*)(?:\.[A-Za-z0-9_-]+)*$/;

export function isInventoryHostName(name: string): boolean {
  return HOST_NAME.test(name);
}

/** Lower case ASCII letters, digits and single `_`: accents lose their marks, anything else becomes `_`. */
function nameChars(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/_+/g, '_');
}

/**
 * The group `<prefix>_<value>` as Ansible accepts its name: lower case, only
 * `[a-z0-9_]`, no `_` repeated or at the ends of the value, not starting with
 * a digit, 64 characters at most. Null when nothing of the value is left
 * (e.g. a value made only of CJK characters or punctuation). Distinct values
 * that give the same name share the group.
 */
export function ansibleGroupName(prefix: string, value: string): string | null {
  const part = nameChars(value).replace(/^_+|_+$/g, '');
  if (part === '') return null;
  const head = nameChars(prefix).replace(/^_+|_+$/g, '');
  let name = head === '' ? part : `${head}_${part}`;
  if (/^[0-9]/.test(name) || RESERVED_GROUPS.has(name)) name = `group_${name}`;
  return name.slice(0, MAX_NAME_LENGTH).replace(/_+$/, '');
}

const PYTHON_KEYWORDS = new Set(
  'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

// Names Ansible reserves: play, role, block and task keywords and template
// globals (ansible-core 2.19, `ansible.vars.reserved.get_reserved_names()`,
// which it warns about when a host variable takes one), and the magic
// variables it sets itself.
const ANSIBLE_RESERVED = new Set(
  (
    'action always any_errors_fatal args async async_val become become_exe become_flags become_method become_user block ' +
    'changed_when check_mode collections connection cycler debugger delay delegate_facts delegate_to dict diff environment ' +
    'fact_path failed_when force_handlers gather_facts gather_timeout handlers hosts ignore_errors ignore_unreachable joiner ' +
    'lipsum local_action lookup loop loop_control loop_with max_fail_percentage module_defaults name namespace no_log notify ' +
    'now omit order poll port post_tasks pre_tasks q query range register remote_user rescue retries roles run_once serial ' +
    'strategy tags tasks throttle timeout undef until vars vars_files vars_prompt when with_ ' +
    'group_names groups hostvars inventory_dir inventory_file inventory_hostname inventory_hostname_short play_hosts ' +
    'playbook_dir role_name role_names role_path'
  ).split(' '),
);

/**
 * A host variable's name from a column key, as group names are made
 * (`ipv4Private` gives `ipv4_private`, `server.hostname` gives
 * `server_hostname`): a valid Python identifier that is no keyword. A name
 * Ansible reserves (`environment`, `tags`, `name`, `groups`…) gets
 * `maestro_` before it, so playbooks neither warn nor mix it up.
 */
export function ansibleVarName(key: string): string {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  let name = nameChars(snake).replace(/^_+|_+$/g, '');
  if (name === '') name = 'value';
  if (/^[0-9]/.test(name)) name = `_${name}`;
  name = name.slice(0, MAX_NAME_LENGTH);
  if (ANSIBLE_RESERVED.has(name)) return `maestro_${name}`;
  return PYTHON_KEYWORDS.has(name) ? `${name}_` : name;
}

/**
 * Text Ansible would run as a Jinja template when a playbook reads the
 * variable: it holds `{{`, `{%` or `{#`, or starts with a `#jinja2:` header
 * (which may change the delimiters). A value from the inventory, say a tag
 * someone set on a cloud machine, must never run code: the exports write
 * such text so that Ansible takes it as it is (see the INI and YAML writers).
 */
export function looksLikeTemplate(text: string): boolean {
  return text.startsWith('#jinja2:') || /\{[{%#]/.test(text);
}

function hostVar(cell: Cell): HostVar | null {
  if (cell == null) return null;
  if (typeof cell === 'number') return finiteNumber(cell);
  if (Array.isArray(cell)) return cell.map(wellFormed);
  if (typeof cell === 'string') return wellFormed(cell);
  return cell;
}

/** The layout of a run, or the refusal to make an inventory of it (before anything is written). */
export function ansibleLayout(meta: ExportMeta): AnsibleLayout {
  if (!meta.ansible) {
    throw new ExportRefusedError(`Report "${meta.title}" has no host column: it cannot be exported as an Ansible inventory`);
  }
  return meta.ansible;
}

/** Reads every row into hosts and groups (rows without a host are left out; a host met again adds its groups, keeps its first variables). */
export async function collectInventory(layout: AnsibleLayout, rows: AsyncIterable<ReportRow>): Promise<Inventory> {
  const taken = new Set<string>();
  const vars = layout.vars.map((key) => {
    const base = ansibleVarName(key);
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
    taken.add(name);
    return { key, name };
  });
  const inventory: Inventory = { hosts: new Map(), groups: new Map(), rows: 0, skipped: 0 };
  for await (const row of rows) {
    const cell = cellOf(row, layout.host);
    const name = typeof cell === 'string' ? cell.trim() : typeof cell === 'number' ? cellText(cell) : '';
    if (name === '') continue;
    if (!isInventoryHostName(name)) {
      inventory.skipped += 1;
      continue;
    }
    inventory.rows += 1;
    let host = inventory.hosts.get(name);
    if (!host) {
      host = { vars: new Map(), groups: new Set() };
      for (const { key, name: varName } of vars) {
        const value = hostVar(cellOf(row, key));
        if (value != null) host.vars.set(varName, value);
      }
      inventory.hosts.set(name, host);
    }
    for (const { prefix, key } of layout.groups) {
      const value = cellOf(row, key);
      const values = Array.isArray(value) ? value : value == null ? [] : [cellText(value)];
      for (const item of values) {
        const group = ansibleGroupName(prefix, item);
        if (group === null) continue;
        host.groups.add(group);
        let members = inventory.groups.get(group);
        if (!members) inventory.groups.set(group, (members = new Set()));
        members.add(name);
      }
    }
  }
  return inventory;
}

/** One section of the inventory as written: a group and its hosts, each host's variables given where it first appears. */
export interface InventorySection {
  group: string;
  hosts: Array<{ name: string; vars: Map<string, HostVar> | null }>;
}

/** The groups in the order first met, then `ungrouped` for hosts of no group; each host's variables once. */
export function inventorySections(inventory: Inventory): InventorySection[] {
  const placed = new Set<string>();
  const place = (name: string) => {
    const first = !placed.has(name);
    placed.add(name);
    return { name, vars: first ? (inventory.hosts.get(name)?.vars ?? new Map<string, HostVar>()) : null };
  };
  const sections: InventorySection[] = [];
  for (const [group, members] of inventory.groups) sections.push({ group, hosts: [...members].map(place) });
  const ungrouped = [...inventory.hosts].filter(([, host]) => host.groups.size === 0).map(([name]) => place(name));
  if (ungrouped.length > 0) sections.push({ group: UNGROUPED, hosts: ungrouped });
  return sections;
}

/** A comment line's text: the title without line ends. */
export function commentText(meta: ExportMeta): string {
  return wellFormed(`${meta.title} (Maestro report, generated ${meta.generatedAt.toISOString()})`).replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g,
    ' ',
  );
}
