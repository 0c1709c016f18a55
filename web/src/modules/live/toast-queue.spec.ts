import { describe, expect, it } from 'vitest';
import { MAX_TOASTS, dismissToast, pushToast, type Toast } from './toast-queue.ts';

function toast(id: string): Toast {
  return { id, kind: 'ACCESS_GRANTED', message: `You can now see Server ${id} (READ).`, at: '2026-03-12T10:00:00Z', entity: null };
}

describe('toasts', () => {
  it('stack newest last, once each, up to a limit, and go when dismissed', () => {
    let shown: Toast[] = [];
    for (let i = 0; i < MAX_TOASTS + 2; i += 1) shown = pushToast(shown, toast(String(i)));
    shown = pushToast(shown, toast(String(MAX_TOASTS + 1)));
    expect(shown.map((t) => t.id)).toEqual(Array.from({ length: MAX_TOASTS }, (_, i) => String(i + 2)));
    expect(dismissToast(shown, '3').map((t) => t.id)).not.toContain('3');
  });
});
