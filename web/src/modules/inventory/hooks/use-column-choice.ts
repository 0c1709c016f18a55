import { useCallback, useState } from 'react';
import { parseColumnChoice } from '../list-columns.ts';

const KEY_PREFIX = 'maestro.columns.';

function read(key: string): string[] | null {
  try {
    return parseColumnChoice(localStorage.getItem(key));
  } catch {
    return null;
  }
}

/**
 * The columns a user chose for a type's list, kept in this browser; null
 * until they choose (the type's defaults apply).
 */
export function useColumnChoice(type: string): [string[] | null, (columns: string[] | null) => void] {
  const key = `${KEY_PREFIX}${type}`;
  const [choice, setChoice] = useState<string[] | null>(() => read(key));
  const update = useCallback(
    (columns: string[] | null) => {
      setChoice(columns);
      try {
        if (columns === null) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(columns));
      } catch {
        // Private browsing or a full storage: the choice lasts for this page only.
      }
    },
    [key],
  );
  return [choice, update];
}
