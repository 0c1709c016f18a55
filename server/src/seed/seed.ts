import type { Scope } from '../modules/access/scope.js';
import { systemActor } from '../modules/history/actor.js';
import type { InventoryService } from '../modules/inventory/engine/inventory.service.js';
import type { InventoryDoc } from '../modules/inventory/engine/entity-def.js';
import type { EdgeToLink, RelationService } from '../modules/relations/relation.service.js';
import type { GeneratedInventory } from './generate.js';

export interface SeedReport {
  items: Record<string, { created: number; updated: number; unchanged: number; failed: number }>;
  relations: { created: number; existing: number };
}

/**
 * Writes a generated inventory into the caller's workspace. Items go through
 * the same import as users' files (validation, idempotent on names); links
 * go through the batches sources link with, as Maestro's own (`SYSTEM`
 * seed), so they show in the history of their ends like any other. Edges
 * are keyed by their ends, so a second run adds nothing.
 */
export async function applySeed(inventory: InventoryService, relations: RelationService, scope: Scope, data: GeneratedInventory): Promise<SeedReport> {
  const report: SeedReport = { items: {}, relations: { created: 0, existing: 0 } };
  const docs = new Map<string, InventoryDoc>();
  for (const [type, rows] of Object.entries(data.items)) {
    const { rows: results } = await inventory.importRows(scope, type, rows, new Map(), { actor: systemActor('seed', null, scope.workspaceTeamId) });
    const tally = { created: 0, updated: 0, unchanged: 0, failed: 0 };
    for (const r of results) {
      if (r.status === 'CREATED') tally.created += 1;
      else if (r.status === 'UPDATED') tally.updated += 1;
      else if (r.status === 'UNCHANGED') tally.unchanged += 1;
      else tally.failed += 1;
      if (r.doc) docs.set(`${type}:${r.doc.nameLower}`, r.doc);
    }
    if (tally.failed > 0) {
      const first = results.find((r) => r.status === 'ERROR');
      throw new Error(`seed data for ${type} did not validate: ${JSON.stringify(first?.errors)}`);
    }
    report.items[type] = tally;
  }
  const edges: EdgeToLink[] = data.relations.map((r) => {
    const from = docs.get(`${r.fromType}:${r.from.toLowerCase()}`);
    const to = docs.get(`${r.toType}:${r.to.toLowerCase()}`);
    if (!from || !to) throw new Error(`seed relation ${r.kind} ${r.from} → ${r.to} names an unknown item`);
    return { kind: r.kind, from, to };
  });
  const { linked, existing } = await relations.linkMany(systemActor('seed', null, scope.workspaceTeamId), edges);
  report.relations = { created: linked, existing };
  return report;
}
