import type { Dispatch, KeyboardEvent, SetStateAction } from 'react';

/**
 * Keyboard handling shared by the search boxes with a list of results:
 * arrows move through the results (opening the list), Enter chooses,
 * Escape closes (or clears).
 */
export function comboboxKeys(options: {
  count: number;
  openList: () => void;
  setActive: Dispatch<SetStateAction<number>>;
  choose: () => void;
  escape: (event: KeyboardEvent<HTMLInputElement>) => void;
}): (event: KeyboardEvent<HTMLInputElement>) => void {
  return (event) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        options.openList();
        options.setActive((index) => Math.min(index + 1, options.count - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        options.setActive((index) => Math.max(index - 1, 0));
        break;
      case 'Enter':
        // Enter chooses a result; it never submits a surrounding form.
        event.preventDefault();
        options.choose();
        break;
      case 'Escape':
        options.escape(event);
        break;
    }
  };
}
