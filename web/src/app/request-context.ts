import type { OperationContext } from 'urql';

/**
 * Per-request context for requests that must not carry the workspace header:
 * listing the user's own teams (for the workspace switcher) must work even
 * when the chosen workspace is no longer valid.
 */
export const PERSONAL_CONTEXT: Partial<OperationContext> = { maestroPersonal: true };

export function isPersonalRequest(context: Partial<OperationContext>): boolean {
  return context.maestroPersonal === true;
}
