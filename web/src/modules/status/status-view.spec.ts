import { describe, expect, it } from 'vitest';
import { componentLabel, formatAge, formatLatency, groupComponents, latestStatus, overallHeadline, type StatusView } from './status-view.ts';

function report(checkedAt: string, downNames: string[] = []): StatusView {
  const names = ['api', 'mongodb', 'redis', 'queue:reports', 'queue:discovery'];
  const components = names.map((name) => ({
    name,
    kind: name.startsWith('queue:') ? ('QUEUE' as const) : name === 'api' ? ('API' as const) : name === 'redis' ? ('REDIS' as const) : ('DATABASE' as const),
    ok: !downNames.includes(name),
    latencyMs: downNames.includes(name) ? null : 3,
    detail: null,
  }));
  return { ok: downNames.length === 0, checkedAt, checkedBy: 'api:test', components };
}

describe('latestStatus', () => {
  it('keeps whichever report was checked last', () => {
    const older = report('2026-01-01T10:00:00.000Z');
    const newer = report('2026-01-01T10:00:05.000Z', ['queue:reports']);
    expect(latestStatus(older, newer)).toBe(newer);
    expect(latestStatus(newer, older)).toBe(newer);
  });

  it('prefers the live event on a tie and copes with a missing side', () => {
    const checked = report('2026-01-01T10:00:00.000Z');
    const event = report('2026-01-01T10:00:00.000Z', ['redis']);
    expect(latestStatus(checked, event)).toBe(event);
    expect(latestStatus(undefined, event)).toBe(event);
    expect(latestStatus(checked, null)).toBe(checked);
    expect(latestStatus(undefined, undefined)).toBeUndefined();
  });
});

describe('status labels', () => {
  it('names components for people', () => {
    expect(componentLabel('mongodb')).toBe('MongoDB');
    expect(componentLabel('queue:discovery')).toBe('Discovery queue');
    expect(componentLabel('something-new')).toBe('something-new');
  });

  it('formats latency and age', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(2.345)).toBe('2.3 ms');
    expect(formatLatency(42.6)).toBe('43 ms');
    expect(formatLatency(1500)).toBe('1.50 s');
    expect(formatAge(0, 500)).toBe('just now');
    expect(formatAge(0, 12_000)).toBe('12 s ago');
    expect(formatAge(0, 180_000)).toBe('3 min ago');
  });

  it('groups core services before queues and counts what is down', () => {
    const status = report('2026-01-01T10:00:00.000Z', ['queue:reports', 'queue:discovery']);
    const groups = groupComponents(status.components);
    expect(groups.map((g) => g.id)).toEqual(['core', 'queues']);
    expect(groups[1]?.components.map((c) => c.name)).toEqual(['queue:discovery', 'queue:reports']);
    expect(overallHeadline(status)).toBe('2 of 5 components down');
    expect(overallHeadline(report('2026-01-01T10:00:00.000Z'))).toBe('All systems operational');
  });
});
