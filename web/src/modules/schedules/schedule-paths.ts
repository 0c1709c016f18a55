/** Where the schedule pages live. */

export const SCHEDULES_PATH = '/schedules';
export const NEW_SCHEDULE_PATH = '/schedules/new';

export function schedulePath(id: string): string {
  return `${SCHEDULES_PATH}/${encodeURIComponent(id)}`;
}
