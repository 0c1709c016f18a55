import { createContext, useContext } from 'react';
import { useLiveConnection, type LiveConnectionState, type LiveConnectionStore } from './live-connection.ts';

export const LiveConnectionContext = createContext<LiveConnectionStore | null>(null);

/** State of the live link, for any component under the app shell. */
export function useLiveConnectionState(): LiveConnectionState {
  const store = useContext(LiveConnectionContext);
  if (!store) throw new Error('useLiveConnectionState needs a LiveConnectionContext provider');
  return useLiveConnection(store);
}
