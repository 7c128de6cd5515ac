/**
 * Page mode's link to the address bar: writes `?q=` with pushState (a typing burst updates one
 * entry with replaceState) and reports back/forward navigation. Owns the popstate listener only;
 * the URL arithmetic is page-url.ts.
 */
import { readQueryParam, shouldPushHistory, withQueryParam } from './page-url.js';

/** `auto`: push after a pause, else replace; `push`: a committed query (Enter, a chip) always gets its entry. */
export type HistoryWrite = 'auto' | 'push';

export interface PageHistory {
  /** The query in the current URL ('' when none). */
  current(): string;
  write(query: string, how: HistoryWrite): void;
  dispose(): void;
}

export function createPageHistory(onNavigate: (query: string) => void, now: () => number = Date.now): PageHistory {
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  const onPopState = (): void => {
    lastWriteAt = Number.NEGATIVE_INFINITY;
    onNavigate(readQueryParam(location.href));
  };
  window.addEventListener('popstate', onPopState);
  return {
    current: () => readQueryParam(location.href),
    write(query, how) {
      const next = withQueryParam(location.href, query);
      if (next !== location.href) {
        const at = now();
        if (how === 'push' || shouldPushHistory(at - lastWriteAt)) history.pushState(null, '', next);
        else history.replaceState(history.state, '', next);
        lastWriteAt = at;
      }
      // After a committed query, the next keystroke starts a new history entry.
      if (how === 'push') lastWriteAt = Number.NEGATIVE_INFINITY;
    },
    dispose: () => window.removeEventListener('popstate', onPopState),
  };
}
