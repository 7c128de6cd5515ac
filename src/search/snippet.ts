/**
 * Chooses a snippet: the window of the original text around the densest cluster of matches,
 * cut at Chinese sentence punctuation or line breaks where possible, with the match ranges
 * inside it. It produces no markup (highlight.ts does).
 */

/** A half-open UTF-16 range `[start, end)`. */
export interface TextRange {
  start: number;
  end: number;
}

export interface Snippet {
  /** The fragment, line breaks turned into spaces. */
  text: string;
  /** Match ranges relative to `text`, sorted, merged, non-overlapping. */
  ranges: TextRange[];
  /** True when text was cut before / after the fragment (render `…`). */
  cutBefore: boolean;
  cutAfter: boolean;
}

const SENTENCE_END = new Set(['。', '！', '？', '；', '!', '?', ';', '\n']);
/** How far back from the first match a sentence start may be looked for. */
const LOOKBACK_CHARS = 40;
/** Context kept before the first match when no sentence start is near. */
const LEAD_CHARS = 12;

/** Sorts and merges overlapping or adjacent ranges. */
export function mergeRanges(ranges: readonly TextRange[]): TextRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

function isLowSurrogate(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Moves `at` off the middle of a surrogate pair (towards the start). */
function onCodePointBoundary(text: string, at: number): number {
  return at > 0 && at < text.length && isLowSurrogate(text, at) ? at - 1 : at;
}

/** Index of the first range of the window with the most ranges. */
function densestAnchor(ranges: readonly TextRange[], windowChars: number): number {
  let best = 0;
  let bestCount = 0;
  let j = 0;
  for (let i = 0; i < ranges.length; i++) {
    if (j < i) j = i;
    while (j + 1 < ranges.length && ranges[j + 1]!.end <= ranges[i]!.start + windowChars) j++;
    const count = j - i + 1;
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  }
  return best;
}

function windowStart(text: string, anchor: number): number {
  for (let at = anchor - 1; at >= Math.max(0, anchor - LOOKBACK_CHARS); at--) {
    if (SENTENCE_END.has(text[at]!)) return at + 1;
  }
  return anchor - LOOKBACK_CHARS <= 0 ? 0 : onCodePointBoundary(text, anchor - LEAD_CHARS);
}

function windowEnd(text: string, start: number, mustReach: number, ranges: readonly TextRange[], windowChars: number): number {
  const limit = Math.max(start + windowChars, mustReach);
  if (limit >= text.length) return text.length;
  for (let at = limit - 1; at >= mustReach; at--) {
    if (SENTENCE_END.has(text[at]!)) return at + 1;
  }
  let end = limit;
  for (const range of ranges) if (range.start < end && range.end > end) end = range.start > start ? range.start : range.end;
  return onCodePointBoundary(text, end);
}

/**
 * The snippet of `text` for `matches` (ranges in `text`), about `windowChars` long.
 *
 * @example
 * buildSnippet('甲。核酸检测结果呈阳性。乙', [{ start: 2, end: 6 }], 120).text; // '甲。核酸检测结果呈阳性。乙'
 */
export function buildSnippet(text: string, matches: readonly TextRange[], windowChars: number): Snippet {
  const ranges = mergeRanges(matches);
  let start = 0;
  let mustReach = 0;
  if (ranges.length > 0) {
    const anchor = densestAnchor(ranges, windowChars);
    start = windowStart(text, ranges[anchor]!.start);
    mustReach = ranges[anchor]!.end;
  }
  let end = windowEnd(text, start, mustReach, ranges, windowChars);
  // A sentence break may sit inside a match (`；要`): never show half a match.
  for (const range of ranges) {
    if (range.start < start && range.end > start) start = range.start;
    if (range.start < end && range.end > end) end = range.end;
  }
  // Leading and trailing line breaks and spaces carry nothing, unless they are part of a match.
  const firstMatch = ranges.find((r) => r.end > start && r.start < end);
  const lastMatch = ranges.findLast((r) => r.end > start && r.start < end);
  const trimFrom = firstMatch === undefined ? end : firstMatch.start;
  const trimTo = lastMatch === undefined ? start : lastMatch.end;
  while (start < trimFrom && (text[start] === '\n' || text[start] === ' ')) start++;
  while (end > Math.max(start, trimTo) && (text[end - 1] === '\n' || text[end - 1] === ' ')) end--;
  const inside = ranges
    .filter((r) => r.end > start && r.start < end)
    .map((r) => ({ start: Math.max(r.start, start) - start, end: Math.min(r.end, end) - start }));
  return {
    text: text.slice(start, end).replace(/\n/g, ' '),
    ranges: inside,
    cutBefore: start > 0,
    cutAfter: end < text.length,
  };
}
