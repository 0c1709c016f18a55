import { useNow } from '../../../shared/hooks/use-now.ts';
import { formatAge, formatLatency, componentLabel, overallHeadline, summarize, type StatusView } from '../status-view.ts';

export interface StatusSummaryProps {
  status: StatusView;
  source: 'check' | 'event' | undefined;
}

export function StatusSummary({ status, source }: StatusSummaryProps) {
  const now = useNow();
  const summary = summarize(status);
  const checkedAt = Date.parse(status.checkedAt);
  return (
    <div className={`overall ${status.ok ? 'overall--up' : 'overall--down'}`}>
      <div
        className="overall__state"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-testid="status-overall"
        data-ok={String(status.ok)}
      >
        <span className="overall__icon" aria-hidden="true">
          <svg viewBox="0 0 24 24" focusable="false">
            {status.ok ? <path d="M5 12.5l4.5 4.5L19 7.5" /> : <path d="M12 6.5v7M12 17.5v.01" />}
          </svg>
        </span>
        <div>
          <p className="overall__headline">{overallHeadline(status)}</p>
          <p className="overall__meta">
            Checked <time dateTime={status.checkedAt}>{new Date(checkedAt).toLocaleTimeString()}</time>{' '}
            ({formatAge(checkedAt, now)}) by <code>{status.checkedBy}</code>
            {source === 'event' ? ' · live update' : ''}
          </p>
        </div>
      </div>
      <dl className="overall__figures">
        <div className="figure">
          <dt>Up</dt>
          <dd className="figure__value figure__value--up">{summary.up}</dd>
        </div>
        <div className="figure">
          <dt>Down</dt>
          <dd className={`figure__value ${summary.down > 0 ? 'figure__value--down' : ''}`}>{summary.down}</dd>
        </div>
        <div className="figure">
          <dt>Slowest</dt>
          <dd className="figure__value">
            {summary.slowest ? formatLatency(summary.slowest.latencyMs) : '—'}
            {summary.slowest ? <span className="figure__note">{componentLabel(summary.slowest.name)}</span> : null}
          </dd>
        </div>
      </dl>
    </div>
  );
}
