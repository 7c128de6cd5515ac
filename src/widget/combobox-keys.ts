/**
 * What a key does in the combobox input (WAI-ARIA 1.2 combobox with a listbox popup), and how the
 * active option moves. Pure: the box applies the action; IME keys never get here (see ime.ts).
 */

export type ComboboxAction = 'next' | 'previous' | 'enter' | 'escape';

/** The fields of a keydown the mapping reads. */
export interface ComboboxKeyLike {
  readonly key: string;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

/** The box's action for a key in its input, or null to leave the key to the browser. */
export function comboboxAction(event: ComboboxKeyLike): ComboboxAction | null {
  if (event.ctrlKey || event.metaKey) return null;
  switch (event.key) {
    case 'ArrowDown':
    case 'Down':
      return event.shiftKey ? null : 'next';
    case 'ArrowUp':
    case 'Up':
      return event.shiftKey ? null : 'previous';
    case 'Enter':
      return event.altKey || event.shiftKey ? null : 'enter';
    case 'Escape':
    case 'Esc':
      return 'escape';
    default:
      return null;
  }
}

/**
 * The option index after moving one step; -1 is "no option" (focus on the text). Moving down from
 * the last option or up from the first wraps, as in the APG listbox combobox example.
 *
 * @example nextActiveIndex(-1, 3, 1) // 0
 * @example nextActiveIndex(0, 3, -1) // 2
 */
export function nextActiveIndex(current: number, count: number, step: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0 || current >= count) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}
