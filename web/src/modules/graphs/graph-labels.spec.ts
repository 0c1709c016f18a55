import { describe, expect, it } from 'vitest';
import { buildFraction, buildProgressText, describeGraph, edgeText } from './graph-labels.ts';

describe('graph labels', () => {
  it('says an edge’s kind and ends', () => {
    expect(edgeText('DEPENDS_ON', 'shop', 'pricing')).toBe('DEPENDS_ON: shop → pricing');
  });

  it('describes a definition', () => {
    expect(describeGraph({ source: 'APPLICATIONS', depth: 3, kinds: ['DEPENDS_ON', 'RUNS_ON'], types: [], scheduleMinutes: null }, ['shop', 'cart'])).toBe(
      'From the applications shop and cart, 3 hops along Depends on and runs on, every type; built on demand.',
    );
    expect(describeGraph({ source: 'SYSTEM', depth: 1, kinds: ['USES'], types: ['Server', 'Database'], scheduleMinutes: 60 }, ['Shop'])).toBe(
      'From the system Shop, 1 hop along Uses, servers and databases; rebuilt every 60 minutes.',
    );
  });

  it('tells how far a build is', () => {
    expect(buildProgressText({ status: 'QUEUED', progress: { depth: 0, maxDepth: 5, nodes: 0 } })).toBe('Waiting for a worker');
    expect(buildProgressText({ status: 'RUNNING', progress: { depth: 2, maxDepth: 5, nodes: 1 } })).toBe('Depth 2 of 5, 1 item so far');
    expect(buildFraction({ status: 'RUNNING', progress: { depth: 2, maxDepth: 4 } })).toBe(0.5);
    expect(buildFraction({ status: 'FAILED', progress: { depth: 0, maxDepth: 4 } })).toBe(1);
  });
});
