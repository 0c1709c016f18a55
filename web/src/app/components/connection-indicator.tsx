import type { LiveConnectionState } from '../live-connection.ts';
import { useLiveConnectionState } from '../live-connection-context.ts';

export function describeConnection(state: LiveConnectionState): { label: string; hint: string } {
  switch (state.phase) {
    case 'connected':
      return { label: 'Live', hint: 'Live updates are flowing over the WebSocket link.' };
    case 'connecting':
      return { label: 'Connecting…', hint: 'Opening the live link.' };
    case 'reconnecting':
      return {
        label: state.attempts > 0 ? `Reconnecting (attempt ${state.attempts})` : 'Reconnecting…',
        hint: 'The live link dropped; retrying with back-off. Views refetch when it is back.',
      };
    case 'idle':
      return { label: 'Idle', hint: 'No live view is open, so the live link is closed.' };
  }
}

export function ConnectionIndicator() {
  const state = useLiveConnectionState();
  const { label, hint } = describeConnection(state);
  return (
    <div
      className={`connection connection--${state.phase}`}
      role="status"
      aria-live="polite"
      title={hint}
      data-testid="live-connection"
      data-state={state.phase}
    >
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">
        <span className="visually-hidden">Live link: </span>
        {label}
      </span>
    </div>
  );
}
