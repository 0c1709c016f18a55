/** Notes one page leaves for the next through router state (never in the address). */
export interface NavigationNotes {
  /** The session ended by itself (refresh refused): "sign in again". */
  sessionEnded?: boolean;
  /** The user chose "Log out". */
  signedOut?: boolean;
  /** A password reset just succeeded. */
  passwordReset?: boolean;
}

/** Reads the notes from `location.state`, whatever was put there. */
export function readNavigationNotes(state: unknown): NavigationNotes {
  if (typeof state !== 'object' || state === null) return {};
  const record = state as Record<string, unknown>;
  return {
    sessionEnded: record.sessionEnded === true,
    signedOut: record.signedOut === true,
    passwordReset: record.passwordReset === true,
  };
}
