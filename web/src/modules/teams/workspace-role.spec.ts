import { describe, expect, it } from 'vitest';
import { canWriteIn, workspaceRole } from './workspace-role.ts';

const teams = [
  { id: 'team-a', myRole: 'READ' as const },
  { id: 'team-b', myRole: 'WRITE' as const },
];

describe('workspace role', () => {
  it('is everything in the personal workspace, even before the teams are known', () => {
    expect(workspaceRole(null, undefined)).toBe('ADMIN');
    expect(canWriteIn(workspaceRole(null, teams))).toBe(true);
  });

  it('is the role in the team acted in; unknown while the teams load, none for a team that is not the user’s', () => {
    expect(workspaceRole('team-a', teams)).toBe('READ');
    expect(canWriteIn(workspaceRole('team-a', teams))).toBe(false);
    expect(canWriteIn(workspaceRole('team-b', teams))).toBe(true);
    expect(workspaceRole('team-b', undefined)).toBeUndefined();
    expect(canWriteIn(workspaceRole('team-b', undefined))).toBeUndefined();
    expect(workspaceRole('gone', teams)).toBeNull();
    expect(canWriteIn(workspaceRole('gone', teams))).toBe(false);
  });
});
