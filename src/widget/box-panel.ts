/**
 * Draws the panel from the box's state: which parts show (chips, heading, listbox, status,
 * "more results"), the loading/empty/error status with its retry button, aria-expanded and
 * aria-busy. No requests and no event handling; the same state always draws the same panel.
 */
import type { BoxView } from './box-view.js';
import { h, setChildren } from './element.js';
import type { ErrorKind, Strings } from './i18n.js';

export type Phase = 'idle' | 'loading' | 'results' | 'error';

export interface PanelState {
  /** Inline boxes: the user has the popup open (focus in the box, not dismissed). */
  open: boolean;
  showingRecent: boolean;
  phase: Phase;
  query: string;
  shown: number;
  total: number;
  error: ErrorKind | null;
  moreError: ErrorKind | null;
  moreLoading: boolean;
}

function renderStatus(view: BoxView, strings: Strings, state: PanelState): void {
  let kind = '';
  let message = '';
  let hasRetry = false;
  if (state.showingRecent) kind = '';
  else if (state.phase === 'loading' && state.shown === 0) [kind, message] = ['loading', strings.loading];
  else if (state.phase === 'results' && state.total === 0) [kind, message] = ['empty', strings.empty(state.query)];
  else if (state.phase === 'error' && state.error !== null) [kind, message, hasRetry] = ['error', strings.errors[state.error], true];
  else if (state.moreError !== null) [kind, message, hasRetry] = ['error', strings.errors[state.moreError], true];
  // Rebuilding an unchanged status would drop focus from its retry button.
  const key = `${kind}|${message}`;
  if (view.status.getAttribute('data-zhs-key') === key) return;
  view.status.setAttribute('data-zhs-key', key);
  view.status.hidden = kind === '';
  view.status.className = kind === '' ? 'zhs-status' : `zhs-status zhs-status-${kind}`;
  setChildren(view.status, [
    ...(kind === '' ? [] : [h('span', { class: 'zhs-status-text' }, [message])]),
    ...(hasRetry ? [h('button', { type: 'button', class: 'zhs-retry' }, [strings.retry])] : []),
  ]);
}

export function renderPanel(view: BoxView, strings: Strings, state: PanelState): void {
  const { listbox } = view;
  const hasOptions = listbox.children.length > 0;
  listbox.hidden = !hasOptions;
  listbox.setAttribute('aria-label', state.showingRecent ? strings.recent : strings.results);
  listbox.setAttribute('aria-busy', String(state.phase === 'loading'));
  view.chips.hidden = state.showingRecent || state.phase === 'idle' || view.chips.children.length === 0;
  const hasCount = !state.showingRecent && (state.phase === 'loading' || state.phase === 'results') && state.shown > 0;
  view.heading.hidden = !state.showingRecent && !hasCount;
  view.headingText.textContent = state.showingRecent ? strings.recent : hasCount ? strings.count(state.total) : '';
  view.clearRecent.hidden = !state.showingRecent;
  renderStatus(view, strings, state);
  view.more.hidden = state.showingRecent || state.phase !== 'results' || state.shown >= state.total;
  view.more.textContent = state.moreLoading ? strings.loadingMore : strings.more;
  view.more.setAttribute('aria-disabled', String(state.moreLoading));
  const hasContent = hasOptions || !view.status.hidden || !view.chips.hidden || !view.more.hidden;
  view.panel.hidden = !(state.open && hasContent);
  view.input.setAttribute('aria-expanded', String(!view.panel.hidden && hasOptions));
  view.box.classList.toggle('zhs-open', !view.panel.hidden);
  view.box.classList.toggle('zhs-busy', state.phase === 'loading' || state.moreLoading);
}
