import { encodeGlobalId, globalIdText } from '../history/global-ids.ts';

/** Where the schedule pages live. */

export const SCHEDULES_PATH = '/schedules';
export const NEW_SCHEDULE_PATH = '/schedules/new';

export function schedulePath(id: string): string {
  return `${SCHEDULES_PATH}/${encodeURIComponent(id)}`;
}

/** The report a report's schedule id names (`Schedule:<report>:REPORT`), as a Report id; null for any other schedule's. */
export function reportScheduleReport(id: string): string | null {
  const match = /^Schedule:([0-9a-f]{24}):REPORT$/.exec(globalIdText(id) ?? '');
  return match?.[1] ? encodeGlobalId('Report', match[1]) : null;
}

/** The connection a discovery schedule's id names (`Schedule:<connection>:<KIND>`), as a Connection id; null for an HTTP schedule's. */
export function discoveryScheduleConnection(id: string): string | null {
  const match = /^Schedule:([0-9a-f]{24}):([A-Z_]+)$/.exec(globalIdText(id) ?? '');
  return match?.[1] && match[2] !== 'REPORT' ? encodeGlobalId('Connection', match[1]) : null;
}

