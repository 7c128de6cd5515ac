/**
 * Cooperative loading: a long loop calls `pause()` between items, and every `budgetMs` of work it yields
 * to the event loop (setImmediate, so pending I/O such as HTTP requests runs first). It does not make
 * any single step shorter: one JSON.parse is still one block.
 */

/** Yields to the event loop once `budgetMs` of work has passed since the last yield. */
export type Pause = () => Promise<void>;

/** A pause that never yields (synchronous callers, tests). */
export const NO_PAUSE: Pause = () => Promise.resolve();

/** The default slice: short enough that requests queued behind a load wait about this long at most. */
export const DEFAULT_SLICE_MS = 8;

/**
 * @example
 * const pause = createTimeSlicer();
 * for (const doc of documents) { work(doc); await pause(); }
 */
export function createTimeSlicer(budgetMs = DEFAULT_SLICE_MS): Pause {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
