import { formatDateTime } from '../../../shared/format.ts';

/** Next run times, one a line. */
export function RunTimes({ times, testId, empty }: { times: readonly string[]; testId: string; empty: string }) {
  if (times.length === 0) return <p className="muted" data-testid={testId}>{empty}</p>;
  return (
    <ol className="run-times" data-testid={testId}>
      {times.map((time) => (
        <li key={time} data-testid="run-time" data-at={time}>
          {formatDateTime(time)}
        </li>
      ))}
    </ol>
  );
}
