import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTheme } from '../theme.ts';
import { ConnectionIndicator } from './connection-indicator.tsx';
import { SideNav } from './side-nav.tsx';
import { ThemeSwitcher } from './theme-switcher.tsx';

export function AppShell({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useTheme();
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
        <div className="shell__header-tools">
          <ConnectionIndicator />
          <ThemeSwitcher theme={theme} onChange={setTheme} />
        </div>
      </header>
      <div className="shell__body">
        <SideNav />
        <main id="main" className="shell__main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
