import { describe, expect, it } from 'vitest';
import { formatInterval, formatRegions, regionLabel, statusTone } from './discovery-labels.ts';

describe('discovery labels', () => {
  it('says intervals in the largest whole unit', () => {
    expect([5, 60, 90, 1440, 2880, 20_160, 0].map(formatInterval)).toEqual(['5 min', '1 hour', '90 min', '1 day', '2 days', '2 weeks', '—']);
  });

  it('says what an empty region list means, and names the account-wide region', () => {
    expect(formatRegions([])).toBe('Every enabled region');
    expect(formatRegions(['us-east-1', 'eu-west-1'])).toBe('us-east-1, eu-west-1');
    expect(regionLabel('global')).toBe('Whole account');
    expect(regionLabel('eu-west-1')).toBe('eu-west-1');
  });

  it('gives every status a tone', () => {
    expect([statusTone('SUCCEEDED'), statusTone('PARTIAL'), statusTone('FAILED'), statusTone('RUNNING'), statusTone('QUEUED'), statusTone('SKIPPED')]).toEqual(['up', 'warn', 'down', 'busy', 'idle', 'warn']);
  });
});
