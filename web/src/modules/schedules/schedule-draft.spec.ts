import { describe, expect, it } from 'vitest';
import { draftOfSchedule, intervalOf, newScheduleDraft, parseStatuses, scheduleInput, type ScheduleDraft } from './schedule-draft.ts';

const stored = {
  name: 'ping',
  http: { method: 'POST', url: 'https://example.com/hook', headers: [{ name: 'Accept', value: 'application/json' }], body: '{"a":1}', expectedStatus: [200, 204], timeoutMs: 5000 },
  intervalMinutes: null,
  cron: '0 3 * * *',
  timezone: 'Europe/Paris',
  enabled: false,
  onSuccess: [{ id: 's1', name: 'next' }],
  onFailure: [],
};

function filled(): ScheduleDraft {
  return { ...newScheduleDraft('Europe/Paris'), name: ' ping ', url: ' https://example.com/ping ' };
}

describe('schedule drafts', () => {
  it('starts a new schedule as a GET every hour in the browser’s time zone', () => {
    const draft = newScheduleDraft('Asia/Tokyo');
    expect(draft).toMatchObject({ method: 'GET', timing: 'interval', interval: '60', timezone: 'Asia/Tokyo', enabled: true, timeoutMs: '10000' });
  });

  it('makes a create input, with the secret headers and the interval', () => {
    const draft: ScheduleDraft = {
      ...filled(),
      headers: [{ name: 'Accept', value: 'text/plain' }, { name: '', value: '' }],
      secretHeaders: [{ name: ' X-Api-Key ', value: 'k3y' }],
      expectedStatus: '200, 204 ,200',
      body: 'ignored for GET',
      interval: ' 5 ',
    };
    const { input, problems } = scheduleInput(draft, false);
    expect(problems).toEqual({});
    expect(input).toEqual({
      name: 'ping',
      method: 'GET',
      url: 'https://example.com/ping',
      headers: [{ name: 'Accept', value: 'text/plain' }],
      secretHeaders: [{ name: 'X-Api-Key', value: 'k3y' }],
      body: '',
      expectedStatus: [200, 204],
      timeoutMs: 10_000,
      intervalMinutes: 5,
      onSuccess: [],
      onFailure: [],
      enabled: true,
    });
  });

  it('makes a cron input with its time zone, and keeps the body of a POST', () => {
    const { input, problems } = scheduleInput({ ...filled(), method: 'POST', body: '{}', timing: 'cron', cron: ' 0  3 * * * ' }, false);
    expect(problems).toEqual({});
    expect(input).toMatchObject({ method: 'POST', body: '{}', cron: '0 3 * * *', timezone: 'Europe/Paris' });
    expect(input).not.toHaveProperty('intervalMinutes');
  });

  it('names what is wrong before asking the API', () => {
    const { problems } = scheduleInput(
      { ...newScheduleDraft('UTC'), interval: '0', timeoutMs: '50', expectedStatus: '200, abc', headers: [{ name: '', value: 'x' }] },
      false,
    );
    expect(Object.keys(problems).sort()).toEqual(['expectedStatus', 'headers', 'intervalMinutes', 'name', 'timeoutMs', 'url']);
    expect(scheduleInput({ ...filled(), timing: 'cron', cron: ' ' }, false).problems).toEqual({ cron: expect.stringMatching(/^Required/) });
  });

  it('edits a stored schedule: its settings in the form, secret headers sent only when typed', () => {
    const draft = draftOfSchedule(stored, 'UTC');
    expect(draft).toMatchObject({ name: 'ping', method: 'POST', timing: 'cron', cron: '0 3 * * *', timezone: 'Europe/Paris', expectedStatus: '200, 204', timeoutMs: '5000', onSuccess: ['s1'], enabled: false });
    expect(draft.secretHeaders).toEqual([]);
    const unchanged = scheduleInput(draft, true);
    expect(unchanged.problems).toEqual({});
    expect(unchanged.input).not.toHaveProperty('secretHeaders');
    expect(unchanged.input).toMatchObject({ cron: '0 3 * * *', body: '{"a":1}', onSuccess: ['s1'] });
    const typed = scheduleInput({ ...draft, secretHeaders: [{ name: 'Authorization', value: 'Bearer new' }] }, true);
    expect(typed.input.secretHeaders).toEqual([{ name: 'Authorization', value: 'Bearer new' }]);
    // Back to an interval: the cron is left out, the API drops it.
    const interval = scheduleInput({ ...draft, timing: 'interval', interval: '15' }, true).input;
    expect(interval.intervalMinutes).toBe(15);
    expect(interval).not.toHaveProperty('cron');
  });

  it('reads statuses and intervals', () => {
    const problems: Record<string, string> = {};
    expect(parseStatuses('', problems)).toEqual([]);
    expect(parseStatuses('200 201,202', problems)).toEqual([200, 201, 202]);
    expect(problems).toEqual({});
    parseStatuses('700', problems);
    expect(problems.expectedStatus).toBeDefined();
    expect(intervalOf('15')).toBe(15);
    expect(intervalOf('1.5')).toBeNull();
    expect(intervalOf('')).toBeNull();
    expect(intervalOf(String(91 * 24 * 60))).toBeNull();
  });
});
