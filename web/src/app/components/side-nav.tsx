import { NavLink, useLocation } from 'react-router';
import { NAVIGATION } from '../navigation.ts';

export function SideNav() {
  const { pathname } = useLocation();
  return (
    <nav className="side-nav" aria-label="Main">
      <ul className="side-nav__list">
        {NAVIGATION.map((entry) =>
          entry.path ? (
            <li key={entry.label}>
              <NavLink
                to={entry.path}
                title={entry.description}
                className={({ isActive }) =>
                  isActive || (entry.path === '/status' && pathname === '/')
                    ? 'side-nav__link side-nav__link--active'
                    : 'side-nav__link'
                }
                aria-current={entry.path === '/status' && pathname === '/' ? 'page' : undefined}
              >
                <span className="side-nav__label">{entry.label}</span>
              </NavLink>
            </li>
          ) : (
            <li key={entry.label}>
              <span className="side-nav__link side-nav__link--soon" aria-disabled="true" title={entry.description}>
                <span className="side-nav__label">{entry.label}</span>
                <span className="side-nav__badge">soon</span>
              </span>
            </li>
          ),
        )}
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
