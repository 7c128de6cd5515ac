/**
 * The Token type and its offset rules. Pure types: no analysis happens here.
 */

/** What produced a token; documents emit all kinds, queries mostly words. */
export type TokenKind = 'word' | 'subword' | 'latin';

/**
 * One index term with where it came from.
 * Invariant: `start`/`end` are UTF-16 offsets into the ORIGINAL field text (before
 * normalization), so `original.slice(start, end)` is the surface form the user sees.
 * Nothing downstream may change them.
 */
export interface Token {
  /** The normalized term, as stored in the index. */
  term: string;
  start: number;
  end: number;
  kind: TokenKind;
}
