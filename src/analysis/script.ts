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

const OTHER = 0;
const HAN_CHAR = 1;
const WORD = 2;

/**
 * The class (OTHER, HAN_CHAR or WORD) of each BMP code unit that is a character of its own (surrogates
 * are OTHER here and classed as pairs): a lookup per character instead of two Unicode-property regex
 * tests on a one-character string. Made on first use, from the same tests.
 */
let bmpClasses: Uint8Array | undefined;

function classesOfBmp(): Uint8Array {
  const classes = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const ch = String.fromCharCode(code);
    classes[code] = isHan(ch) ? HAN_CHAR : WORD_CHAR.test(ch) ? WORD : OTHER;
  }
  return classes;
}

/** UTF-16 units of the character at `i`: 2 for a surrogate pair, else 1 (a lone surrogate is a character, as Array.from splits it). */
export function charUnits(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return 1;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
}

/** The class of the character of `units` units at `i`. */
function classAt(text: string, i: number, units: number, classes: Uint8Array): number {
  if (units === 1) return classes[text.charCodeAt(i)]!;
  const ch = text.slice(i, i + 2);
  return isHan(ch) ? HAN_CHAR : isWordChar(ch) ? WORD : OTHER;
}

/** Script runs of `text` in order; offsets are UTF-16 indices into `text`. */
export function splitScriptRuns(text: string): ScriptRun[] {
  const classes = (bmpClasses ??= classesOfBmp());
  const runs: ScriptRun[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const units = charUnits(text, i);
    const kind = classAt(text, i, units, classes);
    const start = i;
    i += units;
    if (kind === HAN_CHAR) {
      while (i < length) {
        const next = charUnits(text, i);
        if (classAt(text, i, next, classes) !== HAN_CHAR) break;
        i += next;
      }
      runs.push({ kind: 'han', start, end: i, text: text.slice(start, i) });
    } else if (kind === WORD) {
      while (i < length) {
        const next = charUnits(text, i);
        if (classAt(text, i, next, classes) === WORD) {
          i += next;
          continue;
        }
        const ch = text[i]!;
        if (next === 1 && JOINERS.has(ch) && i + 1 < length && classAt(text, i + 1, charUnits(text, i + 1), classes) === WORD) {
          i++;
        } else if (ch === '+') {
          // trailing plus signs belong to the word: `c++`, `google+`
          i++;
        } else break;
      }
      runs.push({ kind: 'word', start, end: i, text: text.slice(start, i) });
    }
  }
  return runs;
}

/** True when `text` holds at least one letter, digit or Han character. */
export function hasMatchableChar(text: string): boolean {
  for (const ch of text) if (isHan(ch) || WORD_CHAR.test(ch)) return true;
  return false;
}
