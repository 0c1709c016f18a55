import { Link } from 'react-router';
import type { DatacenterSummaryFragment } from '../../../gql/graphql.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { PrincipalName } from '../../access/components/principal-name.tsx';
import { RoleBadge } from '../../access/components/role-badge.tsx';
import { PROVIDER_LABELS } from '../providers.ts';
import { Chips } from './chips.tsx';

export function DatacenterTable({ datacenters, labelledBy }: { datacenters: readonly DatacenterSummaryFragment[]; labelledBy: string }) {
  return (
    <div className="table-scroll">
      <table className="table" aria-labelledby={labelledBy} data-testid="datacenters-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Provider</th>
            <th scope="col">Regions</th>
            <th scope="col">Zones</th>
            <th scope="col">Tags</th>
            <th scope="col">Owner</th>
            <th scope="col">Your role</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {datacenters.map((datacenter) => (
            <tr key={datacenter.id} data-testid="datacenter-row">
              <th scope="row" className="table__name">
                <Link to={`/datacenters/${encodeURIComponent(datacenter.id)}`}>{datacenter.name}</Link>
                {datacenter.active ? null : <span className="badge badge--deleted">Deleted</span>}
              </th>
              <td>{PROVIDER_LABELS[datacenter.provider]}</td>
              <td>
                <Chips items={datacenter.regions} />
              </td>
              <td>
                <Chips items={datacenter.zones} />
              </td>
              <td>
                <Chips items={datacenter.tags} />
              </td>
              <td>
                <PrincipalName principal={datacenter.owner} compact />
              </td>
              <td>
                <RoleBadge role={datacenter.myRole} />
              </td>
              <td className="table__nowrap">{formatDateTime(datacenter.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
