/**
 * The listbox side of the combobox: which option is active (aria-selected, `.zhs-active`) and the
 * input's aria-activedescendant pointing at it. Focus never leaves the input; this only moves the
 * virtual cursor. Options are whatever `.zhs-option` children the box puts in.
 */
import { nextActiveIndex } from './combobox-keys.js';
import { setChildren } from './element.js';

export interface Listbox {
  options(): HTMLElement[];
  /** The active option, or undefined when the cursor is on the text. */
  active(): HTMLElement | undefined;
  /** Moves the cursor one option down (1) or up (-1), wrapping. */
  move(step: 1 | -1): void;
  /** Puts the cursor back on the text (the options are about to change). */
  deactivate(): void;
  /** Replaces all options; the cursor goes back to the text. */
  replace(elements: readonly HTMLElement[]): void;
  /** Adds options at the end (next page); the cursor stays. */
  append(elements: readonly HTMLElement[]): void;
}

export function createListbox(input: HTMLInputElement, element: HTMLElement): Listbox {
  let activeIndex = -1;
  const options = (): HTMLElement[] => Array.from(element.children) as HTMLElement[];

  const setActive = (index: number): void => {
    const list = options();
    const previous = list[activeIndex];
    if (previous !== undefined) {
      previous.setAttribute('aria-selected', 'false');
      previous.classList.remove('zhs-active');
    }
    const next = list[index];
    activeIndex = next === undefined ? -1 : index;
    if (next === undefined) {
      input.removeAttribute('aria-activedescendant');
      return;
    }
    next.setAttribute('aria-selected', 'true');
    next.classList.add('zhs-active');
    input.setAttribute('aria-activedescendant', next.id);
    next.scrollIntoView({ block: 'nearest' });
  };

  return {
    options,
    active: () => options()[activeIndex],
    move: (step) => setActive(nextActiveIndex(activeIndex, element.children.length, step)),
    deactivate: () => setActive(-1),
    replace(elements) {
      setActive(-1);
      setChildren(element, elements);
    },
    append: (elements) => element.append(...elements),
  };
}
