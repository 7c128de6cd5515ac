/**
 * One search box's state and requests: debounced, abortable searches as the user types (never for
 * raw IME letters), suggestions, paging, recent searches. Events come through box-events.ts and the
 * panel is drawn by box-panel.ts; the dialog (modal.ts) and the URL (page-history.ts) stay outside.
 */
import type { ApiHit } from '../api/contract.js';
import { errorKind, fetchSearch, fetchSuggest, isAbort } from './api.js';
import { wireBoxEvents, type BoxActions } from './box-events.js';
import { renderPanel, type PanelState } from './box-panel.js';
import type { BoxView } from './box-view.js';
import { createDebouncer } from './debounce.js';
import { setChildren } from './element.js';
import type { Strings } from './i18n.js';
import { trackComposition } from './ime.js';
import { createListbox } from './listbox.js';
import type { HistoryWrite } from './page-history.js';
import { renderChip, renderHitOption, renderRecentOption, type RenderContext } from './render.js';
import type { RecentStore } from './storage.js';

export const DEBOUNCE_MS = 150;
export const SUGGEST_LIMIT = 6;

export interface BoxConfig {
  view: BoxView;
  idBase: string;
  endpoint: string;
  pageSize: number;
  /** Inline boxes open and close their panel; modal and page boxes always show it. */
  isPopup: boolean;
  strings: Strings;
  render: RenderContext;
  recent: RecentStore;
  /** Every query the box runs ('' when cleared), with how the page URL should record it. */
  onQuery?: (query: string, how: HistoryWrite) => void;
  /** Esc on an empty, closed box (modal: close the dialog). */
  onDismiss?: () => void;
}

export interface Box {
  /** Sets the input and searches now; 'none' leaves the URL alone (back/forward, first load). */
  search(query: string, how: HistoryWrite | 'none'): void;
  focus(): void;
  isComposing(): boolean;
  destroy(): void;
}

export function createBox(config: BoxConfig): Box {
  const { view, strings } = config;
  const { input } = view;
  const list = createListbox(input, view.listbox);
  const state: PanelState = {
    open: !config.isPopup,
    showingRecent: false,
    phase: 'idle',
    query: '',
    shown: 0,
    total: 0,
    error: null,
    moreError: null,
    moreLoading: false,
  };
  let hits: ApiHit[] = [];
  let controller: AbortController | null = null;
  let moreController: AbortController | null = null;

  const sync = (): void => renderPanel(view, strings, state);
  const optionId = (index: number): string => `${config.idBase}-option-${index}`;
  const hitOptions = (batch: readonly ApiHit[], start: number): HTMLElement[] =>
    batch.map((hit, index) => renderHitOption(hit, optionId(start + index), config.render));
  const announce = (message: string): void => {
    // The same text twice would not be announced again; a trailing no-break space makes it a change.
    view.live.textContent = view.live.textContent === message ? `${message}\u00a0` : message;
  };
  const abortRequests = (): void => {
    controller?.abort();
    moreController?.abort();
    [controller, moreController, state.moreLoading] = [null, null, false];
  };

  function showIdle(withRecent: boolean): void {
    abortRequests();
    debouncer.cancel();
    Object.assign(state, { phase: 'idle', query: '', shown: 0, total: 0, error: null, moreError: null });
    hits = [];
    setChildren(view.chips, []);
    const recent = withRecent ? config.recent.list() : [];
    state.showingRecent = recent.length > 0;
    list.replace(recent.map((item, index) => renderRecentOption(item, optionId(index))));
    sync();
  }

  function runSearch(raw: string, how: HistoryWrite | 'none', force = false): void {
    const q = raw.trim();
    debouncer.cancel();
    if (how !== 'none') config.onQuery?.(q, how);
    if (how === 'push' && q !== '') config.recent.add(q);
    if (q === '') return showIdle(view.box.contains(document.activeElement));
    if (!force && q === state.query && (state.phase === 'loading' || state.phase === 'results')) return;
    abortRequests();
    const current = new AbortController();
    controller = current;
    // Enter while the new results load must not open an old result.
    if (state.showingRecent) list.replace([]);
    else list.deactivate();
    Object.assign(state, { query: q, phase: 'loading', error: null, moreError: null, showingRecent: false });
    sync();
    fetchSuggest(config.endpoint, { q, limit: SUGGEST_LIMIT }, current.signal).then(
      (body) => {
        if (controller !== current) return;
        const usable = body.suggestions.filter((s) => typeof s.text === 'string' && s.text.trim() !== '' && s.text.trim() !== q);
        setChildren(view.chips, usable.map(renderChip));
        sync();
      },
      () => {
        // Suggestions are optional: a failure (or a server without /api/suggest) only hides the chips.
        if (controller !== current) return;
        setChildren(view.chips, []);
        sync();
      },
    );
    fetchSearch(config.endpoint, { q, limit: config.pageSize, offset: 0 }, current.signal).then(
      (body) => {
        if (controller !== current) return;
        hits = body.hits.slice();
        Object.assign(state, { phase: 'results', shown: hits.length, total: body.total });
        list.replace(hitOptions(hits, 0));
        announce(body.total === 0 ? strings.empty(q) : strings.count(body.total));
        sync();
      },
      (failure: unknown) => {
        if (controller !== current || isAbort(failure, current.signal)) return;
        hits = [];
        Object.assign(state, { phase: 'error', shown: 0, total: 0, error: errorKind(failure) });
        list.replace([]);
        announce(strings.errors[errorKind(failure)]);
        sync();
      },
    );
  }

  function loadMore(): void {
    if (state.moreLoading || state.phase !== 'results' || hits.length >= state.total) return;
    const current = new AbortController();
    moreController = current;
    Object.assign(state, { moreLoading: true, moreError: null });
    sync();
    fetchSearch(config.endpoint, { q: state.query, limit: config.pageSize, offset: hits.length }, current.signal).then(
      (body) => {
        if (moreController !== current) return;
        const seen = new Set(hits.map((hit) => hit.id));
        const fresh = body.hits.filter((hit) => !seen.has(hit.id));
        list.append(hitOptions(fresh, hits.length));
        hits = hits.concat(fresh);
        // An index rebuilt between pages can shrink the total; never offer a page that cannot come.
        const total = fresh.length === 0 ? hits.length : Math.max(body.total, hits.length);
        Object.assign(state, { moreLoading: false, shown: hits.length, total });
        announce(strings.shown(hits.length, total));
        // The last page hides "more results": move focus to the input before the button goes, or the
        // browser drops focus on the body and the popup closes as if the user had left.
        if (document.activeElement === view.more && hits.length >= total) input.focus();
        sync();
      },
      (failure: unknown) => {
        if (moreController !== current || isAbort(failure, current.signal)) return;
        Object.assign(state, { moreLoading: false, moreError: errorKind(failure) });
        announce(strings.errors[errorKind(failure)]);
        sync();
      },
    );
  }

  const debouncer = createDebouncer((value: string) => {
    if (!composition.isActive()) runSearch(value, 'auto');
  }, DEBOUNCE_MS);
  // The committed text is searched at once; the raw letters typed during the composition never are.
  const composition = trackComposition(
    input,
    () => debouncer.cancel(),
    () => {
      state.open = true;
      runSearch(input.value, 'auto');
    },
  );

  const choose = (text: string): void => {
    input.value = text;
    input.focus();
    input.setSelectionRange(text.length, text.length);
    state.open = true;
    runSearch(text, 'push');
  };

  const actions: BoxActions = {
    view,
    list,
    isPopup: config.isPopup,
    isComposing: () => composition.isActive(),
    setOpen(open) {
      state.open = open || !config.isPopup;
      sync();
    },
    typed() {
      state.open = true;
      // The text changed: a result highlighted for the old text must not be what Enter opens.
      list.deactivate();
      if (input.value.trim() === '') runSearch('', 'auto');
      else debouncer.schedule(input.value);
    },
    search: (raw, how) => runSearch(raw, how),
    showIdle,
    isShowingRecent: () => state.showingRecent,
    reopen() {
      state.open = true;
      if (input.value.trim() === '') showIdle(true);
      else if (state.phase === 'idle') runSearch(input.value, 'auto');
      else sync();
    },
    loadMore,
    retry() {
      input.focus();
      if (state.phase === 'error') runSearch(state.query, 'none', true);
      else loadMore();
    },
    choose,
    activate(option) {
      if (option.dataset.zhsKind === 'recent') return choose(option.dataset.zhsQuery ?? '');
      const href = option.getAttribute('href');
      if (href === null) return;
      config.recent.add(state.query);
      location.assign(href);
    },
    remember: () => void config.recent.add(state.query),
    clearRecent() {
      config.recent.clear();
      input.focus();
      showIdle(true);
    },
    dismiss: config.onDismiss,
  };
  const unwire = wireBoxEvents(actions);

  return {
    search(text, how) {
      input.value = text;
      runSearch(text, how);
    },
    focus() {
      input.focus();
      input.select();
    },
    isComposing: () => composition.isActive(),
    destroy() {
      abortRequests();
      debouncer.cancel();
      composition.dispose();
      unwire();
    },
  };
}
