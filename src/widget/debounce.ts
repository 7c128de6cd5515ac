/**
 * Trailing-edge debounce with explicit cancel and flush, so typing sends one request per pause
 * and compositionend can search at once. Pure: timers are injectable for tests.
 */

export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Debouncer<A extends unknown[]> {
  /** (Re)starts the wait; the last arguments win. */
  schedule(...args: A): void;
  /** Runs the pending call now, if any. */
  flush(): void;
  /** Drops the pending call. */
  cancel(): void;
  isPending(): boolean;
}

const globalTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};

/** @example const d = createDebouncer((q: string) => search(q), 150); d.schedule('核酸'); */
export function createDebouncer<A extends unknown[]>(
  callback: (...args: A) => void,
  waitMs: number,
  timers: Timers = globalTimers,
): Debouncer<A> {
  let handle: unknown = null;
  let pendingArgs: A | null = null;

  const cancel = (): void => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    pendingArgs = null;
  };
  const flush = (): void => {
    const args = pendingArgs;
    cancel();
    if (args !== null) callback(...args);
  };
  return {
    schedule(...args: A) {
      if (handle !== null) timers.clearTimeout(handle);
      pendingArgs = args;
      handle = timers.setTimeout(flush, waitMs);
    },
    flush,
    cancel,
    isPending: () => pendingArgs !== null,
  };
}
