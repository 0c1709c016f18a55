import type { NodeRefFragment } from '../../../gql/graphql.ts';
import { LockIcon } from '../../../shared/components/lock-icon.tsx';
import { ROLE_LABELS } from '../../access/roles.ts';
import { NodeLink } from '../../inventory/components/node-link.tsx';
import { inventoryType } from '../../inventory/inventory-types.ts';
import type { DiffRow } from '../change-format.ts';
import { decodeGlobalId } from '../global-ids.ts';

export interface DiffContext {
  /** Items that relation rows name; null when the reader cannot see one. */
  nodes: ReadonlyMap<string, NodeRefFragment | null>;
  /** Names of users and teams by global id ("you" for the reader). */
  principals: ReadonlyMap<string, string>;
  /** A creation: values are shown as set, without a "before". */
  created: boolean;
}

function Empty() {
  return <span className="muted">none</span>;
}

function Arrow() {
  return (
    <>
      <span className="diff__arrow" aria-hidden="true">
        →
      </span>
      <span className="visually-hidden"> changed to </span>
    </>
  );
}

function ListItems({ items, marked, mark }: { items: readonly string[]; marked: readonly string[]; mark: 'added' | 'removed' }) {
  if (items.length === 0) return <Empty />;
  const set = new Set(marked);
  return (
    <ul className="chips diff__chips">
      {items.map((item) => (
        <li key={item} className={`chip${set.has(item) ? ` chip--${mark}` : ''}`}>
          {item}
          {set.has(item) ? <span className="visually-hidden"> ({mark})</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The other end of a relation: linked by name when the reader can see it, else its type. */
function OtherItem({ id, nodes }: { id: string | null; nodes: DiffContext['nodes'] }) {
  if (id === null) {
    return (
      <span className="node-link" data-testid="hidden-item">
        <span className="muted">an item you cannot see</span>
      </span>
    );
  }
  const node = nodes.get(id);
  if (node) return <NodeLink node={node} detail={false} />;
  const type = decodeGlobalId(id)?.type;
  const label = (type ? inventoryType(type)?.label : undefined) ?? type ?? 'Item';
  return (
    <span className="node-link">
      <span className="node-link__type">{label}</span>
      <span className="muted">{node === null ? 'that you cannot see' : '…'}</span>
    </span>
  );
}

function principalName(principal: { type: 'User' | 'Team'; id: string }, names: DiffContext['principals']): string {
  const name = names.get(principal.id);
  if (principal.type === 'Team') return name ? `team ${name}` : 'a team';
  return name ?? 'a user';
}

/** One field of a change: its label, then before → after (or the value set, for a creation). */
export function DiffRowView({ row, context }: { row: DiffRow; context: DiffContext }) {
  switch (row.kind) {
    case 'value':
      return (
        <div className="diff__row" data-testid="diff-row" data-path={row.path}>
          <dt>{row.label}</dt>
          <dd>
            {context.created ? null : (
              <>
                <span className="diff__before" data-testid="diff-before">
                  <span className="visually-hidden">from </span>
                  {row.before ?? <Empty />}
                </span>
                <Arrow />
              </>
            )}
            <span className="diff__after" data-testid="diff-after">
              {row.after ?? <Empty />}
            </span>
          </dd>
        </div>
      );
    case 'list':
      return (
        <div className="diff__row" data-testid="diff-row" data-path={row.path}>
          <dt>{row.label}</dt>
          <dd>
            {context.created ? null : (
              <>
                <span className="diff__before" data-testid="diff-before">
                  <ListItems items={row.before} marked={row.removed} mark="removed" />
                </span>
                <Arrow />
              </>
            )}
            <span className="diff__after" data-testid="diff-after">
              <ListItems items={row.after} marked={context.created ? [] : row.added} mark="added" />
            </span>
          </dd>
        </div>
      );
    case 'relation':
      return (
        <div className="diff__row" data-testid="diff-row" data-path={row.path} data-linked={row.linked ? 'true' : 'false'}>
          <dt title={row.relationKind}>{row.label}</dt>
          <dd>
            <span className={`diff__verb diff__verb--${row.linked ? 'linked' : 'unlinked'}`}>{row.linked ? 'Linked' : 'Unlinked'}</span>
            <span className="diff__arrow" aria-hidden="true">
              →
            </span>
            <OtherItem id={row.otherId} nodes={context.nodes} />
          </dd>
        </div>
      );
    case 'locks':
      return (
        <div className="diff__row" data-testid="diff-row" data-path="locks">
          <dt>Locks</dt>
          <dd data-testid="diff-locks">
            <LockIcon open={row.locked.length === 0} /> {row.text}
          </dd>
        </div>
      );
    case 'access': {
      const who = principalName(row.principal, context.principals);
      return (
        <div className="diff__row" data-testid="diff-row" data-path="access">
          <dt>Access</dt>
          <dd>
            {row.before === null && row.after !== null ? (
              <>
                <span className="diff__verb diff__verb--linked">Granted</span> {ROLE_LABELS[row.after]} to {who}
              </>
            ) : row.after === null && row.before !== null ? (
              <>
                <span className="diff__verb diff__verb--unlinked">Revoked</span> {ROLE_LABELS[row.before]} from {who}
              </>
            ) : (
              <>
                {who}: <span className="diff__before">{row.before ? ROLE_LABELS[row.before] : null}</span>
                <Arrow />
                <span className="diff__after">{row.after ? ROLE_LABELS[row.after] : null}</span>
              </>
            )}
          </dd>
        </div>
      );
    }
  }
}
