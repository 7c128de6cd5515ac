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

// Per BMP code unit, once known (0: not yet asked): whether it is a combining mark (MARK_KNOWN, IS_MARK),
// and its fold standing alone as a cluster of one (FOLD_KNOWN): the folded unit in the low 16 bits with
// ONE_UNIT when the fold is one unit too (`，` → `,`, `檢` → `检`, `A` → `a`). Nearly every character of
// a text is such a cluster, so a fold is mostly one table read per unit.
const UNIT_FACTS = new Uint32Array(0x10000);
const ONE_UNIT = 1 << 16;
const FOLD_KNOWN = 1 << 17;
const MARK_KNOWN = 1 << 18;
const IS_MARK = 1 << 19;
const UNIT_MASK = 0xffff;

function isCombiningMark(code: number): boolean {
  if (code > 0xffff) return COMBINING_MARK.test(String.fromCodePoint(code));
  let facts = UNIT_FACTS[code]!;
  if ((facts & MARK_KNOWN) === 0) {
    facts |= MARK_KNOWN | (COMBINING_MARK.test(String.fromCharCode(code)) ? IS_MARK : 0);
    UNIT_FACTS[code] = facts;
  }
  return (facts & IS_MARK) !== 0;
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

/** Learns the fold of a BMP unit standing alone (not a surrogate: those are never a cluster of one unit on their own terms). */
function unitFold(code: number): void {
  const folded = foldCluster(String.fromCharCode(code));
  UNIT_FACTS[code] = (UNIT_FACTS[code]! & (MARK_KNOWN | IS_MARK)) | FOLD_KNOWN | (folded.length === 1 ? ONE_UNIT | folded.charCodeAt(0) : 0);
}

/** True when the unit at `index` starts a combining mark (so it belongs to the cluster before it). */
function startsCombiningMark(text: string, index: number): boolean {
  if (index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 0x300) return false; // no combining mark sits below U+0300
  return isCombiningMark(code >= 0xd800 && code <= 0xdfff ? text.codePointAt(index)! : code);
}

/**
 * Folds `text` and records where cluster lengths changed. The fold is written unit by unit into a
 * typed array and turned into one flat string at the end (appending to a string builds a rope of one
 * node per unit, ~30 bytes each, that an index would hold for every document); a text the fold does
 * not change comes back as the same string.
 */
export function fold(text: string): FoldResult {
  const length = text.length;
  let out = scratchOf(length + 16);
  let written = 0;
  let changed = false;
  let shifts: number[] | null = null;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    const facts = UNIT_FACTS[code]!;
    // The common case, inline: a unit whose fold alone is one unit, not followed by a combining mark.
    if ((facts & ONE_UNIT) !== 0) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (next < 0x300 || (UNIT_FACTS[next]! & (MARK_KNOWN | IS_MARK)) === MARK_KNOWN || !startsCombiningMark(text, i + 1)) {
        const folded = facts & UNIT_MASK;
        out[written++] = folded;
        if (folded !== code) changed = true;
        i++;
        continue;
      }
    } else if ((facts & FOLD_KNOWN) === 0 && (code < 0xd800 || code > 0xdfff)) {
      unitFold(code);
      continue; // known now: the next turn takes it
    }
    const clusterUnits = clusterLength(text, i);
    const cluster = text.slice(i, i + clusterUnits);
    const folded = foldCluster(cluster);
    if (written + folded.length > out.length) out = scratchOf(2 * (written + folded.length), written);
    for (let k = 0; k < folded.length; k++) out[written + k] = folded.charCodeAt(k);
    if (folded !== cluster) changed = true;
    if (folded.length !== clusterUnits) (shifts ??= []).push(written, folded.length, i, clusterUnits);
    written += folded.length;
    i += clusterUnits;
  }
  if (!changed) return { text, shifts: null };
  const folded = Buffer.from(out.buffer, out.byteOffset, written * 2).toString('utf16le');
  return { text: folded, shifts: shifts === null ? null : Uint32Array.from(shifts) };
}

/** The fold's buffer, reused from text to text (a fold is synchronous), grown to `units`, keeping its first `keep` units. */
let scratch = new Uint16Array(1 << 12);

function scratchOf(units: number, keep = 0): Uint16Array {
  if (units > scratch.length) {
    const grown = new Uint16Array(Math.max(units, 2 * scratch.length));
    grown.set(scratch.subarray(0, keep));
    scratch = grown;
  }
  return scratch;
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

/** A fold as the changes it makes to its original (see foldChanges). */
export interface FoldChanges {
  spans: number;
  /** Per span: originalAt, originalLength, foldedLength, then foldedLength folded units. */
  numbers: number[];
}

/**
 * A fold as the changes it makes to its original, for storing it beside the original instead of
 * folding again: spans in ascending order, those that keep their length given unit by unit, those that
 * do not being the fold's shifts. Writing each span's folded units over the original, and recording
 * the spans whose length changed as shifts, gives that fold back (indexing/document-file.ts does).
 */
export function foldChanges(original: string, folded: FoldResult): FoldChanges {
  const numbers: number[] = [];
  let spans = 0;
  const text = folded.text;
  const sameLength = (originalFrom: number, foldedFrom: number, units: number): void => {
    for (let i = 0; i < units; i++) {
      const unit = text.charCodeAt(foldedFrom + i);
      if (unit === original.charCodeAt(originalFrom + i)) continue;
      numbers.push(originalFrom + i, 1, 1, unit);
      spans++;
    }
  };
  let originalAt = 0;
  let foldedAt = 0;
  const shifts = folded.shifts ?? [];
  for (let k = 0; k < shifts.length; k += 4) {
    const [shiftFoldedAt, foldedLength, shiftOriginalAt, originalLength] = [shifts[k]!, shifts[k + 1]!, shifts[k + 2]!, shifts[k + 3]!];
    sameLength(originalAt, foldedAt, shiftOriginalAt - originalAt);
    numbers.push(shiftOriginalAt, originalLength, foldedLength);
    for (let i = 0; i < foldedLength; i++) numbers.push(text.charCodeAt(shiftFoldedAt + i));
    spans++;
    originalAt = shiftOriginalAt + originalLength;
    foldedAt = shiftFoldedAt + foldedLength;
  }
  sameLength(originalAt, foldedAt, original.length - originalAt);
  return { spans, numbers };
}
