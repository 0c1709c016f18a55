import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/env.js';
import { QUEUE_JOBS, QUEUE_NAMES } from '../../server/src/jobs/contract.js';
import { buildRegistry, RegistryError, type ProcessorEntry } from './registry.js';
import { allProcessors } from './worker-app.js';

const noServices = () => {
  throw new Error('no job runs in these tests');
};
const noop: ProcessorEntry['process'] = async () => ({ worker: 'w', queue: 'reports', stale: false });

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
    const registry = buildRegistry(allProcessors('worker:test', loadConfig({}), noServices));
    for (const queue of QUEUE_NAMES) {
      expect([...(registry.get(queue)?.keys() ?? [])].sort()).toEqual([...QUEUE_JOBS[queue]].sort());
    }
  });

  it('refuses a job of the contract that has no processor', () => {
    const entries = allProcessors('worker:test', loadConfig({}), noServices).filter((e) => e.queue !== 'graphs');
    expect(problems(entries)).toEqual(['graphs/ping has no processor']);
  });

  it('refuses a job with two processors', () => {
    const entries = [...allProcessors('worker:test', loadConfig({}), noServices), { queue: 'reports' as const, name: 'ping' as const, process: noop }];
    expect(problems(entries)).toEqual(['reports/ping has more than one processor']);
  });
});
