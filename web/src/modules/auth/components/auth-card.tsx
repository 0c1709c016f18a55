import { useId, type ReactNode } from 'react';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';

export interface AuthCardProps {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/** The frame of the sign-in, sign-up and password pages. */
export function AuthCard({ title, subtitle, children, footer }: AuthCardProps) {
  const headingId = useId();
  usePageTitle(title);
  return (
    <section className="auth" aria-labelledby={headingId}>
      <div className="auth__card">
        <header className="auth__header">
          <h1 id={headingId} className="page__title">
            {title}
          </h1>
          {subtitle ? <p className="page__subtitle">{subtitle}</p> : null}
        </header>
        {children}
      </div>
      {footer ? <div className="auth__footer">{footer}</div> : null}
    </section>
  );
}
