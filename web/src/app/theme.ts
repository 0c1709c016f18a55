import { useCallback, useEffect, useState } from 'react';

/** The dashboard themes; each one is a set of CSS custom properties in styles/themes.css. */
export const THEMES = ['lotus', 'gold', 'wine', 'blue', 'dark', 'green', 'orange'] as const;

export type Theme = (typeof THEMES)[number];

export const DEFAULT_THEME: Theme = 'blue';

/** Where the choice is kept; index.html reads the same key before the first paint. */
export const THEME_STORAGE_KEY = 'maestro.theme';

export const THEME_LABELS: Record<Theme, string> = {
  lotus: 'Lotus',
  gold: 'Gold',
  wine: 'Wine',
  blue: 'Blue',
  dark: 'Dark',
  green: 'Green',
  orange: 'Orange',
};

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

export function loadTheme(): Theme {
  try {
    const saved = window.localStorage.getItem(THEME_STORAGE_KEY);
    return isTheme(saved) ? saved : DEFAULT_THEME;
  } catch {
    return DEFAULT_THEME;
  }
}

function saveTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage can be unavailable (private mode, quota): the choice lasts for this page only.
  }
}

/** The current theme, applied to <html data-theme> and remembered across visits. */
export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setThemeState] = useState<Theme>(loadTheme);

  useEffect(() => {
    document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);

  const setTheme = useCallback((next: Theme) => {
    saveTheme(next);
    setThemeState(next);
  }, []);

  return [theme, setTheme];
}
