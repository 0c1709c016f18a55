import type { ConnectionCredentialsInput, ConnectionDetailFragment, ConnectionKindInput, CreateConnectionInput, DiscoveryKind, UpdateConnectionInput } from '../../gql/graphql.ts';
import { parseList } from '../../shared/format.ts';
import { DEFAULT_INTERVAL_MINUTES, DISCOVERY_KINDS, MAX_INTERVAL_MINUTES } from './discovery-labels.ts';

/**
 * A connection's form as the user types it, and the API input made from
 * it. The secret access key is write-only: the form never holds the stored
 * one, and on an edit an empty box keeps it (as an empty access key id box
 * keeps the stored key id, which the API shows only by its hint).
 */

export interface KindDraft {
  kind: DiscoveryKind;
  enabled: boolean;
  /** Minutes, as typed. */
  interval: string;
}

export interface ConnectionDraft {
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  roleArn: string;
  externalId: string;
  /** Every region enabled in the account, rather than those listed. */
  allRegions: boolean;
  /** Regions as typed: separated by commas or new lines. */
  regions: string;
  /** The Datacenter to fill; "" on a create: one named after the connection, found or created. */
  datacenterId: string;
  kinds: readonly KindDraft[];
  enabled: boolean;
}

export interface DraftResult<TInput> {
  input: TInput;
  /** What the form can tell before asking the API, by field: `name`, `regions`, `kinds.2.intervalMinutes`. */
  problems: Record<string, string>;
}

/** The form's fields, as API errors name them after `input.` (the kinds by their place in DISCOVERY_KINDS). */
export const CONNECTION_FORM_FIELDS: readonly string[] = [
  'name',
  'accessKeyId',
  'secretAccessKey',
  'roleArn',
  'externalId',
  'regions',
  'datacenterId',
  'enabled',
  ...DISCOVERY_KINDS.map((_, index) => `kinds.${index}.intervalMinutes`),
  'kinds',
];

/** The error path of a kind's interval. */
export function intervalPath(kind: DiscoveryKind): string {
  return `kinds.${DISCOVERY_KINDS.indexOf(kind)}.intervalMinutes`;
}

export function newConnectionDraft(): ConnectionDraft {
  return {
    name: '',
    accessKeyId: '',
    secretAccessKey: '',
    roleArn: '',
    externalId: '',
    allRegions: false,
    regions: '',
    datacenterId: '',
    kinds: DISCOVERY_KINDS.map((kind) => ({ kind, enabled: true, interval: String(DEFAULT_INTERVAL_MINUTES[kind]) })),
    enabled: true,
  };
}

/** The form of a stored connection: its settings, with the key id and secret boxes empty (kept unless typed). */
export function draftOfConnection(connection: Pick<ConnectionDetailFragment, 'name' | 'roleArn' | 'externalId' | 'regions' | 'datacenter' | 'kinds' | 'enabled'>): ConnectionDraft {
  const stored = new Map(connection.kinds.map((setting) => [setting.kind, setting]));
  return {
    name: connection.name,
    accessKeyId: '',
    secretAccessKey: '',
    roleArn: connection.roleArn ?? '',
    externalId: connection.externalId ?? '',
    allRegions: connection.regions.length === 0,
    regions: connection.regions.join(', '),
    datacenterId: connection.datacenter?.id ?? '',
    kinds: DISCOVERY_KINDS.map((kind) => {
      const setting = stored.get(kind);
      return { kind, enabled: setting?.enabled ?? true, interval: String(setting?.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES[kind]) };
    }),
    enabled: connection.enabled,
  };
}

function regionsOf(draft: ConnectionDraft, problems: Record<string, string>): string[] {
  if (draft.allRegions) return [];
  const regions = parseList(draft.regions);
  if (regions.length === 0) problems.regions = 'Name at least one region, or choose every enabled region';
  return regions;
}

function kindsOf(draft: ConnectionDraft, problems: Record<string, string>): ConnectionKindInput[] {
  return draft.kinds.map((setting) => {
    const text = setting.interval.trim();
    const minutes = Number(text);
    if (text === '' || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_INTERVAL_MINUTES) {
      problems[intervalPath(setting.kind)] = `A whole number of minutes from 1 to ${MAX_INTERVAL_MINUTES}`;
    }
    return { kind: setting.kind, enabled: setting.enabled, intervalMinutes: Number.isInteger(minutes) ? minutes : null };
  });
}

function checkRole(draft: ConnectionDraft, problems: Record<string, string>): void {
  if (draft.externalId.trim() !== '' && draft.roleArn.trim() === '') problems.externalId = 'Goes with a role ARN';
}

/** A new connection: every field but the role and the datacenter is needed. */
export function connectionCreateInput(draft: ConnectionDraft): DraftResult<CreateConnectionInput> {
  const problems: Record<string, string> = {};
  const name = draft.name.trim();
  if (!name) problems.name = 'Required';
  const accessKeyId = draft.accessKeyId.trim();
  if (!accessKeyId) problems.accessKeyId = 'Required';
  if (!draft.secretAccessKey) problems.secretAccessKey = 'Required';
  checkRole(draft, problems);
  const input: CreateConnectionInput = {
    name,
    provider: 'AWS',
    accessKeyId,
    secretAccessKey: draft.secretAccessKey,
    regions: regionsOf(draft, problems),
    kinds: kindsOf(draft, problems),
    enabled: draft.enabled,
  };
  if (draft.roleArn.trim()) input.roleArn = draft.roleArn.trim();
  if (draft.roleArn.trim() && draft.externalId.trim()) input.externalId = draft.externalId.trim();
  if (draft.datacenterId) input.datacenterId = draft.datacenterId;
  return { input, problems };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

/**
 * What an edit changes, field by field, against the form's starting point:
 * an empty key id or secret keeps the stored one; an emptied role ARN
 * removes the role and its external id; the kinds are sent whole when
 * any of them changed.
 */
export function connectionUpdateInput(draft: ConnectionDraft, start: ConnectionDraft): DraftResult<UpdateConnectionInput> {
  const problems: Record<string, string> = {};
  const input: UpdateConnectionInput = {};
  const name = draft.name.trim();
  if (!name) problems.name = 'Required';
  else if (name !== start.name.trim()) input.name = name;
  if (draft.accessKeyId.trim()) input.accessKeyId = draft.accessKeyId.trim();
  if (draft.secretAccessKey) input.secretAccessKey = draft.secretAccessKey;
  // Without a role the external id goes too, whatever its box still says.
  const roleArn = draft.roleArn.trim();
  if (roleArn !== start.roleArn.trim()) input.roleArn = roleArn;
  const externalId = roleArn ? draft.externalId.trim() : '';
  if (externalId !== start.externalId.trim() && roleArn) input.externalId = externalId;
  const regions = regionsOf(draft, problems);
  const startRegions = start.allRegions ? [] : parseList(start.regions);
  if (!sameList(regions, startRegions)) input.regions = regions;
  if (draft.datacenterId && draft.datacenterId !== start.datacenterId) input.datacenterId = draft.datacenterId;
  const kinds = kindsOf(draft, problems);
  const changed = draft.kinds.some((setting, index) => {
    const before = start.kinds[index];
    return !before || before.enabled !== setting.enabled || before.interval.trim() !== setting.interval.trim();
  });
  if (changed) input.kinds = kinds;
  if (draft.enabled !== start.enabled) input.enabled = draft.enabled;
  return { input, problems };
}

/**
 * The credentials the form holds, to test before saving. On a create both
 * keys are needed; on an edit an empty key id or secret stands for the
 * stored one (the API fills it in), and the role is the form's: emptied, no
 * role (and no external id).
 */
export function credentialsInput(draft: ConnectionDraft, editing: boolean): DraftResult<ConnectionCredentialsInput> {
  const problems: Record<string, string> = {};
  const input: ConnectionCredentialsInput = {};
  const accessKeyId = draft.accessKeyId.trim();
  if (accessKeyId) input.accessKeyId = accessKeyId;
  else if (!editing) problems.accessKeyId = 'Required';
  if (draft.secretAccessKey) input.secretAccessKey = draft.secretAccessKey;
  else if (!editing) problems.secretAccessKey = 'Required';
  // Without a role the external id box is off, whatever it still holds.
  const roleArn = draft.roleArn.trim();
  input.roleArn = roleArn;
  if (roleArn && draft.externalId.trim()) input.externalId = draft.externalId.trim();
  return { input, problems };
}
