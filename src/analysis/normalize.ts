/**
 * Text folding shared by documents and queries: NFKC, lowercase, traditional → simplified
 * (OpenCC, one character at a time), with a map back to the original offsets.
 * It does not segment; it is the only importer of opencc-js.
 */
import * as OpenCC from 'opencc-js';

/** Normalized text plus, for every UTF-16 unit of it, the original range it came from. */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  /** `starts[i]` is the original offset where normalized unit `i`'s source cluster starts. */
  readonly starts: Uint32Array;
  /** `ends[i]` is the original offset where normalized unit `i`'s source cluster ends. */
  readonly ends: Uint32Array;
}

// Per character on purpose: phrase-level conversion is not substring-stable
// (`乾隆` stays, `乾` alone becomes `干`), and a query must fold like the text it came from.
const traditionalToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const foldCache = new Map<string, string>();
const COMBINING_MARK = /\p{M}/u;

function foldCluster(cluster: string): string {
  const cached = foldCache.get(cluster);
  if (cached !== undefined) return cached;
  const nfkc = cluster.normalize('NFKC').toLowerCase();
  let folded = '';
  for (const ch of nfkc) folded += ch.charCodeAt(0) < 0x80 ? ch : traditionalToSimplified(ch);
  // NFKC can yield upper case again for a few compatibility characters (ℂ → C).
  folded = folded.toLowerCase();
  if (foldCache.size < 200_000) foldCache.set(cluster, folded);
  return folded;
}

// Per BMP code unit, once known: 1 a combining mark, 2 not (0 not yet asked). Every Han character
// followed by another one asks, and a regex test per character was a fifth of an index load.
const BMP_MARKS = new Uint8Array(0x10000);

function isCombiningMark(code: number): boolean {
  if (code > 0xffff) return COMBINING_MARK.test(String.fromCodePoint(code));
  if (BMP_MARKS[code] === 0) BMP_MARKS[code] = COMBINING_MARK.test(String.fromCharCode(code)) ? 1 : 2;
  return BMP_MARKS[code] === 1;
}

/** Length of the cluster (code point plus trailing combining marks) at `index`. */
function clusterLength(text: string, index: number): number {
  const first = text.codePointAt(index) ?? 0;
  let length = first > 0xffff ? 2 : 1;
  while (index + length < text.length) {
    const next = text.codePointAt(index + length) ?? 0;
    if (next < 0x300) break; // no combining mark sits below U+0300
    if (!isCombiningMark(next)) break;
    length += next > 0xffff ? 2 : 1;
  }
  return length;
}

function isPlainAscii(code: number): boolean {
  return code < 0x80;
}

/**
 * Where a fold changed lengths: quadruples `[foldedAt, foldedLength, originalAt, originalLength]`,
 * one per cluster whose fold has another length (`㎏` → `kg`), ascending. Everywhere else the
 * folded text lines up unit for unit with the original, shifted by the changes before it.
 */
export type FoldShifts = Uint32Array;

/** A fold, and the length changes needed to map it back (null when offsets were all kept). */
export interface FoldResult {
  text: string;
  shifts: FoldShifts | null;
}

// Per BMP code unit standing alone, once known: 1 the fold keeps it, 2 it changes (0 not yet asked).
// Most characters of a Chinese text keep, and then the cluster's slice and cache lookup are skipped.
const BMP_KEEPS = new Uint8Array(0x10000);

/**
 * Folds `text` and records where cluster lengths changed. Unchanged runs are copied as slices and
 * joined once, so the result is one flat string (appending unit by unit builds a rope of one node
 * per unit, ~30 bytes each, that an index would hold for every document); a text the fold does not
 * change comes back as the same string.
 */
export function fold(text: string): FoldResult {
  const parts: string[] = [];
  let shifts: number[] | null = null;
  let copiedTo = 0; // text[copiedTo, i) is unchanged so far and not yet in parts
  let foldedLength = 0; // length of the folded text in parts
  const replace = (at: number, length: number, folded: string): void => {
    parts.push(text.slice(copiedTo, at), folded);
    foldedLength += at - copiedTo;
    if (folded.length !== length) (shifts ??= []).push(foldedLength, folded.length, at, length);
    foldedLength += folded.length;
    copiedTo = at + length;
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (isPlainAscii(code) && !(i + 1 < text.length && text.charCodeAt(i + 1) >= 0x300)) {
      if (code >= 65 && code <= 90) replace(i, 1, String.fromCharCode(code + 32));
      i += 1;
      continue;
    }
    const length = clusterLength(text, i);
    if (length === 1 && BMP_KEEPS[code] === 1) {
      i += 1;
      continue;
    }
    const cluster = text.slice(i, i + length);
    const folded = foldCluster(cluster);
    if (length === 1) BMP_KEEPS[code] = folded === cluster ? 1 : 2;
    if (folded !== cluster) replace(i, length, folded);
    i += length;
  }
  if (parts.length === 0) return { text, shifts: null };
  parts.push(text.slice(copiedTo));
  return { text: parts.join(''), shifts: shifts === null ? null : Uint32Array.from(shifts) };
}

/** Index of the last shift entry whose foldedAt ≤ `at`, or -1. */
function lastShiftAtOrBefore(shifts: FoldShifts, at: number): number {
  let low = 0;
  let high = shifts.length / 4;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (shifts[mid * 4]! <= at) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** Original offset where folded unit `at` starts (its whole cluster, when the cluster changed length). */
function originalStart(shifts: FoldShifts, at: number): number {
  const k = lastShiftAtOrBefore(shifts, at);
  if (k < 0) return at;
  const foldedEnd = shifts[k * 4]! + shifts[k * 4 + 1]!;
  const originalAt = shifts[k * 4 + 2]!;
  if (at < foldedEnd) return originalAt;
  return originalAt + shifts[k * 4 + 3]! + (at - foldedEnd);
}

/** Original offset where folded unit `at` ends. */
function originalEnd(shifts: FoldShifts, at: number): number {
  const k = lastShiftAtOrBefore(shifts, at);
  if (k < 0) return at + 1;
  const foldedAt = shifts[k * 4]!;
  if (at < foldedAt + shifts[k * 4 + 1]!) return shifts[k * 4 + 2]! + shifts[k * 4 + 3]!;
  return originalStart(shifts, at) + 1;
}

/** Maps a range of folded text back to the original, given the fold's shifts. */
export function foldedRangeToOriginal(shifts: FoldShifts | null, start: number, end: number): [number, number] {
  if (shifts === null) return [start, end];
  if (end <= start) {
    const at = originalStart(shifts, start);
    return [at, at];
  }
  return [originalStart(shifts, start), originalEnd(shifts, end - 1)];
}

/** Folds `text` for matching. Equal to `normalizeWithOffsets(text).text`, without the map. */
export function normalize(text: string): string {
  return fold(text).text;
}

/**
 * Folds `text` and keeps where each folded unit came from, so a match in the folded text
 * can be highlighted on the original characters (`㎏` → `kg` maps both units to `㎏`).
 */
export function normalizeWithOffsets(text: string): NormalizedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < text.length) {
    const length = clusterLength(text, i);
    const folded = foldCluster(text.slice(i, i + length));
    parts.push(folded);
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(i + length);
    }
    i += length;
  }
  return {
    original: text,
    text: parts.join(''),
    starts: Uint32Array.from(starts),
    ends: Uint32Array.from(ends),
  };
}

/** Maps a range of the normalized text back to the original text. */
export function toOriginalRange(normalized: NormalizedText, start: number, end: number): [number, number] {
  if (end <= start) {
    const at = start < normalized.starts.length ? normalized.starts[start]! : normalized.original.length;
    return [at, at];
  }
  return [normalized.starts[start]!, normalized.ends[end - 1]!];
}
