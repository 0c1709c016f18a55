import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { MeDocument } from '../../gql/graphql.ts';
import { PERSONAL_CONTEXT } from '../request-context.ts';
import { useSession, useSessionServices } from '../session/session-context.ts';
import { isSignedIn } from '../session/session-store.ts';

/**
 * Checks a stored session against the API once per sign-in: refreshes the
 * shown name and e-mail, and ends a session the API no longer knows (a token
 * revoked by "log out" or a password change elsewhere answers `me: null`).
 */
export function SessionKeeper() {
  const session = useSession();
  const { store, refresher } = useSessionServices();
  const signedIn = isSignedIn(session);
  const [{ data, fetching }, reexecute] = useQuery({
    query: MeDocument,
    pause: !signedIn,
    requestPolicy: 'cache-and-network',
    context: PERSONAL_CONTEXT,
  });
  // One refresh per access token: a `me: null` right after a refresh ends the session.
  const triedFor = useRef<string | null>(null);

  useEffect(() => {
    if (!signedIn || fetching || !data) return;
    if (data.me) {
      store.setUser(data.me);
      return;
    }
    if (triedFor.current === session.accessToken) {
      store.clear('expiry');
      return;
    }
    triedFor.current = session.accessToken;
    void refresher.refresh().then((outcome) => {
      if (outcome === 'refreshed') reexecute({ requestPolicy: 'network-only' });
    });
  }, [data, fetching, signedIn, session.accessToken, store, refresher, reexecute]);

  return null;
}
