import { useId } from 'react';
import type { Provider } from '../../../gql/graphql.ts';
import { PROVIDER_LABELS, PROVIDERS, isProvider } from '../providers.ts';

export interface DatacenterFilterValues {
  name: string;
  provider: Provider | null;
  tag: string;
  deleted: boolean;
}

export const EMPTY_FILTERS: DatacenterFilterValues = { name: '', provider: null, tag: '', deleted: false };

export interface DatacenterFiltersProps {
  values: DatacenterFilterValues;
  onChange(values: DatacenterFilterValues): void;
}

export function DatacenterFilters({ values, onChange }: DatacenterFiltersProps) {
  const id = useId();
  const set = (patch: Partial<DatacenterFilterValues>) => onChange({ ...values, ...patch });
  return (
    <div className="filters" role="group" aria-label="Filters">
      <div className="filters__item filters__item--grow">
        <label htmlFor={`${id}-name`} className="field__label">
          Name contains
        </label>
        <input
          id={`${id}-name`}
          className="input"
          type="search"
          value={values.name}
          data-testid="filter-name"
          onChange={(event) => set({ name: event.target.value })}
        />
      </div>
      <div className="filters__item">
        <label htmlFor={`${id}-provider`} className="field__label">
          Provider
        </label>
        <select
          id={`${id}-provider`}
          className="select"
          value={values.provider ?? ''}
          data-testid="filter-provider"
          onChange={(event) => set({ provider: isProvider(event.target.value) ? event.target.value : null })}
        >
          <option value="">Any</option>
          {PROVIDERS.map((provider) => (
            <option key={provider} value={provider}>
              {PROVIDER_LABELS[provider]}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__item">
        <label htmlFor={`${id}-tag`} className="field__label">
          Tag
        </label>
        <input
          id={`${id}-tag`}
          className="input"
          type="search"
          value={values.tag}
          onChange={(event) => set({ tag: event.target.value })}
        />
      </div>
      <div className="filters__item filters__item--check">
        <input
          id={`${id}-deleted`}
          type="checkbox"
          className="checkbox"
          checked={values.deleted}
          data-testid="filter-deleted"
          onChange={(event) => set({ deleted: event.target.checked })}
        />
        <label htmlFor={`${id}-deleted`}>Show deleted ones instead</label>
      </div>
    </div>
  );
}
