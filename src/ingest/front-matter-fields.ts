/**
 * Reads Post fields (title, categories, tags, author, url, draft flag, meta) from parsed front matter
 * the way Hexo does. Does not parse dates (dates.ts) or touch the body.
 */

export interface FrontMatterFields {
  /** Null when absent or empty: the caller falls back to the body's first heading. */
  title: string | null;
  categories: string[];
  tags: string[];
  author: string | null;
  url: string | null;
  /** `published: false`. */
  isUnpublished: boolean;
  /** Every field not read into the above (and not `date`), JSON-safe. */
  meta: Record<string, unknown>;
}

export type FieldsResult = { ok: true; fields: FrontMatterFields } | { ok: false; message: string };

const CONSUMED_KEYS = new Set(['title', 'date', 'categories', 'tags', 'author', 'permalink', 'url']);

// YAML aliases share nodes (and may form cycles); copying them naively can blow up exponentially.
const MAX_DEPTH = 32;
const MAX_VALUES = 10_000;

class TooComplexError extends Error {}

/** Interprets a front matter mapping. Fails only when aliases make it too deep or too large to copy. */
export function readFrontMatterFields(data: Record<string, unknown>): FieldsResult {
  try {
    const budget = { values: 0 };
    // fromEntries defines own properties, so a `__proto__` key stays data.
    const meta = Object.fromEntries(
      Object.entries(data)
        .filter(([key]) => !CONSUMED_KEYS.has(key))
        .map(([key, value]) => [key, toJsonSafe(value, 0, budget)]),
    );
    const fields: FrontMatterFields = {
      title: readTitle(data.title, budget),
      categories: readCategories(data.categories, budget),
      tags: unique(flattenScalars(data.tags, 0, budget)),
      author: readAuthor(data.author),
      url: nonEmpty(scalarToString(data.permalink)) ?? nonEmpty(scalarToString(data.url)),
      isUnpublished: data.published === false,
      meta,
    };
    return { ok: true, fields };
  } catch (error) {
    if (error instanceof TooComplexError) return { ok: false, message: error.message };
    throw error;
  }
}

function readTitle(value: unknown, budget: { values: number }): string | null {
  // A YAML block scalar may span lines; a title is one line.
  return nonEmpty(flattenScalars(value, 0, budget).join(' ').replace(/\s+/g, ' ').trim());
}

/**
 * Hexo's rule: a flat list is ONE hierarchy (`[金融, 新浪财经]` → `金融/新浪财经`); a list holding lists
 * gives one path per item (`[[a, b], c]` → `a/b`, `c`); a single value is a one-segment path.
 */
function readCategories(value: unknown, budget: { values: number }): string[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  const hasNested = items.some((item) => Array.isArray(item));
  const paths = hasNested
    ? items.map((item) => flattenScalars(item, 1, budget).join('/'))
    : [flattenScalars(items, 1, budget).join('/')];
  return unique(paths.filter((path) => path !== ''));
}

function readAuthor(value: unknown): string | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'name' in value) {
    return nonEmpty(scalarToString((value as { name: unknown }).name));
  }
  return nonEmpty(scalarToString(value));
}

/** Scalars of a value, nested lists flattened in order; trimmed, empty and mapping values dropped. */
function flattenScalars(value: unknown, depth: number, budget: { values: number }): string[] {
  spend(budget, depth);
  if (Array.isArray(value)) return value.flatMap((item) => flattenScalars(item, depth + 1, budget));
  const text = nonEmpty(scalarToString(value));
  return text === null ? [] : [text];
}

function scalarToString(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return null;
}

/** A JSON-safe copy: non-finite numbers and other non-JSON values become strings. */
function toJsonSafe(value: unknown, depth: number, budget: { values: number }): unknown {
  spend(budget, depth);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map((item) => toJsonSafe(item, depth + 1, budget));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, toJsonSafe(item, depth + 1, budget)]),
    );
  }
  return String(value);
}

function spend(budget: { values: number }, depth: number): void {
  budget.values += 1;
  if (depth > MAX_DEPTH || budget.values > MAX_VALUES) {
    throw new TooComplexError(
      `front matter is too deeply nested or too large (limit: depth ${MAX_DEPTH}, ${MAX_VALUES} values)`,
    );
  }
}

function nonEmpty(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
