import { useMutation } from 'urql';
import { RevokeAccessDocument, GrantAccessDocument, type AccessGrantViewFragment, type Role } from '../../../gql/graphql.ts';
import { ConfirmButton } from '../../../shared/forms/confirm-button.tsx';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { ENTITY_ROLE_HINTS, roleAtLeast } from '../roles.ts';
import { GrantAccessForm } from './grant-access-form.tsx';
import { PrincipalName } from './principal-name.tsx';
import { RoleBadge } from './role-badge.tsx';
import { RoleSelect } from './role-select.tsx';

export interface AccessPanelProps {
  entityId: string;
  /** "datacenter", for sentences. */
  entityKind: string;
  access: readonly AccessGrantViewFragment[];
  myRole: Role | null;
}

function principalLabel(grant: AccessGrantViewFragment): string {
  return grant.principal ? `${grant.principal.__typename === 'Team' ? 'team ' : ''}${grant.principal.name}` : 'deleted principal';
}

/**
 * Who holds which role on an entity. Its admins change roles, revoke them and
 * grant new ones to a user (by e-mail) or to one of their teams.
 */
export function AccessPanel({ entityId, entityKind, access, myRole }: AccessPanelProps) {
  const isAdmin = roleAtLeast(myRole, 'ADMIN');
  const [changeResult, grantAccess] = useMutation(GrantAccessDocument);
  const [revokeResult, revokeAccess] = useMutation(RevokeAccessDocument);
  const actionError = readActionError(changeResult.error) ?? readActionError(revokeResult.error);
  const busy = changeResult.fetching || revokeResult.fetching;

  function changeRole(principalId: string, role: Role) {
    void grantAccess({ input: { entityId, principalId, role } });
  }

  function revoke(principalId: string) {
    void revokeAccess({ input: { entityId, principalId } });
  }

  return (
    <section className="panel" aria-labelledby="access-title" aria-busy={busy} data-testid="access-panel">
      <header className="panel__header">
        <div>
          <h2 id="access-title" className="panel__title">
            Access
          </h2>
          <p className="panel__subtitle">
            Read {ENTITY_ROLE_HINTS.READ}; write {ENTITY_ROLE_HINTS.WRITE}; admin {ENTITY_ROLE_HINTS.ADMIN}. A role granted
            to a team reaches its members (read-only members only read).
          </p>
        </div>
        <span className="panel__meta">{access.length === 1 ? '1 grant' : `${access.length} grants`}</span>
      </header>
      {actionError ? (
        <div className="panel__body">
          <FormAlert testId="access-error">{actionError}</FormAlert>
        </div>
      ) : null}
      <table className="table" data-testid="access-table" aria-labelledby="access-title">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">Role</th>
            <th scope="col">Granted</th>
            {isAdmin ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {access.map((grant, index) => {
            const principal = grant.principal;
            return (
              <tr
                key={principal?.id ?? `gone-${index}`}
                data-testid="access-row"
                data-principal={principal?.__typename ?? 'none'}
                data-name={principal?.name ?? ''}
                data-role={grant.role}
              >
                <th scope="row">
                  <PrincipalName principal={principal} />
                </th>
                <td>
                  {isAdmin && principal ? (
                    <RoleSelect
                      value={grant.role}
                      aria-label={`Role of ${principalLabel(grant)}`}
                      disabled={busy}
                      onChange={(role) => changeRole(principal.id, role)}
                    />
                  ) : (
                    <RoleBadge role={grant.role} />
                  )}
                </td>
                <td className="table__nowrap">{formatDateTime(grant.grantedAt)}</td>
                {isAdmin ? (
                  <td className="table__actions">
                    {principal ? (
                      <ConfirmButton
                        question={`Revoke the role of ${principalLabel(grant)}?`}
                        confirmLabel="Revoke"
                        disabled={busy}
                        onConfirm={() => revoke(principal.id)}
                        testId="revoke-access"
                      >
                        Revoke
                      </ConfirmButton>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {isAdmin ? (
        <GrantAccessForm entityId={entityId} />
      ) : (
        <p className="panel__footnote">Only admins of this {entityKind} can change who has access.</p>
      )}
    </section>
  );
}
