import { useId } from 'react';
import type { FilterDef, InventoryTypeDef } from '../inventory-model.ts';
import type { ListState } from '../list-query.ts';

export interface ListFiltersProps {
  def: InventoryTypeDef;
  values: ListState;
  onChange(values: ListState): void;
}

function FilterControl({ filter, id, value, onChange }: { filter: FilterDef; id: string; value: string; onChange(value: string): void }) {
  const common = { id, 'data-testid': `filter-${filter.field}` };
  switch (filter.kind) {
    case 'contains':
      return <input {...common} className="input" type="search" value={value} onChange={(event) => onChange(event.target.value)} />;
    case 'enum':
      return (
        <select {...common} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Any</option>
          {filter.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <select {...common} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">Any</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      );
  }
}

/** The type's filters, a tag, and "show deleted ones instead". */
export function ListFilters({ def, values, onChange }: ListFiltersProps) {
  const id = useId();
  const set = (patch: Partial<ListState>) => onChange({ ...values, ...patch });
  return (
    <div className="filters" role="group" aria-label="Filters">
      {def.filters.map((filter, index) => (
        <div key={filter.field} className={`filters__item${index === 0 ? ' filters__item--grow' : ''}`}>
          <label htmlFor={`${id}-${filter.field}`} className="field__label">
            {filter.label}
          </label>
          <FilterControl
            filter={filter}
            id={`${id}-${filter.field}`}
            value={values.filters[filter.field] ?? ''}
            onChange={(value) => set({ filters: { ...values.filters, [filter.field]: value } })}
          />
        </div>
      ))}
      <div className="filters__item">
        <label htmlFor={`${id}-tag`} className="field__label">
          Tag
        </label>
        <input id={`${id}-tag`} className="input" type="search" value={values.tag} data-testid="filter-tag" onChange={(event) => set({ tag: event.target.value })} />
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
