/**
 * The box's DOM skeleton: a search landmark with the combobox input, the popup panel (suggestion
 * chips, heading, listbox, status, "more results"), and a polite live region outside the panel.
 * Builds elements and sets fixed ARIA wiring only; behaviour lives in box.ts.
 */
import { h } from './element.js';
import type { Strings } from './i18n.js';

export interface BoxView {
  /** `.zhs-box`, role=search. */
  box: HTMLElement;
  /** `.zhs-input`, role=combobox. */
  input: HTMLInputElement;
  /** `.zhs-panel`: everything below the input; hidden when there is nothing to show (inline mode: closed). */
  panel: HTMLElement;
  /** `.zhs-suggestions`: a row of `.zhs-chip` buttons. */
  chips: HTMLElement;
  /** `.zhs-heading`: "最近搜索" with its clear button, or the result count. */
  heading: HTMLElement;
  headingText: HTMLElement;
  clearRecent: HTMLButtonElement;
  /** `.zhs-listbox`, role=listbox: `.zhs-option` children (role=option). */
  listbox: HTMLElement;
  /** `.zhs-status`: loading, empty and error messages (with `.zhs-retry`). */
  status: HTMLElement;
  /** `.zhs-more`: appends the next page. */
  more: HTMLButtonElement;
  /** `.zhs-live`, role=status: announces counts and errors. */
  live: HTMLElement;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function searchIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'zhs-icon');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', 'M10.5 3a7.5 7.5 0 0 1 5.96 12.05l4.5 4.5-1.41 1.41-4.5-4.5A7.5 7.5 0 1 1 10.5 3zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

/** The skeleton; `idBase` makes every id unique on the page (`zhs-1`, `zhs-2`…). */
export function createBoxView(idBase: string, strings: Strings, placeholder: string | null, extra: Node | null): BoxView {
  const inputId = `${idBase}-input`;
  const listboxId = `${idBase}-listbox`;
  const input = h('input', {
    id: inputId,
    class: 'zhs-input',
    type: 'search',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listboxId,
    'aria-keyshortcuts': 'Control+K Meta+K /',
    autocomplete: 'off',
    autocapitalize: 'off',
    autocorrect: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
    maxlength: 256,
    placeholder: placeholder ?? strings.placeholder,
  });
  const headingText = h('span', { class: 'zhs-heading-text', id: `${idBase}-heading` });
  const clearRecent = h('button', { type: 'button', class: 'zhs-clear-recent', hidden: true }, [strings.clearRecent]);
  const heading = h('div', { class: 'zhs-heading', hidden: true }, [headingText, clearRecent]);
  const chips = h('div', { class: 'zhs-suggestions', role: 'group', 'aria-label': strings.suggestions, hidden: true });
  const listbox = h('div', { id: listboxId, class: 'zhs-listbox', role: 'listbox', 'aria-label': strings.results, hidden: true });
  const status = h('div', { class: 'zhs-status', hidden: true });
  const more = h('button', { type: 'button', class: 'zhs-more', hidden: true }, [strings.more]);
  // tabindex=-1: a click on the panel's background keeps focus inside the box (so it stays open).
  const panel = h('div', { id: `${idBase}-panel`, class: 'zhs-panel', tabindex: -1, hidden: true }, [chips, heading, listbox, status, more]);
  const live = h('div', { class: 'zhs-live zhs-sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const box = h('div', { class: 'zhs-box', role: 'search' }, [
    h('label', { class: 'zhs-sr-only', for: inputId }, [strings.label]),
    h('div', { class: 'zhs-field' }, [searchIcon(), input, extra]),
    panel,
    live,
  ]);
  return { box, input, panel, chips, heading, headingText, clearRecent, listbox, status, more, live };
}
