export interface PagerProps {
  from: number;
  to: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
  busy: boolean;
  onPrevious(): void;
  onNext(): void;
}

/** "1–25 of 73" with previous and next buttons, for cursor pagination. */
export function Pager({ from, to, total, hasPrevious, hasNext, busy, onPrevious, onNext }: PagerProps) {
  return (
    <nav className="pager" aria-label="Pages">
      <p className="pager__range" aria-live="polite" data-testid="pager-range">
        {from}–{to} of {total}
      </p>
      <div className="pager__buttons">
        <button type="button" className="button button--small" onClick={onPrevious} disabled={!hasPrevious || busy}>
          Previous
        </button>
        <button type="button" className="button button--small" onClick={onNext} disabled={!hasNext || busy} data-testid="pager-next">
          Next
        </button>
      </div>
    </nav>
  );
}
