/**
 * Splits normalized text into script runs: Han runs (for jieba), word runs of Latin,
 * digits and other alphabets (kept whole: `covid-19`, `5g`, `iphone15`, `v2.3`), and the
 * rest (punctuation, spaces), which is never a term. It does not segment Han runs.
 */

export type RunKind = 'han' | 'word';

export interface ScriptRun {
  kind: RunKind;
  start: number;
  end: number;
  text: string;
}

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Joiners kept inside a word run when letters or digits follow: `covid-19`, `v2.3`, `c++`. */
const JOINERS = new Set(['-', '.', '_', '+', "'", '/']);

function isHan(ch: string): boolean {
  return HAN.test(ch);
}

function isWordChar(ch: string): boolean {
  return !isHan(ch) && WORD_CHAR.test(ch);
}

/** Script runs of `text` in order; offsets are UTF-16 indices into `text`. */
export function splitScriptRuns(text: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  const chars = Array.from(text);
  let offset = 0;
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    if (isHan(ch)) {
      const start = offset;
      while (i < chars.length && isHan(chars[i]!)) offset += chars[i++]!.length;
      runs.push({ kind: 'han', start, end: offset, text: text.slice(start, offset) });
    } else if (isWordChar(ch)) {
      const start = offset;
      while (i < chars.length) {
        const current = chars[i]!;
        if (isWordChar(current)) {
          offset += current.length;
          i++;
        } else if (JOINERS.has(current) && i + 1 < chars.length && isWordChar(chars[i + 1]!)) {
          offset += current.length;
          i++;
        } else if (current === '+' ) {
          // trailing plus signs belong to the word: `c++`, `google+`
          offset += current.length;
          i++;
        } else break;
      }
      runs.push({ kind: 'word', start, end: offset, text: text.slice(start, offset) });
    } else {
      offset += ch.length;
      i++;
    }
  }
  return runs;
}

/** True when `text` holds at least one letter, digit or Han character. */
export function hasMatchableChar(text: string): boolean {
  for (const ch of text) if (isHan(ch) || WORD_CHAR.test(ch)) return true;
  return false;
}
