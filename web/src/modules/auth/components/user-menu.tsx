import { useCallback, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import type { NavigationNotes } from '../../../app/location-state.ts';
import { useSession, useSessionServices } from '../../../app/session/session-context.ts';
import { LogoutDocument } from '../../../gql/graphql.ts';
import { useDismiss } from '../../../shared/hooks/use-dismiss.ts';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[parts.length - 1]?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/** The signed-in user's name in the header, opening links to the profile and "Log out". */
export function UserMenu() {
  const { user } = useSession();
  const { store } = useSessionServices();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [, logout] = useMutation(LogoutDocument);
  const rootRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(rootRef, open, close);

  const name = user?.name ?? 'Account';

  async function signOut() {
    setOpen(false);
    // Ends every session of the user on the API; the local session goes whatever the answer.
    await logout({});
    store.clear('logout');
    // On a protected page the guard sends the visitor to sign in (and back afterwards); elsewhere, go there now.
    const notes: NavigationNotes = { signedOut: true };
    navigate('/login', { replace: true, state: notes });
  }

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="user-menu-button"
        onClick={() => setOpen((value) => !value)}
      >
        <span className="user-menu__avatar" aria-hidden="true">
          {initials(name)}
        </span>
        <span className="user-menu__name" data-testid="user-name">
          {name}
        </span>
        <svg className="user-menu__caret" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
          <path d="M3 4.5l3 3 3-3" />
        </svg>
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <div className="user-menu__who">
          <strong>{name}</strong>
          {user?.email ? <span className="muted">{user.email}</span> : null}
        </div>
        <ul className="user-menu__list">
          <li>
            <Link className="user-menu__item" to="/profile" onClick={close}>
              Profile and password
            </Link>
          </li>
          <li>
            <Link className="user-menu__item" to="/teams" onClick={close}>
              Teams
            </Link>
          </li>
          <li>
            <Link className="user-menu__item" to="/invitations" onClick={close}>
              Invitations
            </Link>
          </li>
          <li>
            <button type="button" className="user-menu__item" onClick={() => void signOut()} data-testid="logout">
              Log out
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
