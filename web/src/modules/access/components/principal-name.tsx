import { Link } from 'react-router';
import type { PrincipalViewFragment } from '../../../gql/graphql.ts';

export interface PrincipalNameProps {
  principal: PrincipalViewFragment | null;
  /** Link a team to its page. */
  link?: boolean;
  /** Leave the e-mail out (it stays in the tooltip), for tables. */
  compact?: boolean;
}

/** A user (name and e-mail) or a team (name, linked), or a note when it no longer exists. */
export function PrincipalName({ principal, link = true, compact = false }: PrincipalNameProps) {
  if (!principal) return <span className="muted">Deleted user or team</span>;
  if (principal.__typename === 'Team') {
    return (
      <span className="principal">
        <span className="principal__kind">Team</span>
        {link ? <Link to={`/teams/${encodeURIComponent(principal.id)}`}>{principal.name}</Link> : <span>{principal.name}</span>}
      </span>
    );
  }
  return (
    <span className="principal">
      <span className="principal__kind">User</span>
      <span title={compact && principal.email ? principal.email : undefined}>
        {principal.name}
        {principal.email && !compact ? <span className="principal__email"> · {principal.email}</span> : null}
      </span>
    </span>
  );
}
