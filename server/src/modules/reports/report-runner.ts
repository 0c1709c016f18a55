import { ObjectId } from 'mongodb';
import type { Scope } from '../access/scope.js';
import type { InventoryDoc } from '../inventory/engine/entity-def.js';
import { toGlobalId } from '../../shared/ids.js';
import { conditionsOf } from './comparers.js';
import type { ItemState, PivotLevelSetting, ReportDoc } from './report.model.js';
import {
  definitionOf,
  PIVOT_LEVEL_DEFS,
  PIVOT_LEVELS,
  pivotColumn,
  reportFieldsOf,
  singleColumn,
  type PivotLevel,
  type ReportField,
} from './report-fields.js';
import type { ReportRepository } from './report.repository.js';
import type { AnsibleLayout, Cell, ReportColumn, ReportRow } from './report-table.js';

/** What a run computes: its columns, how many top-level items it walks, and its rows in batches. */
export interface RunPlan {
  columns: ReportColumn[];
  total(): Promise<number>;
  /** Rows a batch at a time, with how many top-level items are done so far. */
  batches(): AsyncGenerator<{ rows: ReportRow[]; done: number }>;
}

type Definition = Pick<ReportDoc, 'kind' | 'entity' | 'columns' | 'filters' | 'state' | 'levels'>;

/** Items a single-entity report reads per batch; top-level items of a pivot per batch (each brings its subtree). */
const SINGLE_BATCH = 500;
const PIVOT_BATCH = 25;

function stateCondition(state: ItemState): Array<Record<string, unknown>> {
  return state === 'ANY' ? [] : [{ active: state === 'ACTIVE' }];
}

function valueAt(doc: InventoryDoc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function cellOf(doc: InventoryDoc, field: ReportField): Cell {
  if (field.path === '_id') return toGlobalId(doc.type, doc._id);
  const value = valueAt(doc, field.path);
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

function projectionOf(fields: readonly ReportField[]): Record<string, 1> {
  const projection: Record<string, 1> = { type: 1 };
  for (const f of fields) if (f.path !== '_id') projection[f.path] = 1;
  return projection;
}

/** The fields of `type` that `keys` name, in that order. */
function pick(type: string, keys: readonly string[]): ReportField[] {
  const all = reportFieldsOf(type);
  return keys.map((k) => all.find((f) => f.key === k)!).filter(Boolean);
}

/** The columns a pivot level shows: its name first, always (rows are read by it), then those chosen. */
export function levelColumns(setting: PivotLevelSetting): string[] {
  const def = PIVOT_LEVEL_DEFS[setting.level];
  const nameField = definitionOf(def.type).nameField;
  return [nameField, ...setting.columns.filter((c) => c !== nameField)];
}

function singlePlan(repo: ReportRepository, scope: Scope, d: Definition, now: Date): RunPlan {
  const type = d.entity!;
  const fields = reportFieldsOf(type);
  const shown = pick(type, d.columns);
  const conditions = [...stateCondition(d.state), ...conditionsOf(fields, d.filters, now)];
  return {
    columns: shown.map(singleColumn),
    total: () => repo.countItems(scope, type, conditions),
    async *batches() {
      const cursor = repo.items(scope, type, conditions, projectionOf(shown), SINGLE_BATCH);
      let rows: ReportRow[] = [];
      let done = 0;
      try {
        for await (const doc of cursor) {
          const row: ReportRow = {};
          for (const f of shown) row[f.key] = cellOf(doc, f);
          rows.push(row);
          done += 1;
          if (rows.length === SINGLE_BATCH) {
            yield { rows, done };
            rows = [];
          }
        }
        if (rows.length > 0) yield { rows, done };
      } finally {
        await cursor.close();
      }
    },
  };
}

interface LevelPlan {
  setting: PivotLevelSetting;
  type: string;
  shown: ReportField[];
  conditions: Array<Record<string, unknown>>;
  /** Its levels below that the walk goes through. */
  children: LevelPlan[];
  /** Shown, or only walked through (a level off between two that are on). */
  visible: boolean;
  /** Only paths with a match here or below. */
  required: boolean;
}

/** The first level that is on: the top of the pivot. */
export function pivotRoot(levels: readonly PivotLevelSetting[]): PivotLevel | null {
  return PIVOT_LEVELS.find((l) => levels.find((s) => s.level === l)?.enabled) ?? null;
}

function pivotPlan(repo: ReportRepository, scope: Scope, d: Definition, now: Date): RunPlan {
  const settings = new Map(d.levels.map((s) => [s.level, s]));
  const root = pivotRoot(d.levels)!;
  const build = (level: PivotLevel): LevelPlan | null => {
    const setting = settings.get(level)!;
    const children = PIVOT_LEVELS.filter((l) => PIVOT_LEVEL_DEFS[l].parent === level)
      .map(build)
      .filter((c): c is LevelPlan => c !== null);
    if (!setting.enabled && children.length === 0) return null;
    const type = PIVOT_LEVEL_DEFS[level].type;
    const fields = reportFieldsOf(type);
    // A level that is off is walked through as it is: active items, no filter.
    const conditions = setting.enabled ? [...stateCondition(setting.state), ...conditionsOf(fields, setting.filters, now)] : stateCondition('ACTIVE');
    return {
      setting,
      type,
      shown: setting.enabled ? pick(type, levelColumns(setting)) : [],
      conditions,
      children,
      visible: setting.enabled,
      required: (setting.enabled && setting.required) || children.some((c) => c.required),
    };
  };
  const top = build(root)!;
  const columns: ReportColumn[] = [];
  const walk = (p: LevelPlan) => {
    for (const f of p.shown) columns.push(pivotColumn(p.setting.level, f));
    p.children.forEach(walk);
  };
  walk(top);
  const anyHidden = (p: LevelPlan): boolean => !p.visible || p.children.some(anyHidden);
  const dedupe = anyHidden(top);

  return {
    columns,
    total: () => repo.countItems(scope, top.type, top.conditions),
    async *batches() {
      const cursor = repo.items(scope, top.type, top.conditions, projectionOf(top.shown), PIVOT_BATCH);
      let batch: InventoryDoc[] = [];
      let done = 0;
      const flush = async () => {
        const rows = await pivotRows(repo, scope, top, batch, dedupe);
        done += batch.length;
        batch = [];
        return { rows, done };
      };
      try {
        for await (const doc of cursor) {
          batch.push(doc);
          if (batch.length === PIVOT_BATCH) yield await flush();
        }
        if (batch.length > 0) yield await flush();
      } finally {
        await cursor.close();
      }
    },
  };
}

/**
 * The rows under a batch of top-level items: each level below is read for
 * the whole batch at once (edges, then the items, with the scope and the
 * level's filters: what the person cannot read is neither shown nor walked
 * through), then each path from the top down to a leaf is one row.
 */
async function pivotRows(repo: ReportRepository, scope: Scope, top: LevelPlan, roots: InventoryDoc[], dedupe: boolean): Promise<ReportRow[]> {
  /** Children of each parent, per level plan, in name order. */
  const kids = new Map<LevelPlan, Map<string, InventoryDoc[]>>();
  const load = async (plan: LevelPlan, parents: InventoryDoc[]): Promise<void> => {
    for (const child of plan.children) {
      const def = PIVOT_LEVEL_DEFS[child.setting.level];
      const keys = (await Promise.all(def.via.map((via) => repo.childKeys(scope, parents.map((p) => p._id.toHexString()), via, child.type)))).flat();
      const ids = [...new Set(keys.map((k) => k.child))].map((id) => new ObjectId(id));
      const docs = await repo.itemsByIds(scope, child.type, ids, child.conditions, projectionOf(child.shown));
      const byId = new Map(docs.map((d) => [d._id.toHexString(), d]));
      const byParent = new Map<string, InventoryDoc[]>();
      const seen = new Set<string>();
      for (const k of keys) {
        const doc = byId.get(k.child);
        if (!doc || seen.has(`${k.parent}|${k.child}`)) continue;
        seen.add(`${k.parent}|${k.child}`);
        const list = byParent.get(k.parent) ?? [];
        list.push(doc);
        byParent.set(k.parent, list);
      }
      for (const list of byParent.values()) list.sort((a, b) => (a.nameLower < b.nameLower ? -1 : a.nameLower > b.nameLower ? 1 : a._id.toHexString().localeCompare(b._id.toHexString())));
      kids.set(child, byParent);
      await load(child, docs);
    }
  };
  await load(top, roots);

  const rowsOf = (plan: LevelPlan, doc: InventoryDoc): ReportRow[] => {
    const own: ReportRow = {};
    for (const f of plan.shown) own[pivotColumn(plan.setting.level, f).key] = cellOf(doc, f);
    if (plan.children.length === 0) return [own];
    const out: ReportRow[] = [];
    for (const child of plan.children) {
      const under = (kids.get(child)?.get(doc._id.toHexString()) ?? []).flatMap((k) => rowsOf(child, k));
      if (under.length === 0 && child.required) return [];
      for (const r of under) out.push({ ...own, ...r });
    }
    return out.length > 0 ? out : [own];
  };

  const rows: ReportRow[] = [];
  for (const root of roots) {
    const mine = rowsOf(top, root);
    if (!dedupe) {
      rows.push(...mine);
      continue;
    }
    // A level walked through but not shown makes the same visible path once per hidden item: once is enough.
    const seen = new Set<string>();
    for (const r of mine) {
      const key = JSON.stringify(r);
      if (!seen.has(key)) {
        seen.add(key);
        rows.push(r);
      }
    }
  }
  return rows;
}

export function planRun(repo: ReportRepository, scope: Scope, d: Definition, now: Date): RunPlan {
  return d.kind === 'SINGLE' ? singlePlan(repo, scope, d, now) : pivotPlan(repo, scope, d, now);
}

/** How a run's rows make an Ansible inventory: servers are hosts; null when the run shows no server by hostname. */
export function ansibleLayoutOf(columns: readonly ReportColumn[]): AnsibleLayout | null {
  const has = (key: string) => columns.some((c) => c.key === key);
  const single = has('hostname') && !has('server.hostname');
  const p = single ? '' : 'server.';
  if (!has(`${p}hostname`)) return null;
  const groups: AnsibleLayout['groups'] = [];
  if (!single) {
    for (const [prefix, key] of [['client', 'client.name'], ['system', 'system.name'], ['app', 'application.name']] as const) if (has(key)) groups.push({ prefix, key });
  }
  for (const [prefix, key] of [['env', `${p}environment`], ['tag', `${p}tags`]] as const) if (has(key)) groups.push({ prefix, key });
  const vars = columns.filter((c) => c.key.startsWith(p) && c.key !== `${p}hostname` && !(single && c.key.includes('.'))).map((c) => c.key);
  return { host: `${p}hostname`, groups, vars };
}

/** A report's definition must still fit the fields (they are checked when saved; a run checks the type exists). */
export function definitionTypes(d: Definition): string[] {
  return d.kind === 'SINGLE' ? [d.entity!] : d.levels.filter((l) => l.enabled).map((l) => PIVOT_LEVEL_DEFS[l.level].type);
}
