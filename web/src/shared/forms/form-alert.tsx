import type { ReactNode } from 'react';

export interface FormAlertProps {
  children: ReactNode;
  tone?: 'error' | 'warning' | 'success' | 'info';
  testId?: string;
}

/** A message about a whole form or action; errors are announced at once. */
export function FormAlert({ children, tone = 'error', testId }: FormAlertProps) {
  return (
    <div
      className={`alert alert--${tone}`}
      role={tone === 'error' || tone === 'warning' ? 'alert' : 'status'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
