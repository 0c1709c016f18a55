import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId } from '../history/global-ids.ts';
import { discoveryScheduleConnection, reportScheduleReport, schedulePath } from './schedule-paths.ts';

const HEX = '65f0c0ffee00000000000001';
const idOf = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('schedule paths', () => {
  it('sends a discovery schedule to its connection, and a report’s schedule to its report', () => {
    expect(discoveryScheduleConnection(idOf(`Schedule:${HEX}:SERVERS`))).toBe(encodeGlobalId('Connection', HEX));
    expect(discoveryScheduleConnection(idOf(`Schedule:${HEX}:REPORT`))).toBeNull();
    expect(reportScheduleReport(idOf(`Schedule:${HEX}:REPORT`))).toBe(encodeGlobalId('Report', HEX));
    expect(decodeGlobalId(reportScheduleReport(idOf(`Schedule:${HEX}:REPORT`))!)).toEqual({ type: 'Report', key: HEX });
    expect(reportScheduleReport(idOf(`Schedule:${HEX}:SERVERS`))).toBeNull();
    // An HTTP schedule's id is an ordinary one: its own page.
    const http = encodeGlobalId('Schedule', HEX);
    expect(discoveryScheduleConnection(http)).toBeNull();
    expect(reportScheduleReport(http)).toBeNull();
    expect(schedulePath(http)).toBe(`/schedules/${http}`);
  });
});
