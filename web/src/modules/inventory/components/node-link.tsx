import { Link } from 'react-router';
import type { NodeRefFragment } from '../../../gql/graphql.ts';
import { inventoryType, itemPath } from '../inventory-types.ts';
import { nodeDetail, nodeLabel } from '../item-values.ts';

/** A related item: its type, its name linked to its page, and a few words about it. */
export function NodeLink({ node, detail = true }: { node: NodeRefFragment; detail?: boolean }) {
  const def = inventoryType(node.__typename);
  const label = nodeLabel(node);
  const words = detail ? nodeDetail(node) : '';
  return (
    <span className="node-link">
      <span className="node-link__type">{def?.label ?? node.__typename}</span>
      {def ? (
        <Link to={itemPath(def, node.id)} className="node-link__name">
          {label}
        </Link>
      ) : (
        <span className="node-link__name">{label}</span>
      )}
      {words ? <span className="node-link__detail">{words}</span> : null}
    </span>
  );
}
