export function StateBadge({ ok }: { ok: boolean }) {
  return (
    <span className={`state-badge ${ok ? 'state-badge--up' : 'state-badge--down'}`}>
      <svg className="state-badge__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {ok ? <path d="M3.5 8.5l3 3 6-7" /> : <path d="M4.5 4.5l7 7m0-7l-7 7" />}
      </svg>
      {ok ? 'up' : 'down'}
    </span>
  );
}
