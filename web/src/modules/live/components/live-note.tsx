import { useSession } from '../../../app/session/session-context.ts';
import { useNow } from '../../../shared/hooks/use-now.ts';
import { actorLabel } from '../../history/actors.ts';
import { formatAgo } from '../../history/change-format.ts';
import type { LastChange } from '../hooks/use-entity-changes.ts';

/** "Updated just now by Ada Lovelace": a quiet line when someone else changed what the page shows. */
export function LiveNote({ last, what = 'Updated' }: { last: LastChange | null; what?: string }) {
  const now = useNow(5000);
  const meId = useSession().user?.id ?? null;
  return (
    <p className="live-note" role="status" aria-live="polite" data-testid="live-note" data-shown={last ? 'true' : 'false'}>
      {last ? (
        <>
          <span className="live-note__dot" aria-hidden="true" />
          {what} {formatAgo(new Date(last.receivedAt).toISOString(), now)} by {actorLabel(last.change.actor, meId)}
        </>
      ) : null}
    </p>
  );
}
