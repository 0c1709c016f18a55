import type { DatacenterDetailFragment } from '../../../gql/graphql.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { PrincipalName } from '../../access/components/principal-name.tsx';
import { PROVIDER_LABELS } from '../providers.ts';
import { Chips } from './chips.tsx';

export function DatacenterDetails({ datacenter }: { datacenter: DatacenterDetailFragment }) {
  return (
    <section className="panel" aria-labelledby="datacenter-details-title">
      <header className="panel__header">
        <h2 id="datacenter-details-title" className="panel__title">
          Details
        </h2>
      </header>
      <dl className="details panel__body">
        <div>
          <dt>Provider</dt>
          <dd>{PROVIDER_LABELS[datacenter.provider]}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>
            <PrincipalName principal={datacenter.owner} />
          </dd>
        </div>
        <div>
          <dt>Regions</dt>
          <dd>
            <Chips items={datacenter.regions} />
          </dd>
        </div>
        <div>
          <dt>Zones</dt>
          <dd>
            <Chips items={datacenter.zones} />
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            <Chips items={datacenter.tags} />
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>{datacenter.active ? 'Active' : 'Deleted'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(datacenter.createdAt)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(datacenter.updatedAt)}</dd>
        </div>
      </dl>
    </section>
  );
}
