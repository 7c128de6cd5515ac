/**
 * Which key presses are the page-wide shortcuts (Ctrl/Cmd+K and a bare `/`), and which focused
 * elements are text fields where they must not fire. Pure: takes plain event and target fields.
 */

/** The fields of a keydown the matcher reads. */
export interface HotkeyEventLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly isComposing?: boolean;
  readonly defaultPrevented?: boolean;
}

/** The focused element as the matcher sees it. */
export interface TargetLike {
  readonly tagName: string;
  readonly type?: string;
  readonly isContentEditable?: boolean;
}

/** Input types where keys do not insert text, so `/` may still open the box. */
const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit']);

/** True when keys typed into `target` go into a text field (input, textarea, select, contenteditable). */
export function isTypingTarget(target: TargetLike | null): boolean {
  if (target === null) return false;
  if (target.isContentEditable === true) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((target.type ?? 'text').toLowerCase());
}

/** True for Ctrl+K, Cmd+K or a bare `/` pressed outside any text field. */
export function isHotkey(event: HotkeyEventLike, target: TargetLike | null): boolean {
  if (event.defaultPrevented === true || event.isComposing === true || isTypingTarget(target)) return false;
  if (event.altKey) return false;
  if (event.key === '/') return !event.ctrlKey && !event.metaKey;
  return (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey);
}
