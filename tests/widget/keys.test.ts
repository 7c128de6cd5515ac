import { describe, expect, it } from 'vitest';
import { comboboxAction, nextActiveIndex } from '../../src/widget/combobox-keys.js';
import { isHotkey, isTypingTarget } from '../../src/widget/shortcut.js';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('combobox keys', () => {
  it('maps arrows, Enter and Escape and leaves everything else to the input', () => {
    expect(comboboxAction(key('ArrowDown'))).toBe('next');
    expect(comboboxAction(key('ArrowUp'))).toBe('previous');
    expect(comboboxAction(key('Enter'))).toBe('enter');
    expect(comboboxAction(key('Escape'))).toBe('escape');
    expect(comboboxAction(key('Tab'))).toBeNull();
    expect(comboboxAction(key('Home'))).toBeNull();
    expect(comboboxAction(key('a'))).toBeNull();
    expect(comboboxAction(key('ArrowDown', { shiftKey: true }))).toBeNull();
    expect(comboboxAction(key('Enter', { ctrlKey: true }))).toBeNull();
  });

  it('moves the active option and wraps at both ends', () => {
    expect(nextActiveIndex(-1, 3, 1)).toBe(0);
    expect(nextActiveIndex(-1, 3, -1)).toBe(2);
    expect(nextActiveIndex(2, 3, 1)).toBe(0);
    expect(nextActiveIndex(0, 3, -1)).toBe(2);
    expect(nextActiveIndex(1, 3, 1)).toBe(2);
    expect(nextActiveIndex(0, 0, 1)).toBe(-1);
  });
});

describe('page shortcuts', () => {
  const body = { tagName: 'BODY' };

  it('opens the box with Ctrl+K, Cmd+K and a bare slash', () => {
    expect(isHotkey(key('k', { ctrlKey: true }), body)).toBe(true);
    expect(isHotkey(key('K', { metaKey: true }), null)).toBe(true);
    expect(isHotkey(key('/'), body)).toBe(true);
  });

  it('ignores other combinations', () => {
    expect(isHotkey(key('k'), body)).toBe(false);
    expect(isHotkey(key('/', { ctrlKey: true }), body)).toBe(false);
    expect(isHotkey(key('k', { ctrlKey: true, altKey: true }), body)).toBe(false);
    expect(isHotkey({ ...key('/'), isComposing: true }, body)).toBe(false);
    expect(isHotkey({ ...key('/'), defaultPrevented: true }, body)).toBe(false);
  });

  it('never fires while the user types in another field', () => {
    for (const target of [
      { tagName: 'INPUT' },
      { tagName: 'input', type: 'email' },
      { tagName: 'TEXTAREA' },
      { tagName: 'SELECT' },
      { tagName: 'DIV', isContentEditable: true },
    ]) {
      expect(isTypingTarget(target)).toBe(true);
      expect(isHotkey(key('/'), target)).toBe(false);
      expect(isHotkey(key('k', { ctrlKey: true }), target)).toBe(false);
    }
  });

  it('still fires from buttons, checkboxes and links', () => {
    expect(isHotkey(key('/'), { tagName: 'INPUT', type: 'checkbox' })).toBe(true);
    expect(isHotkey(key('/'), { tagName: 'BUTTON' })).toBe(true);
    expect(isHotkey(key('/'), { tagName: 'A', isContentEditable: false })).toBe(true);
  });
});
