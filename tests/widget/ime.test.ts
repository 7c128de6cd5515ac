import { describe, expect, it } from 'vitest';
import { IME_PROCESS_KEY_CODE, isImeEvent, trackComposition } from '../../src/widget/ime.js';

describe('IME guard', () => {
  it('treats keys as IME keys while a composition is active, whatever the event says', () => {
    expect(isImeEvent({ isComposing: false, keyCode: 13 }, true)).toBe(true);
  });

  it('treats isComposing events and keyCode 229 as IME keys (Safari ends the composition before the committing keydown)', () => {
    expect(isImeEvent({ isComposing: true, keyCode: 13 }, false)).toBe(true);
    expect(isImeEvent({ isComposing: false, keyCode: IME_PROCESS_KEY_CODE }, false)).toBe(true);
  });

  it('lets ordinary keys through', () => {
    expect(isImeEvent({ isComposing: false, keyCode: 40 }, false)).toBe(false);
    expect(isImeEvent({}, false)).toBe(false);
  });

  it('tracks compositionstart…compositionend and stops listening when disposed', () => {
    const target = new EventTarget();
    const log: string[] = [];
    const tracker = trackComposition(target, () => log.push('start'), () => log.push('end'));
    target.dispatchEvent(new Event('compositionstart'));
    expect(tracker.isActive()).toBe(true);
    target.dispatchEvent(new Event('compositionend'));
    expect(tracker.isActive()).toBe(false);
    tracker.dispose();
    target.dispatchEvent(new Event('compositionstart'));
    expect(tracker.isActive()).toBe(false);
    expect(log).toEqual(['start', 'end']);
  });
});
