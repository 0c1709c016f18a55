import { Link } from 'react-router';
import type { SortDirection } from '../../../gql/graphql.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { PrincipalName } from '../../access/components/principal-name.tsx';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import type { InventoryRecord, InventoryTypeDef } from '../inventory-model.ts';
import { itemPath } from '../inventory-types.ts';
import { fieldAt, itemName, valueAt } from '../item-values.ts';
import { NAME_SORT, type ColumnDef } from '../list-columns.ts';
import { ValueView } from './value-view.tsx';

export interface ItemTableProps {
  def: InventoryTypeDef;
  items: readonly InventoryRecord[];
  columns: readonly ColumnDef[];
  sort: string;
  direction: SortDirection;
  onSort(sort: string): void;
  labelledBy: string;
}

function SortableHeader({ label, sort, current, direction, onSort }: { label: string; sort: string | undefined; current: string; direction: SortDirection; onSort(sort: string): void }) {
  if (!sort) return <th scope="col">{label}</th>;
  const active = current === sort;
  const state = active ? (direction === 'ASC' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={state}>
      <button type="button" className={`sort-button${active ? ' sort-button--active' : ''}`} onClick={() => onSort(sort)} data-testid={`sort-${sort}`}>
        {label}
        <span className="sort-button__icon" aria-hidden="true">
          {active ? (direction === 'ASC' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function Cell({ column, item }: { column: ColumnDef; item: InventoryRecord }) {
  switch (column.content.kind) {
    case 'owner':
      return <PrincipalName principal={item.owner} compact />;
    case 'role':
      return <RoleBadge role={item.myRole} />;
    case 'date': {
      const value = valueAt(item, column.id);
      return <span className="table__nowrap">{formatDateTime(typeof value === 'string' ? value : null)}</span>;
    }
    case 'field':
      return <ValueView field={column.content.field} value={valueAt(item, column.id)} />;
  }
}

function cellClass(column: ColumnDef): string | undefined {
  if (column.content.kind !== 'field') return undefined;
  const field = column.content.field;
  if (field.kind === 'text' && field.multiline) return 'table__clip';
  return field.kind === 'number' || field.kind === 'enum' || field.kind === 'boolean' ? 'table__nowrap' : undefined;
}

/** A page of items with the chosen columns; sortable headers ask the API for another order. */
export function ItemTable({ def, items, columns, sort, direction, onSort, labelledBy }: ItemTableProps) {
  const nameLabel = fieldAt(def, def.nameField)?.label ?? 'Name';
  return (
    <div className="table-scroll">
      <table className="table" aria-labelledby={labelledBy} data-testid={`${def.route}-table`}>
        <thead>
          <tr>
            <SortableHeader label={nameLabel} sort={NAME_SORT} current={sort} direction={direction} onSort={onSort} />
            {columns.map((column) => (
              <SortableHeader key={column.id} label={column.label} sort={column.sort} current={sort} direction={direction} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-testid={`${def.testId}-row`}>
              <th scope="row" className="table__name">
                <Link to={itemPath(def, item.id)}>{itemName(def, item)}</Link>
                {item.active ? null : <span className="badge badge--deleted">Deleted</span>}
              </th>
              {columns.map((column) => (
                <td key={column.id} className={cellClass(column)}>
                  <Cell column={column} item={item} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
