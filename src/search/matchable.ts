/**
 * Whether a normalized query part can match anything: parts made only of punctuation,
 * spaces or control characters are ignored rather than matched literally. Letters, digits,
 * Han, symbols and emoji are matchable.
 */
const MATCHABLE = /[^\p{P}\p{Z}\p{C}\s]/u;

export function hasMatchableText(normalizedPart: string): boolean {
  return MATCHABLE.test(normalizedPart);
}
