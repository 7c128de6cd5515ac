/**
 * Mounts a box on an element: resolves options (explicit > data attributes > defaults), builds the
 * view for the mode (inline, modal or page), connects recent searches, shortcuts and the page URL,
 * and returns the handle whose destroy() puts the element back as it was.
 */
import { createBox, type Box } from './box.js';
import { createBoxView } from './box-view.js';
import { h, setChildren } from './element.js';
import { registerHotkeys } from './hotkeys.js';
import { stringsFor } from './i18n.js';
import { createModal, type Modal } from './modal.js';
import { optionsFromDataset, resolveOptions, type MountOptions, type ResolvedOptions } from './options.js';
import { createPageHistory, type PageHistory } from './page-history.js';
import { createRecentStore, type StorageLike } from './storage.js';
import { ensureStylesheet } from './stylesheet.js';

/** What `Zhsearch.mount` returns. */
export interface MountHandle {
  /** The options in effect after data attributes and defaults. */
  readonly options: ResolvedOptions;
  /** Focuses the input (modal: opens the dialog). */
  focus(): void;
  /** Searches for `query` as if typed and committed. */
  search(query: string): void;
  /** Stops all requests and listeners and restores the element's original content. */
  destroy(): void;
}

const handles = new WeakMap<Element, MountHandle>();
let mountCount = 0;

function localStorageOrNull(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    // Reading window.localStorage throws where storage is blocked (sandboxed iframes, some privacy modes).
    return null;
  }
}

/**
 * Turns `element` into a search box. Mounting an element again replaces its previous box.
 *
 * @example
 * const handle = Zhsearch.mount(document.querySelector('#search'), { endpoint: 'https://search.example.com', mode: 'modal' });
 * handle.destroy();
 */
export function mount(element: HTMLElement, explicit: MountOptions = {}): MountHandle {
  handles.get(element)?.destroy();
  const options = resolveOptions(explicit, optionsFromDataset(element.dataset), document.documentElement.getAttribute('lang'));
  const strings = stringsFor(options.lang);
  const idBase = `zhs-${++mountCount}`;
  ensureStylesheet();

  const closeButton = options.mode === 'modal' ? h('button', { type: 'button', class: 'zhs-close' }, [strings.close]) : null;
  const view = createBoxView(idBase, strings, options.placeholder, closeButton);
  view.box.setAttribute('lang', options.lang);
  let modal: Modal | null = null;
  let pageHistory: PageHistory | null = null;
  const box: Box = createBox({
    view,
    idBase,
    endpoint: options.endpoint,
    pageSize: options.pageSize,
    isPopup: options.mode === 'inline',
    strings,
    render: { lang: options.lang, strings, linkBase: new URL(`${options.endpoint}/`, location.href).href },
    recent: createRecentStore(localStorageOrNull(), `zhsearch:recent:${options.endpoint}`),
    onQuery: (query, how) => pageHistory?.write(query, how),
    onDismiss: options.mode === 'modal' ? () => modal?.close() : undefined,
  });
  if (closeButton !== null) {
    modal = createModal({ idBase, strings, box: view.box, input: view.input, closeButton, isComposing: box.isComposing });
  }

  const original = Array.from(element.childNodes);
  const addedClasses = ['zhs-root', `zhs-mode-${options.mode}`].filter((name) => !element.classList.contains(name));
  element.classList.add(...addedClasses);
  element.setAttribute('data-zhs-mounted', '');
  setChildren(element, modal === null ? [view.box] : [modal.launcher, modal.dialog]);

  const focus = (): void => {
    if (modal !== null) return modal.open();
    box.focus();
    view.box.scrollIntoView({ block: 'nearest' });
  };
  const unregisterHotkeys = options.hotkeys ? registerHotkeys({ activate: focus }) : null;

  let first = options.initialQuery;
  if (options.mode === 'page') {
    pageHistory = createPageHistory((query) => box.search(query, 'none'));
    first = pageHistory.current() || first;
  }
  if (first !== '') box.search(first, 'none');

  const handle: MountHandle = {
    options,
    focus,
    search: (query) => box.search(query, 'push'),
    destroy() {
      if (handles.get(element) !== handle) return;
      handles.delete(element);
      box.destroy();
      modal?.dispose();
      pageHistory?.dispose();
      unregisterHotkeys?.();
      setChildren(element, original);
      element.classList.remove(...addedClasses);
      element.removeAttribute('data-zhs-mounted');
    },
  };
  handles.set(element, handle);
  return handle;
}
