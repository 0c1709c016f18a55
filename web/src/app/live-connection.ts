import { useSyncExternalStore } from 'react';

/**
 * State of the live (WebSocket) link that carries subscriptions.
 * - `idle`: no subscription is open, so no socket either (the link is lazy);
 * - `connecting`: first attempt;
 * - `connected`: acknowledged by the server;
 * - `reconnecting`: the link dropped and is being retried with back-off.
 */
export type LivePhase = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export interface LiveConnectionState {
  phase: LivePhase;
  /** Failed attempts since the link was last up. */
  attempts: number;
  /** How many times the link came back after a drop; a change means events may have been missed. */
  reconnects: number;
  /** When the phase last changed (epoch ms). */
  since: number;
}

type Listener = () => void;

/** A tiny store the WebSocket client writes and React components read. */
export class LiveConnectionStore {
  private state: LiveConnectionState = { phase: 'idle', attempts: 0, reconnects: 0, since: Date.now() };
  private readonly listeners = new Set<Listener>();

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): LiveConnectionState => this.state;

  update(patch: Partial<LiveConnectionState>): void {
    const next = { ...this.state, ...patch };
    if (next.phase !== this.state.phase) next.since = Date.now();
    if (
      next.phase === this.state.phase &&
      next.attempts === this.state.attempts &&
      next.reconnects === this.state.reconnects
    ) {
      return;
    }
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

export function useLiveConnection(store: LiveConnectionStore): LiveConnectionState {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
