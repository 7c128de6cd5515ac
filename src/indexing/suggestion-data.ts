/**
 * The stored suggestion vocabulary of one index generation: words and frequent word sequences
 * with their post counts, sorted by normalized key, plus sorted pinyin keys pointing at them.
 * It holds and (de)serializes the data; collecting it is suggestion-collector.ts, prefix lookup
 * is search/suggester.ts.
 */
import { ZhsearchError } from '../errors.js';
import { NO_PAUSE, type Pause } from './time-slice.js';

const FORMAT = 'zhsearch-suggestions';
const VERSION = 1;
const MERGE_PAUSE_EVERY = 4096;

/** Pinyin keys (ascending, code-unit order; equal keys by entry) and the entry each one names. */
export interface PinyinKeys {
  readonly keys: readonly string[];
  readonly entries: Uint32Array;
}

/** The arrays a SuggestionData is made of; every per-entry array has one item per key. */
export interface SuggestionArrays {
  /** Normalized words and word sequences, strictly ascending in code-unit order (what a typed prefix is matched against). */
  keys: string[];
  /** What to show and search for: the surface form most posts wrote the key in (`iPhone` for `iphone`). */
  texts: string[];
  /** Number of posts holding the key (title or text). */
  posts: Uint32Array;
  /** Whole toneless pinyin (`hesuanjiance`) of the Han-only entries. */
  pinyinFull: PinyinKeys;
  /** First letters of the syllables (`hsjc`) of the same entries. */
  pinyinInitials: PinyinKeys;
}

interface SuggestionJson {
  format: string;
  version: number;
  keys: string[];
  /** '' where the text equals the key (most Chinese words), to keep the file small. */
  texts: string[];
  posts: number[];
  pinyinFull: { keys: string[]; entries: number[] };
  pinyinInitials: { keys: string[]; entries: number[] };
}

export class SuggestionData implements SuggestionArrays {
  readonly keys: string[];
  readonly texts: string[];
  readonly posts: Uint32Array;
  readonly pinyinFull: PinyinKeys;
  readonly pinyinInitials: PinyinKeys;

  constructor(arrays: SuggestionArrays) {
    this.keys = arrays.keys;
    this.texts = arrays.texts;
    this.posts = arrays.posts;
    this.pinyinFull = arrays.pinyinFull;
    this.pinyinInitials = arrays.pinyinInitials;
  }

  /** Number of words and word sequences. */
  get size(): number {
    return this.keys.length;
  }

  static empty(): SuggestionData {
    const none: PinyinKeys = { keys: [], entries: new Uint32Array(0) };
    return new SuggestionData({ keys: [], texts: [], posts: new Uint32Array(0), pinyinFull: none, pinyinInitials: none });
  }

  /**
   * One vocabulary over several segments' vocabularies: post counts add up, each key shows the
   * text of the segment where it is in most posts, and the `maxEntries` keys in most posts are kept.
   * Approximate where a full build is exact: a segment keeps the counts of posts deleted from it
   * later, and a word sequence found once in each of two segments was dropped by both (one post is
   * not enough for a sequence); both are exact again once the segments are rebuilt together.
   */
  static async merge(parts: readonly SuggestionData[], maxEntries: number, pause: Pause = NO_PAUSE): Promise<SuggestionData> {
    if (parts.length === 1 && parts[0]!.size <= maxEntries) return parts[0]!;
    const merged = new Map<string, { posts: number; text: string; textPosts: number; full: string | null; initials: string | null }>();
    for (const part of parts) {
      const full = readingsByEntry(part.pinyinFull, part.size);
      const initials = readingsByEntry(part.pinyinInitials, part.size);
      for (let entry = 0; entry < part.size; entry++) {
        // Two 5k-post segments' vocabularies are ~0.8 s of merging: a reload yields meanwhile.
        if (entry % MERGE_PAUSE_EVERY === 0) await pause();
        const key = part.keys[entry]!;
        const posts = part.posts[entry]!;
        const known = merged.get(key);
        if (known === undefined) {
          merged.set(key, { posts, text: part.texts[entry]!, textPosts: posts, full: full[entry] ?? null, initials: initials[entry] ?? null });
          continue;
        }
        known.posts += posts;
        if (posts > known.textPosts) {
          known.text = part.texts[entry]!;
          known.textPosts = posts;
        }
      }
    }
    await pause();
    const kept = mostPosted([...merged], maxEntries, (entry) => entry.posts);
    const full: Array<[string, number]> = [];
    const initials: Array<[string, number]> = [];
    kept.forEach(([, entry], number) => {
      if (entry.full !== null) full.push([entry.full, number]);
      if (entry.initials !== null) initials.push([entry.initials, number]);
    });
    return new SuggestionData({
      keys: kept.map(([key]) => key),
      texts: kept.map(([, entry]) => entry.text),
      posts: Uint32Array.from(kept, ([, entry]) => entry.posts),
      pinyinFull: sortedPinyinKeys(full),
      pinyinInitials: sortedPinyinKeys(initials),
    });
  }

  serialize(): Buffer {
    const json: SuggestionJson = {
      format: FORMAT,
      version: VERSION,
      keys: this.keys,
      texts: this.texts.map((text, i) => (text === this.keys[i] ? '' : text)),
      posts: Array.from(this.posts),
      pinyinFull: { keys: [...this.pinyinFull.keys], entries: Array.from(this.pinyinFull.entries) },
      pinyinInitials: { keys: [...this.pinyinInitials.keys], entries: Array.from(this.pinyinInitials.entries) },
    };
    return Buffer.from(JSON.stringify(json), 'utf8');
  }

  /**
   * Parses and checks a serialized vocabulary: anything off (shape, lengths, order, an entry out of
   * range) is INDEX_CORRUPT, because lookups binary-search these arrays and must never load a wrong one.
   */
  static deserialize(bytes: Buffer, fileName: string): SuggestionData {
    const corrupt = (why: string): ZhsearchError =>
      new ZhsearchError('INDEX_CORRUPT', `Index file ${fileName} is corrupt: ${why}.`);
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new ZhsearchError('INDEX_CORRUPT', `Index file ${fileName} is not valid JSON.`, { cause: error });
    }
    const json = value as Partial<SuggestionJson> | null;
    if (typeof json !== 'object' || json === null || json.format !== FORMAT || json.version !== VERSION) {
      throw corrupt('not a suggestion file of this version');
    }
    const keys = stringArray(json.keys, 'keys', corrupt);
    const texts = stringArray(json.texts, 'texts', corrupt);
    const posts = countArray(json.posts, 'posts', corrupt);
    if (texts.length !== keys.length || posts.length !== keys.length) throw corrupt('entry arrays differ in length');
    for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) throw corrupt('keys out of order');
    const pinyin = (raw: unknown, name: string): PinyinKeys => {
      const table = raw as { keys?: unknown; entries?: unknown } | null;
      if (typeof table !== 'object' || table === null) throw corrupt(`missing ${name}`);
      const pinyinKeys = stringArray(table.keys, `${name}.keys`, corrupt);
      const entries = countArray(table.entries, `${name}.entries`, corrupt);
      if (entries.length !== pinyinKeys.length) throw corrupt(`${name} arrays differ in length`);
      for (let i = 0; i < entries.length; i++) {
        if (entries[i]! >= keys.length) throw corrupt(`${name} names a missing entry`);
        if (i > 0 && pinyinKeys[i - 1]! > pinyinKeys[i]!) throw corrupt(`${name} keys out of order`);
      }
      return { keys: pinyinKeys, entries };
    };
    return new SuggestionData({
      keys,
      texts: texts.map((text, i) => (text === '' ? keys[i]! : text)),
      posts,
      pinyinFull: pinyin(json.pinyinFull, 'pinyinFull'),
      pinyinInitials: pinyin(json.pinyinInitials, 'pinyinInitials'),
    });
  }
}

/** Pinyin keys (ascending; equal keys by entry) from (key, entry) pairs. */
/**
 * The `max` entries in most posts (ties: the smaller key), sorted by key: what a sort by posts then a
 * cut would keep, without sorting every entry (a 5,000-post segment counts a million words and word
 * sequences): the cut-off post count is found on the counts alone, and only the kept entries are sorted.
 */
export function mostPosted<T>(entries: Array<[string, T]>, max: number, postsOf: (value: T) => number): Array<[string, T]> {
  const byKey = (a: [string, T], b: [string, T]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  if (entries.length <= max) return entries.sort(byKey);
  if (max <= 0) return [];
  const counts = Float64Array.from(entries, ([, value]) => -postsOf(value)).sort();
  const cutOff = -counts[max - 1]!;
  const above = entries.filter(([, value]) => postsOf(value) > cutOff);
  const at = entries.filter(([, value]) => postsOf(value) === cutOff).sort(byKey);
  return above.concat(at.slice(0, max - above.length)).sort(byKey);
}

export function sortedPinyinKeys(pairs: Array<[string, number]>): PinyinKeys {
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x - y));
  return { keys: pairs.map(([key]) => key), entries: Uint32Array.from(pairs, ([, entry]) => entry) };
}

/** The pinyin key of each entry (at most one per entry and table), by entry number. */
function readingsByEntry(table: PinyinKeys, size: number): Array<string | undefined> {
  const readings = new Array<string | undefined>(size);
  table.entries.forEach((entry, i) => {
    readings[entry] ??= table.keys[i];
  });
  return readings;
}

function stringArray(value: unknown, name: string, corrupt: (why: string) => Error): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw corrupt(`${name} is not a list of strings`);
  return value as string[];
}

function countArray(value: unknown, name: string, corrupt: (why: string) => Error): Uint32Array {
  if (!Array.isArray(value) || !value.every((item) => Number.isInteger(item) && item >= 0 && item <= 0xffffffff)) {
    throw corrupt(`${name} is not a list of counts`);
  }
  return Uint32Array.from(value as number[]);
}
