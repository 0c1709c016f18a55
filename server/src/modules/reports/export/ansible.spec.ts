import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ansibleInventoryBinary } from '../../../../../scripts/lib/services.ts';
import { FORMULA, NOTES_1, NOTES_5, NOTES_7, ROWS, Sink, fromArray, sampleMeta, trackedRows } from '../../../../../test/support/report-run.ts';
import type { ReportRow } from '../report-table.js';
import { ansibleGroupName, ansibleVarName, isInventoryHostName } from './ansible-inventory.js';
import { pythonString } from './ansible-ini.js';
import { ExportRefusedError, writeExport, type ExportMeta } from './index.js';

const run = promisify(execFile);

/** What `ansible-inventory --list` prints. */
interface Listed {
  _meta: { hostvars: Record<string, Record<string, unknown>> };
  all: { children?: string[]; hosts?: string[] };
  [group: string]: { hosts?: string[]; children?: string[] } | Listed['_meta'];
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'maestro-ansible-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const FORMATS = [
  { format: 'ANSIBLE_INI', plugin: 'ini', extension: 'ini' },
  { format: 'ANSIBLE_YAML', plugin: 'yaml', extension: 'yml' },
] as const;

function binary(): string {
  const found = ansibleInventoryBinary();
  if (!found) {
    throw new Error(
      'ansible-inventory is not installed: run `bash scripts/ensure-tools.sh --ansible` (it installs ansible-core from PyPI into .tools/ansible)',
    );
  }
  return found;
}

/** Only the plugin of the file's format reads it, and nothing is written outside the test's own folder. */
function ansibleEnv(plugin: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: work,
    LC_ALL: 'C.UTF-8',
    ANSIBLE_HOME: join(work, 'home'),
    ANSIBLE_LOCAL_TEMP: join(work, 'tmp'),
    ANSIBLE_INVENTORY_ENABLED: plugin,
    // A file the plugin cannot read is an error, not a warning and an empty inventory.
    ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true',
    ANSIBLE_NOCOLOR: 'true',
  };
}

let files = 0;
async function exported(entry: (typeof FORMATS)[number], meta: ExportMeta, rows: ReportRow[]) {
  const sink = new Sink();
  const result = await writeExport(entry.format, meta, fromArray(rows), sink);
  files += 1;
  const file = join(work, `inventory-${files}.${entry.extension}`);
  await writeFile(file, sink.buffer);
  return { result, file };
}

/** Exports the rows, then has the real ansible-inventory read the file. */
async function listed(entry: (typeof FORMATS)[number], meta: ExportMeta, rows: ReportRow[]) {
  const command = binary();
  const { result, file } = await exported(entry, meta, rows);
  const { stdout, stderr } = await run(command, ['-i', file, '--list'], { env: ansibleEnv(entry.plugin), maxBuffer: 64 * 1024 * 1024 });
  return { result, inventory: JSON.parse(stdout) as Listed, stderr };
}

function hostsOf(inventory: Listed, group: string): string[] {
  const entry = inventory[group] as { hosts?: string[] } | undefined;
  return [...(entry?.hosts ?? [])].sort();
}

function groupsOf(inventory: Listed): string[] {
  return Object.keys(inventory).filter((name) => name !== '_meta' && name !== 'all');
}

describe.each(FORMATS)('Ansible inventory, $format', (entry) => {
  it('is read by ansible-inventory: a group per value, a host in every group of its rows, ungrouped hosts apart', async () => {
    const { inventory, result, stderr } = await listed(entry, sampleMeta(), ROWS);
    // web1 (twice), web2, lonely; `bürö-日本` and `app 3` cannot be inventory hosts; one row has no host.
    expect(result).toEqual({ rows: 4, skipped: 2 });
    expect(stderr).not.toMatch(/WARNING|ERROR/i);
    expect(groupsOf(inventory).sort()).toEqual(
      ['client_acme_corp', 'client_initech', 'env_prod', 'env_staging', 'tag_db', 'tag_eu_west', 'tag_web', 'ungrouped'].sort(),
    );
    for (const group of groupsOf(inventory)) expect(group).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(hostsOf(inventory, 'env_prod')).toEqual(['web1']);
    // web1's second row adds its groups (staging, Initech, db).
    expect(hostsOf(inventory, 'env_staging')).toEqual(['web1', 'web2']);
    expect(hostsOf(inventory, 'client_acme_corp')).toEqual(['web1']);
    expect(hostsOf(inventory, 'client_initech')).toEqual(['web1']);
    expect(hostsOf(inventory, 'tag_web')).toEqual(['web1']);
    expect(hostsOf(inventory, 'tag_eu_west')).toEqual(['web1']);
    expect(hostsOf(inventory, 'tag_db')).toEqual(['web1']);
    expect(hostsOf(inventory, 'ungrouped')).toEqual(['lonely']);
    // Nothing is only in `all`.
    expect(inventory.all.hosts ?? []).toEqual([]);
    expect(Object.keys(inventory._meta.hostvars).sort()).toEqual(['lonely', 'web1', 'web2']);
  });

  it('gives host variables back exactly, typed as in the run, from the first row of each host', async () => {
    const { inventory } = await listed(entry, sampleMeta(), ROWS);
    expect(inventory._meta.hostvars.web1).toEqual({
      maestro_environment: 'prod',
      notes: NOTES_1,
      cpu: 4,
      active: true,
      maestro_tags: ['web', 'eu-west'],
      created_at: '2024-05-01T10:20:30.000Z',
      display_name: FORMULA,
      code: '42',
    });
    expect(inventory._meta.hostvars.web2).toEqual({
      maestro_environment: 'staging',
      notes: NOTES_5,
      cpu: 2,
      active: true,
      created_at: '2024-07-14T08:00:00.000Z',
      display_name: '@SUM(A1)',
      code: '007',
    });
    expect(inventory._meta.hostvars.lonely).toEqual({ notes: NOTES_7, cpu: 1, display_name: 'ungrouped host', code: 'yes' });
  });

  it('keeps text that INI, Python or YAML 1.1 would read as something else', async () => {
    const values = [
      'yes', 'on', 'No', 'True', 'None', 'null', '~', '42', '-5', '0x1F', '1:20', '1_000', '007', '1e3', '2024-01-01',
      '[1, 2]', "{'a': 1}", "'single'", '"double"', 'back\\slash\\', 'a=b', '#hash', ';semi', ' spaced ', '', '\ttab',
      'line\r\nbreak\n', 'nel\u0085ls\u2028ps\u2029', 'c1\u0090x', 'bell\u0007', 'ff\uFFFE', '日本 é', '😀', '---', '- item', ': colon',
      '@at', '`tick`', '$HOME', '%percent', '!bang', '&amp', '*star', '|pipe', '>gt', '? q', '{a}', '} {',
      'para one\n\npara two\n\n', '  lead\nnext', 'last\n',
    ];
    const columns = values.map((_, i) => ({ key: `v${i}`, label: `v${i}`, kind: 'text' as const, chart: false }));
    const row: ReportRow = { host: 'h1', ...Object.fromEntries(values.map((value, i) => [`v${i}`, value])) };
    const meta = sampleMeta({
      columns: [{ key: 'host', label: 'Host', kind: 'text', chart: false }, ...columns],
      ansible: { host: 'host', groups: [], vars: columns.map((column) => column.key) },
    });
    // Host names YAML 1.1 would read as booleans, numbers or null.
    const names = ['on', 'yes', 'null', '123', '0x1F', '1_000', '1e3'];
    const { inventory } = await listed(entry, meta, [row, ...names.map((host) => ({ host }))]);
    expect(inventory._meta.hostvars.h1).toEqual(Object.fromEntries(values.map((value, i) => [`v${i}`, value])));
    expect(hostsOf(inventory, 'ungrouped')).toEqual(['h1', ...names].sort());
  });

  it('never lets Ansible run a value as a template: a playbook reads it as it is', async () => {
    const values = [
      '{{ 7 * 6 }}',
      "{{ lookup('pipe', 'id') }}",
      '{% if true %}yes{% endif %}',
      '{# comment #}',
      "#jinja2: variable_start_string:'[%', variable_end_string:'%]'\n[% 7 * 6 %]",
      '{{{ odd',
      'a {{ b',
    ];
    const meta = sampleMeta({
      columns: [
        { key: 'host', label: 'Host', kind: 'text', chart: false },
        { key: 'texts', label: 'Texts', kind: 'list', chart: false },
        ...values.map((_, i) => ({ key: `v${i}`, label: `v${i}`, kind: 'text' as const, chart: false })),
      ],
      ansible: { host: 'host', groups: [], vars: ['texts', ...values.map((_, i) => `v${i}`)] },
    });
    const row: ReportRow = { host: 'h1', texts: values, ...Object.fromEntries(values.map((value, i) => [`v${i}`, value])) };
    const command = join(dirname(binary()), 'ansible');
    const { file } = await exported(entry, meta, [row]);
    // `debug` runs on the controller: no connection to h1 is made.
    const names = ['texts', ...values.map((_, i) => `v${i}`)];
    const { stdout } = await run(command, ['h1', '-i', file, '-m', 'debug', '-a', `msg={{ [${names.join(', ')}] }}`], {
      env: ansibleEnv(entry.plugin),
    });
    const answer = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { msg: unknown[] };
    expect(answer.msg).toEqual([values, ...values]);
  });

  it('is a readable, empty inventory when no row has a host', async () => {
    const { inventory, result } = await listed(entry, sampleMeta(), [{ hostname: null }, { hostname: 'not a host' }]);
    expect(result).toEqual({ rows: 0, skipped: 1 });
    expect(Object.keys(inventory._meta.hostvars)).toEqual([]);
  });

  it('refuses a run without a host column before reading or writing anything', async () => {
    const sink = new Sink();
    const rows = trackedRows(10, (i) => ({ hostname: `h${i}` }));
    await expect(writeExport(entry.format, sampleMeta({ ansible: null }), rows.rows, sink)).rejects.toThrow(ExportRefusedError);
    await expect(writeExport(entry.format, sampleMeta({ ansible: null }), rows.rows, sink)).rejects.toThrow(/no host column/);
    expect(rows.pulled).toBe(0);
    expect(sink.chunks).toHaveLength(0);
    expect(sink.writableEnded).toBe(false);
  });
});

describe('Ansible names', () => {
  it('makes group names Ansible accepts', () => {
    expect(ansibleGroupName('client', 'Acme Corp')).toBe('client_acme_corp');
    expect(ansibleGroupName('env', 'Prod--EU  (west)')).toBe('env_prod_eu_west');
    expect(ansibleGroupName('client', 'Société Générale')).toBe('client_societe_generale');
    expect(ansibleGroupName('tag', '日本')).toBeNull();
    expect(ansibleGroupName('tag', '__')).toBeNull();
    expect(ansibleGroupName('', '1st')).toBe('group_1st');
    expect(ansibleGroupName('', 'all')).toBe('group_all');
    expect(ansibleGroupName('tag', 'x'.repeat(200))).toHaveLength(64);
    expect(ansibleGroupName('tag', 'acme corp')).toBe(ansibleGroupName('tag', 'ACME-Corp'));
  });

  it('makes variable names valid Python identifiers', () => {
    expect(ansibleVarName('ipv4Private')).toBe('ipv4_private');
    expect(ansibleVarName('server.hostname')).toBe('server_hostname');
    expect(ansibleVarName('environment')).toBe('maestro_environment');
    expect(ansibleVarName('tags')).toBe('maestro_tags');
    expect(ansibleVarName('hostvars')).toBe('maestro_hostvars');
    expect(ansibleVarName('region')).toBe('region');
    expect(ansibleVarName('2fa')).toBe('_2fa');
    expect(ansibleVarName('class')).toBe('class_');
    expect(ansibleVarName('__proto__')).toBe('proto');
    expect(ansibleVarName('日本')).toBe('value');
  });

  it('takes host names an INI line holds unharmed, and no other', () => {
    for (const name of ['web1', 'web-1.example.com', '10.0.0.1', 'db_2', 'a']) expect(isInventoryHostName(name)).toBe(true);
    for (const name of ['app 3', 'bürö', 'web[1:3]', 'h:22', '-x', 'a..b', 'a#b', 'a=b', "a'b", '', 'x'.repeat(254)]) {
      expect(isInventoryHostName(name)).toBe(false);
    }
  });

  it('writes Python string literals with no quote or line break of their own', () => {
    expect(pythonString(`it's "x" \\ \n\u2028`)).toBe('"it\\x27s \\"x\\" \\\\ \\n\\u2028"');
  });
});
