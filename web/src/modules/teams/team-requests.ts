import { PERSONAL_CONTEXT } from '../../app/request-context.ts';

/**
 * Context of every team request: teams belong to people, not to a workspace,
 * so they are asked for without the workspace header; an empty list still
 * refreshes when a team or an invitation is created.
 */
export const TEAM_REQUEST_CONTEXT = { ...PERSONAL_CONTEXT, additionalTypenames: ['Team', 'TeamInvitation'] };
