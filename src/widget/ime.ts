/**
 * Input Method Editor guard: while a composition is active (pinyin, zhuyin, cangjie…), the box's
 * keys do nothing and no request is sent for the raw letters. Browsers disagree on event order
 * (Safari ends the composition before the committing keydown), so three signals are combined.
 */

/** The fields of a keyboard or input event the guard reads. */
export interface ComposingEventLike {
  readonly isComposing?: boolean;
  readonly keyCode?: number;
}

/** keyCode browsers report for keys the IME consumes. */
export const IME_PROCESS_KEY_CODE = 229;

/** True when the event belongs to an IME composition and must not act on the box. */
export function isImeEvent(event: ComposingEventLike, compositionActive: boolean): boolean {
  return compositionActive || event.isComposing === true || event.keyCode === IME_PROCESS_KEY_CODE;
}

/** Whether a composition is active on one target; `onEnd` runs after it commits (search then). */
export interface CompositionTracker {
  isActive(): boolean;
  dispose(): void;
}

interface CompositionTarget {
  addEventListener(type: 'compositionstart' | 'compositionend', listener: () => void): void;
  removeEventListener(type: 'compositionstart' | 'compositionend', listener: () => void): void;
}

export function trackComposition(target: CompositionTarget, onStart: () => void, onEnd: () => void): CompositionTracker {
  let active = false;
  const start = (): void => {
    active = true;
    onStart();
  };
  const end = (): void => {
    active = false;
    onEnd();
  };
  target.addEventListener('compositionstart', start);
  target.addEventListener('compositionend', end);
  return {
    isActive: () => active,
    dispose() {
      target.removeEventListener('compositionstart', start);
      target.removeEventListener('compositionend', end);
    },
  };
}
