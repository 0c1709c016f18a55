import { createContext, useContext, useSyncExternalStore } from 'react';
import type { SessionRefresher } from './session-refresher.ts';
import type { SessionState, SessionStore } from './session-store.ts';

export interface SessionServices {
  store: SessionStore;
  refresher: SessionRefresher;
}

export const SessionContext = createContext<SessionServices | null>(null);

export function useSessionServices(): SessionServices {
  const services = useContext(SessionContext);
  if (!services) throw new Error('useSessionServices needs a SessionContext provider');
  return services;
}

/** The current session (tokens, user, workspace); re-renders when it changes. */
export function useSession(): SessionState {
  const { store } = useSessionServices();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
