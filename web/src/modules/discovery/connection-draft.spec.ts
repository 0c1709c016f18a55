import { describe, expect, it } from 'vitest';
import {
  CONNECTION_FORM_FIELDS,
  connectionCreateInput,
  connectionUpdateInput,
  credentialsInput,
  draftOfConnection,
  intervalPath,
  newConnectionDraft,
  type ConnectionDraft,
} from './connection-draft.ts';
import { DISCOVERY_KINDS } from './discovery-labels.ts';

const stored = {
  name: 'aws-prod',
  roleArn: 'arn:aws:iam::123456789012:role/MaestroReadOnly',
  externalId: 'maestro',
  regions: ['us-east-1', 'eu-west-1'],
  datacenter: { id: 'dc1', name: 'aws-prod', provider: 'AWS' as const },
  kinds: DISCOVERY_KINDS.map((kind) => ({ kind, enabled: kind !== 'CDN', intervalMinutes: kind === 'SERVERS' ? 5 : 60, nextRunAt: null })),
  enabled: true,
};

function filled(): ConnectionDraft {
  return { ...newConnectionDraft(), name: ' aws-prod ', accessKeyId: ' AKIAIOSFODNN7EXAMPLE ', secretAccessKey: 'secret-secret-secret', regions: 'us-east-1,\neu-west-1, us-east-1' };
}

describe('connection drafts', () => {
  it('starts a new connection with every kind on, at the API’s intervals', () => {
    const draft = newConnectionDraft();
    expect(draft.kinds.map((k) => k.kind)).toEqual(DISCOVERY_KINDS);
    expect(draft.kinds.every((k) => k.enabled)).toBe(true);
    expect(draft.kinds.find((k) => k.kind === 'SERVERS')?.interval).toBe('5');
    expect(draft.kinds.find((k) => k.kind === 'NETWORKS')?.interval).toBe('20160');
  });

  it('makes a create input: trimmed, regions listed once, kinds with their minutes, no empty role', () => {
    const { input, problems } = connectionCreateInput(filled());
    expect(problems).toEqual({});
    expect(input).toMatchObject({ name: 'aws-prod', provider: 'AWS', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret-secret-secret', regions: ['us-east-1', 'eu-west-1'], enabled: true });
    expect(input.kinds?.[0]).toEqual({ kind: 'SERVERS', enabled: true, intervalMinutes: 5 });
    expect(input).not.toHaveProperty('roleArn');
    expect(input).not.toHaveProperty('datacenterId');
    const withRole = connectionCreateInput({ ...filled(), roleArn: ' arn:aws:iam::123456789012:role/X ', externalId: 'ext-1', datacenterId: 'dc1', allRegions: true });
    expect(withRole.input).toMatchObject({ roleArn: 'arn:aws:iam::123456789012:role/X', externalId: 'ext-1', datacenterId: 'dc1', regions: [] });
  });

  it('names what is missing or wrong before asking', () => {
    const draft = { ...newConnectionDraft(), externalId: 'ext', kinds: newConnectionDraft().kinds.map((k) => (k.kind === 'VOLUMES' ? { ...k, interval: '1.5' } : k.kind === 'CDN' ? { ...k, interval: '' } : k)) };
    expect(connectionCreateInput(draft).problems).toEqual({
      name: 'Required',
      accessKeyId: 'Required',
      secretAccessKey: 'Required',
      externalId: 'Goes with a role ARN',
      regions: 'Name at least one region, or choose every enabled region',
      [intervalPath('VOLUMES')]: 'A whole number of minutes from 1 to 129600',
      [intervalPath('CDN')]: 'A whole number of minutes from 1 to 129600',
    });
    expect(CONNECTION_FORM_FIELDS).toContain(intervalPath('CDN'));
    expect(intervalPath('SERVERS')).toBe('kinds.0.intervalMinutes');
  });

  it('edits a stored connection without ever holding its secret', () => {
    const start = draftOfConnection(stored);
    expect(start).toMatchObject({ name: 'aws-prod', accessKeyId: '', secretAccessKey: '', regions: 'us-east-1, eu-west-1', allRegions: false, datacenterId: 'dc1' });
    expect(connectionUpdateInput(start, start)).toEqual({ input: {}, problems: {} });
    expect(draftOfConnection({ ...stored, regions: [] }).allRegions).toBe(true);
  });

  it('sends only what changed: a new secret, regions, the kinds whole, a role removed', () => {
    const start = draftOfConnection(stored);
    const kinds = start.kinds.map((k) => (k.kind === 'CDN' ? { ...k, enabled: true } : k));
    const { input, problems } = connectionUpdateInput({ ...start, secretAccessKey: 'new-secret-new-secret', allRegions: true, kinds, roleArn: '', enabled: false }, start);
    expect(problems).toEqual({});
    expect(input).toEqual({ secretAccessKey: 'new-secret-new-secret', regions: [], kinds: expect.any(Array), roleArn: '', enabled: false });
    expect(input.kinds).toHaveLength(DISCOVERY_KINDS.length);
    expect(input.kinds?.find((k) => k.kind === 'CDN')).toEqual({ kind: 'CDN', enabled: true, intervalMinutes: 60 });
    const renamed = connectionUpdateInput({ ...start, name: 'aws-live', externalId: 'other', datacenterId: 'dc2' }, start);
    expect(renamed.input).toEqual({ name: 'aws-live', externalId: 'other', datacenterId: 'dc2' });
  });

  it('tests what the form holds: both keys on a create; on an edit, what is empty stands for the stored', () => {
    const fresh = { ...newConnectionDraft(), accessKeyId: ' AKIAEXAMPLEEXAMPLE ', secretAccessKey: 'secret-secret-secret', roleArn: 'arn:aws:iam::123456789012:role/R', externalId: 'x-1' };
    expect(credentialsInput(fresh, false)).toEqual({
      input: { accessKeyId: 'AKIAEXAMPLEEXAMPLE', secretAccessKey: 'secret-secret-secret', roleArn: 'arn:aws:iam::123456789012:role/R', externalId: 'x-1' },
      problems: {},
    });
    expect(credentialsInput(newConnectionDraft(), false).problems).toEqual({ accessKeyId: 'Required', secretAccessKey: 'Required' });
    const start = draftOfConnection(stored);
    expect(credentialsInput({ ...start, roleArn: '' }, true)).toEqual({ input: { roleArn: '' }, problems: {} });
    expect(credentialsInput({ ...start, roleArn: '', externalId: 'lonely' }, true)).toEqual({ input: { roleArn: '' }, problems: {} });
  });
});
