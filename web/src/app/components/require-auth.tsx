import { Navigate, Outlet, useLocation } from 'react-router';
import type { NavigationNotes } from '../location-state.ts';
import { useSession } from '../session/session-context.ts';
import { loginPathFor } from '../session/next-path.ts';
import { isSignedIn } from '../session/session-store.ts';

/** Pages under this route need a session; without one the visitor is sent to sign in, and back afterwards. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (!isSignedIn(session)) {
    const notes: NavigationNotes = { sessionEnded: session.endedBy === 'expiry', signedOut: session.endedBy === 'logout' };
    return <Navigate to={loginPathFor(`${location.pathname}${location.search}`)} replace state={notes} />;
  }
  return <Outlet />;
}
