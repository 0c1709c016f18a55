import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { UserMenu } from '../../modules/auth/components/user-menu.tsx';
import { NotificationToasts } from '../../modules/live/components/notification-toasts.tsx';
import { GlobalSearch } from '../../modules/search/components/global-search.tsx';
import { WorkspaceSwitcher } from '../../modules/teams/components/workspace-switcher.tsx';
import { useSession } from '../session/session-context.ts';
import { loginPathFor } from '../session/next-path.ts';
import { isSignedIn } from '../session/session-store.ts';
import { useTheme } from '../theme.ts';
import { ConnectionIndicator } from './connection-indicator.tsx';
import { SideNav } from './side-nav.tsx';
import { ThemeSwitcher } from './theme-switcher.tsx';

const AUTH_PAGES = ['/login', '/signup', '/forgot-password', '/reset-password'];

export function AppShell({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useTheme();
  const signedIn = isSignedIn(useSession());
  const { pathname, search } = useLocation();
  const onAuthPage = AUTH_PAGES.includes(pathname);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell__header">
        <Link className="brand" to="/" aria-label="Maestro home">
          <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="7" />
            <path d="M7 24V9l9 9 9-9v15" />
          </svg>
          <span className="brand__name">Maestro</span>
          <span className="brand__tagline">Infrastructure inventory</span>
        </Link>
        {signedIn ? <GlobalSearch /> : null}
        <div className="shell__header-tools">
          <ConnectionIndicator />
          {signedIn ? <WorkspaceSwitcher /> : null}
          <ThemeSwitcher theme={theme} onChange={setTheme} />
          {signedIn ? (
            <UserMenu />
          ) : onAuthPage ? null : (
            <Link className="header-link" to={loginPathFor(`${pathname}${search}`)} data-testid="sign-in-link">
              Sign in
            </Link>
          )}
        </div>
      </header>
      <div className="shell__body">
        <SideNav />
        <main id="main" className="shell__main" tabIndex={-1}>
          {children}
        </main>
      </div>
      {signedIn ? <NotificationToasts /> : null}
    </div>
  );
}
