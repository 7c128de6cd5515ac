/**
 * Recent searches kept in localStorage: newest first, deduplicated, at most RECENT_MAX.
 * Storage may be missing or throw (private mode, sandboxed iframes, quota): the box then simply
 * has no history. Pure list logic plus a thin store over an injected Storage-like object.
 */

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const RECENT_MAX = 8;
/** Longer entries are not remembered (the server rejects queries over 256 characters anyway). */
export const RECENT_MAX_CHARS = 256;

export interface RecentStore {
  list(): string[];
  add(query: string): string[];
  clear(): void;
}

const canonical = (query: string): string => query.trim().replace(/\s+/g, ' ');
const sameQuery = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * `list` with `query` moved or added to the front; blank queries leave it unchanged.
 *
 * @example addRecent(['核酸', '疫情'], '疫情') // ['疫情', '核酸']
 */
export function addRecent(list: readonly string[], query: string, max: number = RECENT_MAX): string[] {
  const entry = canonical(query);
  if (entry === '' || entry.length > RECENT_MAX_CHARS) return list.slice(0, max);
  return [entry, ...list.filter((item) => !sameQuery(item, entry))].slice(0, max);
}

/** The stored list, tolerating anything a user or another script may have written there. */
export function parseRecent(raw: string | null, max: number = RECENT_MAX): string[] {
  if (raw === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    // A foreign or torn value means no history, not an error.
    return [];
  }
  if (!Array.isArray(value)) return [];
  let list: string[] = [];
  for (const item of value) {
    if (typeof item === 'string' && list.length < max) {
      const next = addRecent([], item, 1)[0];
      if (next !== undefined && !list.some((kept) => sameQuery(kept, next))) list = [...list, next];
    }
  }
  return list;
}

/** A store under `key`; `storage` null (unavailable) gives a store that remembers nothing. */
export function createRecentStore(storage: StorageLike | null, key: string, max: number = RECENT_MAX): RecentStore {
  const read = (): string[] => {
    if (storage === null) return [];
    try {
      return parseRecent(storage.getItem(key), max);
    } catch {
      // getItem throws when storage is blocked; history is optional.
      return [];
    }
  };
  const write = (list: string[]): void => {
    if (storage === null) return;
    try {
      if (list.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(list));
    } catch {
      // Quota or blocked storage: the search itself must keep working.
    }
  };
  return {
    list: read,
    add(query) {
      const next = addRecent(read(), query, max);
      write(next);
      return next;
    },
    clear: () => write([]),
  };
}
