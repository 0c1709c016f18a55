import { useId } from 'react';
import { THEME_LABELS, THEMES, isTheme, type Theme } from '../theme.ts';

export interface ThemeSwitcherProps {
  theme: Theme;
  onChange(theme: Theme): void;
}

export function ThemeSwitcher({ theme, onChange }: ThemeSwitcherProps) {
  const id = useId();
  return (
    <div className="theme-switcher">
      <label htmlFor={id} className="theme-switcher__label">
        Theme
      </label>
      <select
        id={id}
        className="theme-switcher__select"
        value={theme}
        data-testid="theme-switcher"
        onChange={(event) => {
          if (isTheme(event.target.value)) onChange(event.target.value);
        }}
      >
        {THEMES.map((name) => (
          <option key={name} value={name}>
            {THEME_LABELS[name]}
          </option>
        ))}
      </select>
    </div>
  );
}
