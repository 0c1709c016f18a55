import { Link } from 'react-router';
import type { ConnectionDetailFragment } from '../../../gql/graphql.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { PrincipalName } from '../../access/components/principal-name.tsx';
import { inventoryType, itemPath } from '../../inventory/inventory-types.ts';
import { DISCOVERY_KINDS, KIND_HINTS, KIND_LABELS, formatInterval, formatRegions } from '../discovery-labels.ts';

const DATACENTER = inventoryType('Datacenter');

/** A connection's settings as they are stored: the secret only as "stored". */
export function ConnectionSettings({ connection }: { connection: ConnectionDetailFragment }) {
  const settings = new Map(connection.kinds.map((setting) => [setting.kind, setting]));
  return (
    <section className="panel" aria-labelledby="connection-settings-title" data-testid="connection-settings">
      <header className="panel__header">
        <h2 id="connection-settings-title" className="panel__title">
          Settings
        </h2>
        <span className="panel__meta">Revision {connection.revision}</span>
      </header>
      <dl className="details panel__body">
        <div>
          <dt>Provider</dt>
          <dd>Amazon Web Services</dd>
        </div>
        <div>
          <dt>Access key id</dt>
          <dd>
            <code>{connection.accessKeyIdHint}</code>
          </dd>
        </div>
        <div>
          <dt>Secret access key</dt>
          <dd data-testid="connection-secret-state">{connection.hasSecret ? 'Stored encrypted, never shown' : 'None'}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd className="value--break">{connection.roleArn ?? <span className="muted">None: the keys’ own account</span>}</dd>
        </div>
        {connection.roleArn ? (
          <div>
            <dt>External id</dt>
            <dd className="value--break">{connection.externalId ?? <span className="muted">None</span>}</dd>
          </div>
        ) : null}
        <div>
          <dt>Regions</dt>
          <dd data-testid="connection-regions-value">{formatRegions(connection.regions)}</dd>
        </div>
        <div>
          <dt>Datacenter</dt>
          <dd>
            {connection.datacenter && DATACENTER ? (
              <Link to={itemPath(DATACENTER, connection.datacenter.id)}>{connection.datacenter.name}</Link>
            ) : (
              <span className="muted">Not one you can see</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Discovery</dt>
          <dd data-testid="connection-enabled-value">{connection.enabled ? 'Enabled' : 'Paused'}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>
            <PrincipalName principal={connection.owner ?? null} />
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(connection.createdAt)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(connection.updatedAt)}</dd>
        </div>
      </dl>
      <div className="panel__body panel__body--divided">
        <h3 className="details__title" id="connection-kinds-title">
          What it discovers
        </h3>
        <table className="table table--compact" aria-labelledby="connection-kinds-title">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">At the provider</th>
              <th scope="col">Discovered</th>
              <th scope="col">Every</th>
              <th scope="col">Next run</th>
            </tr>
          </thead>
          <tbody>
            {DISCOVERY_KINDS.map((kind) => {
              const setting = settings.get(kind);
              const on = setting?.enabled ?? false;
              return (
                <tr key={kind} data-testid="connection-kind" data-kind={kind} data-enabled={on ? 'true' : 'false'}>
                  <th scope="row">{KIND_LABELS[kind]}</th>
                  <td className="muted">{KIND_HINTS[kind]}</td>
                  <td>{on ? 'Yes' : <span className="muted">No</span>}</td>
                  <td>{setting ? formatInterval(setting.intervalMinutes) : '—'}</td>
                  <td data-testid="connection-kind-next">
                    {setting?.nextRunAt ? formatDateTime(setting.nextRunAt) : <span className="muted">{connection.enabled ? 'Not scheduled' : 'Paused'}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
