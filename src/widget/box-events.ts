/**
 * Wires the user's input to a box: typing, IME-aware keys (WAI-ARIA combobox: ↑/↓, Enter, Esc),
 * clicks on options, chips and buttons, and focus leaving the box. Decides nothing about requests
 * or drawing; it calls the BoxActions that box.ts implements.
 */
import { comboboxAction } from './combobox-keys.js';
import type { BoxView } from './box-view.js';
import { isImeEvent } from './ime.js';
import type { Listbox } from './listbox.js';
import type { HistoryWrite } from './page-history.js';

/** What the events can ask of the box. */
export interface BoxActions {
  readonly view: BoxView;
  readonly list: Listbox;
  readonly isPopup: boolean;
  isComposing(): boolean;
  setOpen(open: boolean): void;
  /** The input changed outside a composition: debounce a search, or clear at once when empty. */
  typed(): void;
  search(raw: string, how: HistoryWrite): void;
  /** Shows the idle panel: recent searches when `withRecent` and there are any. */
  showIdle(withRecent: boolean): void;
  isShowingRecent(): boolean;
  /** Ensures something is shown after ↓ on a closed panel. */
  reopen(): void;
  loadMore(): void;
  retry(): void;
  /** A chip or recent search: fill the input and search now. */
  choose(text: string): void;
  /** Enter on an option: open the hit's url, or search a recent query. */
  activate(option: HTMLElement): void;
  /** A result link is being followed: remember the query. */
  remember(): void;
  clearRecent(): void;
  /** Esc on an empty, closed box (modal: close the dialog). */
  dismiss: (() => void) | undefined;
}

type Listener = (event: Event) => void;

export function wireBoxEvents(box: BoxActions): () => void {
  const { view, list } = box;
  const { input } = view;
  const removers: Array<() => void> = [];
  const on = (target: EventTarget, type: string, listener: Listener): void => {
    target.addEventListener(type, listener);
    removers.push(() => target.removeEventListener(type, listener));
  };
  const panelShown = (): boolean => !view.panel.hidden;

  const onKeydown = (event: KeyboardEvent): void => {
    if (isImeEvent(event, box.isComposing())) return;
    const action = comboboxAction(event);
    if (action === null) return;
    if (action === 'next' || action === 'previous') {
      event.preventDefault();
      if (panelShown()) list.move(action === 'next' ? 1 : -1);
      else box.reopen();
      return;
    }
    if (action === 'enter') {
      event.preventDefault();
      const option = list.active();
      if (option !== undefined && panelShown()) box.activate(option);
      else {
        box.setOpen(true);
        box.search(input.value, 'push');
      }
      return;
    }
    // Escape: clear the text first, then close the popup, then (modal) the dialog.
    let handled = true;
    if (input.value !== '') {
      input.value = '';
      box.search('', 'auto');
    } else if (box.isPopup && panelShown()) box.setOpen(false);
    else if (box.dismiss !== undefined) box.dismiss();
    else handled = false;
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const onPanelClick = (event: Event): void => {
    const target = event.target instanceof Element ? event.target : null;
    const option = target?.closest<HTMLElement>('.zhs-option');
    const button = target?.closest<HTMLElement>('button');
    if (option != null) {
      if (option.dataset.zhsKind === 'recent') box.choose(option.dataset.zhsQuery ?? '');
      else if (option.hasAttribute('href')) box.remember();
    } else if (button?.classList.contains('zhs-chip') === true) box.choose(button.dataset.zhsQuery ?? '');
    else if (button === view.more) box.loadMore();
    else if (button === view.clearRecent) box.clearRecent();
    else if (button?.classList.contains('zhs-retry') === true) box.retry();
  };

  on(input, 'input', (event) => {
    if (!isImeEvent(event as InputEvent, box.isComposing())) box.typed();
  });
  on(input, 'focus', () => {
    if (input.value.trim() === '') box.showIdle(true);
    box.setOpen(true);
  });
  on(input, 'click', () => box.setOpen(true));
  on(input, 'keydown', (event) => onKeydown(event as KeyboardEvent));
  // Options and buttons keep focus in the input on mouse down (the combobox pattern), so the panel stays open.
  on(view.panel, 'mousedown', (event) => {
    if (event.target instanceof Element && event.target.closest('.zhs-option, button') !== null) event.preventDefault();
  });
  on(view.panel, 'click', onPanelClick);
  on(view.box, 'focusout', (event) => {
    const next = (event as FocusEvent).relatedTarget;
    if (next instanceof Node && view.box.contains(next)) return;
    if (box.isShowingRecent()) box.showIdle(false);
    if (box.isPopup) box.setOpen(false);
  });
  on(document, 'pointerdown', (event) => {
    if (box.isPopup && !(event.target instanceof Node && view.box.contains(event.target))) box.setOpen(false);
  });
  return () => {
    for (const remove of removers.splice(0)) remove();
  };
}
