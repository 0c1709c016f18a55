import type {
  BooleanField,
  EnumField,
  EnumOption,
  FieldDef,
  FilterDef,
  GroupField,
  ListField,
  NumberField,
  RowsField,
  ScalarField,
  TextField,
} from './inventory-model.ts';

/** Short ways to write the declarations of inventory-types.ts. */

type Options<T> = Omit<T, 'kind' | 'name' | 'label'>;

export const text = (name: string, label: string, options: Options<TextField> = {}): TextField => ({ kind: 'text', name, label, maxLength: 200, ...options });
export const number = (name: string, label: string, options: Options<NumberField> = {}): NumberField => ({ kind: 'number', name, label, ...options });
export const choice = (name: string, label: string, options: readonly EnumOption[], rest: Omit<Options<EnumField>, 'options'> = {}): EnumField => ({
  kind: 'enum',
  name,
  label,
  options,
  ...rest,
});
export const yesNo = (name: string, label: string, options: Options<BooleanField> = {}): BooleanField => ({ kind: 'boolean', name, label, ...options });
export const list = (name: string, label: string, options: Options<ListField> = {}): ListField => ({ kind: 'list', name, label, ...options });
export const group = (name: string, label: string, fields: readonly ScalarField[], options: Omit<Options<GroupField>, 'fields'> = {}): GroupField => ({
  kind: 'group',
  name,
  label,
  fields,
  wide: true,
  ...options,
});
export const rows = (name: string, label: string, itemLabel: string, fields: readonly ScalarField[], options: Omit<Options<RowsField>, 'fields' | 'itemLabel'> = {}): RowsField => ({
  kind: 'rows',
  name,
  label,
  itemLabel,
  fields,
  wide: true,
  ...options,
});

/** Fields shown together under one heading on the form and the details ("At the provider"). */
export const inSection = (section: string, fields: readonly ScalarField[]): ScalarField[] => fields.map((field) => ({ ...field, section }));

/** The fields every type has at the end of its form. */
export const tagsField = (): ListField => list('tags', 'Tags', { placeholder: 'production, team-a', wide: true });
export const descriptionField = (): TextField => text('description', 'Description', { maxLength: 2000, multiline: true, wide: true });
export const providerIdField = (): TextField => text('providerId', 'Provider id', { hint: 'The id the provider gives it (e.g. vol-0abc…).' });
/** How to reach and run it: the spec object of applications, databases and resources. */
export const specField = (): FieldDef =>
  group('spec', 'Spec', [
    text('endpoint', 'Endpoint', { maxLength: 500, placeholder: 'https://shop.example.com' }),
    list('ports', 'Ports', { placeholder: '443, 8080' }),
    text('healthCheck', 'Health check', { maxLength: 500, placeholder: '/healthz' }),
    list('commands', 'Commands', { placeholder: 'npm start' }),
  ]);

export const contains = (field: string, label: string): FilterDef => ({ kind: 'contains', field, label });
export const oneOf = (field: string, label: string, options: readonly EnumOption[]): FilterDef => ({ kind: 'enum', field, label, options });
export const isTrue = (field: string, label: string): FilterDef => ({ kind: 'boolean', field, label });
