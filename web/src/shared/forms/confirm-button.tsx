import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface ConfirmButtonProps {
  /** The first button's text, e.g. "Delete team". */
  children: ReactNode;
  /** The question shown once it is pressed. */
  question: ReactNode;
  /** The confirming button's text. */
  confirmLabel: string;
  onConfirm(): void;
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
}

/** A button that asks "are you sure?" inline before a destructive action, without a modal dialog. */
export function ConfirmButton({ children, question, confirmLabel, onConfirm, disabled, danger = true, testId }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const firstRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) firstRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={firstRef}
        type="button"
        className={`button${danger ? ' button--danger' : ''}`}
        onClick={() => setAsking(true)}
        disabled={disabled}
        data-testid={testId}
      >
        {children}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label="Confirm">
      <span className="confirm__question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className={`button ${danger ? 'button--danger-solid' : 'button--primary'}`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        disabled={disabled}
        data-testid={testId ? `${testId}-confirm` : undefined}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button--quiet" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
