import { describe, expect, it } from 'vitest';
import { createInput, draftOf, errorPathsOf, pruneDraft, updateInput, type FormDraft } from './form-draft.ts';
import { inventoryType } from './inventory-types.ts';

const server = inventoryType('Server');
if (!server) throw new Error('no Server declaration');

const existing = {
  hostname: 'web-1',
  ipv4Private: '10.0.0.5',
  environment: 'PRODUCTION',
  cpu: 4,
  memory: null,
  os: { base: 'LINUX', distribution: 'Debian', version: null },
  placement: null,
  storage: [{ mount: '/', sizeGb: 40, rootDevice: true, type: null }],
  authMethods: [],
  services: ['nginx'],
  tags: ['web', 'eu'],
};

function edit(draft: FormDraft, values: Record<string, string>, rows?: FormDraft['rows']): FormDraft {
  return { values: { ...draft.values, ...values }, rows: rows ?? draft.rows };
}

describe('form drafts', () => {
  it('shows an item as text, groups by path and lists of objects as rows', () => {
    const draft = draftOf(server, existing);
    expect(draft.values).toMatchObject({ hostname: 'web-1', cpu: '4', memory: '', 'os.base': 'LINUX', 'os.version': '', 'placement.zone': '', tags: 'web, eu' });
    expect(draft.rows.storage).toEqual([{ mount: '/', sizeGb: '40', rootDevice: 'true', type: '', volumeProviderId: '' }]);
    expect(draft.rows.authMethods).toEqual([]);
  });

  it('leaves empty fields out of a create, and parses numbers, yes/no and lists', () => {
    const draft = edit(draftOf(server), { hostname: ' db-1 ', cpu: '8', services: 'postgres,  pgbouncer,', 'os.base': 'LINUX' }, {
      storage: [{ mount: '/data', sizeGb: '500.5', rootDevice: 'false', type: '', volumeProviderId: '' }],
      authMethods: [],
    });
    expect(createInput(server, draft)).toEqual({
      input: {
        hostname: 'db-1',
        cpu: 8,
        services: ['postgres', 'pgbouncer'],
        os: { base: 'LINUX', distribution: null, version: null },
        storage: [{ mount: '/data', sizeGb: 500.5, rootDevice: false, type: null, volumeProviderId: null }],
      },
      problems: {},
    });
  });

  it('finds what it can before asking: required fields, numbers, bounds', () => {
    const draft = edit(draftOf(server), { hostname: '', cpu: '2.5', memory: '-1' }, { storage: [{ mount: '/', sizeGb: 'lots', rootDevice: '', type: '' }], authMethods: [] });
    expect(createInput(server, draft).problems).toEqual({
      hostname: 'Required',
      cpu: 'Must be a whole number',
      memory: 'Must be at least 0',
      'storage.0.sizeGb': 'Must be a number',
    });
    const datacenter = inventoryType('Datacenter');
    if (!datacenter) throw new Error('no Datacenter declaration');
    expect(createInput(datacenter, edit(draftOf(datacenter), { name: 'Paris' })).problems).toEqual({ provider: 'Choose a provider' });
  });

  it('sends only what changed in an edit: cleared fields as null or [], groups and rows whole', () => {
    const initial = draftOf(server, existing);
    expect(updateInput(server, initial, initial).input).toEqual({});
    const changed = edit(initial, { ipv4Private: '', tags: '', 'os.version': '12' });
    expect(updateInput(server, changed, initial).input).toEqual({
      ipv4Private: null,
      tags: [],
      os: { base: 'LINUX', distribution: 'Debian', version: '12' },
    });
    const noDisks = edit(initial, {}, { ...initial.rows, storage: [] });
    expect(updateInput(server, noDisks, initial).input).toEqual({ storage: [] });
  });

  it('drops blank rows so that row numbers match the API’s paths', () => {
    const draft = edit(draftOf(server), {}, {
      storage: [
        { mount: '', sizeGb: ' ', rootDevice: '', type: '' },
        { mount: '/var', sizeGb: '', rootDevice: '', type: '' },
      ],
      authMethods: [],
    });
    const pruned = pruneDraft(draft);
    expect(pruned.rows.storage).toEqual([{ mount: '/var', sizeGb: '', rootDevice: '', type: '' }]);
    expect(errorPathsOf(server, pruned)).toEqual(expect.arrayContaining(['storage', 'storage.0.mount', 'os', 'os.base', 'hostname']));
    expect(errorPathsOf(server, pruned)).not.toContain('storage.1.mount');
  });
});
