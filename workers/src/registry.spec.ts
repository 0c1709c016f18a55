import { describe, expect, it } from 'vitest';
import { QUEUE_JOBS, QUEUE_NAMES } from '../../server/src/jobs/contract.js';
import { buildRegistry, processorOf, RegistryError, type ProcessorEntry } from './registry.js';
import { allProcessors } from './worker-app.js';

const noop = processorOf('maintenance', 'repair-history', async () => ({ changes: 0, journalled: 0, relations: 0 }));

function problems(entries: ProcessorEntry[]): string[] {
  try {
    buildRegistry(entries);
    return [];
  } catch (error) {
    if (error instanceof RegistryError) return error.problems;
    throw error;
  }
}

describe('job registry', () => {
  it('accepts the processors the worker process registers: one per job of the contract', () => {
    const registry = buildRegistry(allProcessors());
    for (const queue of QUEUE_NAMES) {
      expect([...(registry.get(queue)?.keys() ?? [])].sort()).toEqual([...QUEUE_JOBS[queue]].sort());
    }
  });

  it('refuses a job of the contract that has no processor', () => {
    const entries = allProcessors().filter((e) => e.name !== 'repair-history');
    expect(problems(entries)).toEqual(['maintenance/repair-history has no processor']);
  });

  it('refuses a job with two processors', () => {
    expect(problems([...allProcessors(), noop])).toEqual(['maintenance/repair-history has more than one processor']);
  });

  it('refuses a processor for a job its queue does not carry', () => {
    expect(problems([...allProcessors(), { ...noop, queue: 'reports' }])).toEqual(['reports/repair-history has a processor but is not in the job contract']);
  });
});
