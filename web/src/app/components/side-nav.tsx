import { Link, useLocation } from 'react-router';
import { NAVIGATION, type NavigationEntry } from '../navigation.ts';

/** Whether the address is a page of `entry` (its own, or one of its section's, with their sub-pages). */
function isWithin(entry: NavigationEntry, pathname: string): boolean {
  const paths = [entry.path, ...(entry.children ?? []).map((child) => child.path)].filter((path): path is string => Boolean(path));
  return paths.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

function EntryLink({ entry, pathname, nested = false }: { entry: NavigationEntry; pathname: string; nested?: boolean }) {
  if (!entry.path) {
    return (
      <span className="side-nav__link side-nav__link--soon" aria-disabled="true" title={entry.description}>
        <span className="side-nav__label">{entry.label}</span>
        <span className="side-nav__badge">soon</span>
      </span>
    );
  }
  const home = entry.path === '/status' && pathname === '/';
  // A section heading is highlighted while any of its pages is open; its pages, on their list and item pages.
  const current = entry.children ? isWithin(entry, pathname) : home || isWithin(entry, pathname);
  const exact = pathname === entry.path || home;
  return (
    <Link
      to={entry.path}
      title={entry.description}
      className={`side-nav__link${nested ? ' side-nav__link--nested' : ''}${current && !entry.children ? ' side-nav__link--active' : ''}${current && entry.children ? ' side-nav__link--section' : ''}`}
      aria-current={exact && !entry.children ? 'page' : undefined}
    >
      <span className="side-nav__label">{entry.label}</span>
    </Link>
  );
}

export function SideNav() {
  const { pathname } = useLocation();
  return (
    <nav className="side-nav" aria-label="Main">
      <ul className="side-nav__list">
        {NAVIGATION.map((entry) => (
          <li key={entry.label}>
            <EntryLink entry={entry} pathname={pathname} />
            {entry.children ? (
              <ul className="side-nav__list side-nav__list--nested" aria-label={entry.label}>
                {entry.children.map((child) => (
                  <li key={child.label}>
                    <EntryLink entry={child} pathname={pathname} nested />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="side-nav__footer">
        <a className="side-nav__link side-nav__link--external" href="/playground">
          <span className="side-nav__label">GraphQL playground</span>
          <span aria-hidden="true">↗</span>
        </a>
      </div>
    </nav>
  );
}
