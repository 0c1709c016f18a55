import { describe, expect, it } from 'vitest';
import { SCHEDULE_TARGET_LABELS, bodyExcerpt, describeInterval, describeTiming, formatDuration, hasBody, nextIntervalRuns, scheduleRunTone, timeZoneChoices } from './schedule-labels.ts';

describe('schedule labels', () => {
  it('describes an interval in its largest whole unit', () => {
    expect(describeInterval(1)).toBe('every minute');
    expect(describeInterval(5)).toBe('every 5 minutes');
    expect(describeInterval(60)).toBe('every hour');
    expect(describeInterval(90)).toBe('every 90 minutes');
    expect(describeInterval(120)).toBe('every 2 hours');
    expect(describeInterval(1440)).toBe('every day');
    expect(describeInterval(20_160)).toBe('every 2 weeks');
    expect(describeInterval(0)).toBe('—');
    expect(describeInterval(2.5)).toBe('—');
  });

  it('describes a timing: an interval, or a cron expression with its time zone', () => {
    expect(describeTiming({ intervalMinutes: 5, cron: null, timezone: null })).toBe('every 5 minutes');
    expect(describeTiming({ intervalMinutes: null, cron: '0 3 * * *', timezone: 'Europe/Paris' })).toBe('cron 0 3 * * * (Europe/Paris)');
    expect(describeTiming({ cron: '*/15 * * * *' })).toBe('cron */15 * * * * (UTC)');
    expect(describeTiming({})).toBe('—');
  });

  it('lists the next runs of an interval from now, or from the next run known', () => {
    const now = Date.parse('2026-03-01T10:00:00.000Z');
    expect(nextIntervalRuns(15, now, 3)).toEqual(['2026-03-01T10:15:00.000Z', '2026-03-01T10:30:00.000Z', '2026-03-01T10:45:00.000Z']);
    expect(nextIntervalRuns(60, now, 2, '2026-03-01T10:07:00.000Z')).toEqual(['2026-03-01T10:07:00.000Z', '2026-03-01T11:07:00.000Z']);
    expect(nextIntervalRuns(60, now, 5)).toHaveLength(5);
    expect(nextIntervalRuns(0, now)).toEqual([]);
    expect(nextIntervalRuns(1.5, now)).toEqual([]);
  });

  it('cuts an answer to its first lines', () => {
    expect(bodyExcerpt(null)).toEqual({ text: '', cut: false });
    expect(bodyExcerpt('ok')).toEqual({ text: 'ok', cut: false });
    expect(bodyExcerpt('a\nb\nc\nd', 2)).toEqual({ text: 'a\nb', cut: true });
    expect(bodyExcerpt('x'.repeat(50), 6, 10)).toEqual({ text: 'x'.repeat(10), cut: true });
  });

  it('says which methods carry a body, and how runs look', () => {
    expect(hasBody('post')).toBe(true);
    expect(hasBody('GET')).toBe(false);
    expect(hasBody('HEAD')).toBe(false);
    expect(scheduleRunTone('FAILED')).toBe('down');
    expect(scheduleRunTone('SUCCEEDED')).toBe('up');
    expect(scheduleRunTone('SKIPPED')).toBe('warn');
    expect(scheduleRunTone('RUNNING')).toBe('busy');
  });

  it('names what each kind of schedule runs', () => {
    expect(SCHEDULE_TARGET_LABELS.REPORT).toBe('Report');
    expect(SCHEDULE_TARGET_LABELS.HTTP).toBe('HTTP call');
    expect(SCHEDULE_TARGET_LABELS.DISCOVERY).toBe('Discovery');
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('offers the browser’s time zones, the current one included', () => {
    const zones = timeZoneChoices('Europe/Paris');
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Paris');
    expect(timeZoneChoices('Mars/Olympus')[0]).toBe('Mars/Olympus');
  });
});
