import { escapeHtml } from '../../shared/validate.js';
import type { SharedGraph } from './graph.service.js';

/**
 * The page a share link opens: the graph's picture and metrics, nothing
 * else. No script, no link into Maestro, no data but what the picture and
 * its metrics say; served with a content security policy that allows none.
 */
export function sharedGraphPage(shared: SharedGraph, svg: string, options: { embed: boolean }): string {
  const { graph, build } = shared;
  const m = build.metrics;
  const rows = (title: string, items: Array<{ label: string; count: number }>) =>
    items.length === 0 ? '' : `<h2>${escapeHtml(title)}</h2><table><tbody>${items.slice(0, 20).map((i) => `<tr><th scope="row">${escapeHtml(i.label)}</th><td>${i.count}</td></tr>`).join('')}</tbody></table>`;
  const metrics = m
    ? `<section aria-label="Metrics"><p>${m.nodes} items, ${m.edges} relations, density ${m.density.toFixed(4)}${m.cycles.length > 0 ? `, ${m.cycles.length} cycle${m.cycles.length > 1 ? 's' : ''}` : ''}.</p>` +
      rows('By depth', m.byDepth.map((d) => ({ label: `depth ${d.depth}`, count: d.count }))) +
      rows('By type', m.byType) +
      rows('Most depended on', m.mostDependedOn.map((h) => ({ label: `${h.name} (${h.type})`, count: h.dependents }))) +
      (m.cycles.length > 0 ? `<h2>Cycles</h2><ul>${m.cycles.map((c) => `<li>${c.items.map(escapeHtml).join(' → ')}</li>`).join('')}</ul>` : '') +
      '</section>'
    : '';
  const built = (build.finishedAt ?? build.createdAt).toISOString();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(graph.name)} · dependency graph</title>
<style>body{font-family:system-ui,sans-serif;margin:${options.embed ? '0' : '2rem'};color:#1f2937;background:#fff}figure{margin:0;overflow:auto}figure svg{max-width:100%;height:auto}table{border-collapse:collapse;margin:.5rem 0}th,td{text-align:left;padding:.15rem .75rem .15rem 0;font-weight:normal}h1{font-size:1.4rem}h2{font-size:1rem;margin-top:1rem}</style>
</head><body>
${options.embed ? '' : `<h1>${escapeHtml(graph.name)}</h1><p>Dependency graph built ${escapeHtml(built)}${build.notice ? ` · ${escapeHtml(build.notice)}` : ''}.</p>`}
<figure>${svg}</figure>
${options.embed ? '' : metrics}
</body></html>`;
}
