export interface ProgressBarProps {
  /** From 0 to 1; null while the length is not known (under way). */
  fraction: number | null;
  label: string;
  tone?: 'up' | 'down' | 'warn' | 'busy' | 'idle';
  /** "3 of 9 jobs done", read out with the value. */
  valueText?: string;
}

/** A thin bar: how much of a run (or a job) is done, moving while its length is unknown. */
export function ProgressBar({ fraction, label, tone = 'busy', valueText }: ProgressBarProps) {
  const percent = fraction === null ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className={`progress progress--${tone}${percent === undefined ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
    >
      <span className="progress__bar" style={percent === undefined ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
