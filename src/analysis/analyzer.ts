/**
 * The Analyzer: the one object that turns text into terms, for documents and queries alike,
 * and its fingerprint. It owns the analysis chain (normalize → script runs → jieba / whole
 * words → tokens, plus character n-grams); it knows nothing of indexes or posts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  fold,
  foldedRangeToOriginal,
  normalize,
  normalizeWithOffsets,
  toOriginalRange,
  type FoldResult,
  type FoldShifts,
  type NormalizedText,
} from './normalize.js';
import { wordPinyin, type WordPinyin } from './pinyin.js';
import { charUnits, splitScriptRuns } from './script.js';
import { PIECE_END, cutPreciseJoined, loadSegmenter, rememberedSearchCuts, segmenterDictionaryBytes } from './segment.js';
import type { Token } from './token.js';
import { ZhsearchError } from '../errors.js';

/** Bump when the analysis chain changes what it emits: old indexes become incompatible. */
export const ANALYZER_VERSION = 2;

export interface AnalyzerOptions {
  /** jieba user dictionary (`word [freq] [tag]` per line), or null. */
  userDictPath: string | null;
  /** Stopwords (one per line): they score less, they never make a query unanswerable. */
  stopwordsPath: string | null;
}

export interface Analyzer {
  /** Hash of the analyzer's code version, options and dictionary bytes. */
  readonly fingerprint: string;
  /**
   * The fingerprint without the user dictionary and stopwords: indexes with the same base differ only
   * in those word lists, so an update can re-analyze just the posts holding the changed words.
   */
  readonly baseFingerprint: string;
  /** The user dictionary's entries (trimmed lines, comments and blanks dropped), as given. */
  readonly userDictionary: readonly string[];
  readonly stopwords: ReadonlySet<string>;
  /** Folds text for matching (NFKC, lowercase, traditional → simplified per character). */
  normalize(text: string): string;
  /** Folds text and records where lengths changed, to map matches back without a full offset map. */
  fold(text: string): FoldResult;
  /** Maps a range of a fold back to the original text, given that fold's shifts. */
  foldedRangeToOriginal(shifts: FoldShifts | null, start: number, end: number): [number, number];
  /** Folds text and keeps the map back to original offsets. */
  normalizeWithOffsets(text: string): NormalizedText;
  /** Document tokens: precise words, search-mode sub-words and whole Latin/digit words. */
  analyzeDocument(text: string): Token[];
  /** The terms of analyzeDocument, without offsets (cheaper: no offset map). */
  documentTerms(text: string): string[];
  /**
   * `documentTerms` of a text from its fold's `wordTokens(folded, true)`: their terms, then the
   * mixed-script dictionary words they join into. A build needs both and so runs jieba once.
   */
  termsOfWordTokens(tokens: readonly Token[]): string[];
  /** Query tokens: precise words and whole Latin/digit words (no sub-words). */
  analyzeQuery(text: string): Token[];
  /**
   * Precise words (jieba) and whole Latin/digit words of ALREADY-NORMALIZED text, in text order,
   * with offsets into that text (adjacent words: `a.end === b.start`); with `withSubwords`, each
   * word is followed by its search-mode sub-words (kind `subword`). No n-grams, no mixed-script
   * dictionary words: what suggestions and word sequences are built from.
   */
  wordTokens(normalizedText: string, withSubwords?: boolean): Token[];
  /** Toneless pinyin of a Han-only word in word context (`银行` → yinhang), or null. For suggestions only. */
  pinyin(word: string): WordPinyin | null;
  /**
   * Character unigrams and bigrams (plus trigrams inside ASCII letter/digit runs) of
   * already-normalized text with their counts, skipping whitespace. Every substring of one or two characters is among them, which is what makes
   * substring recall independent of how jieba cut the text.
   */
  characterNgrams(normalizedText: string): Map<string, number>;
  /**
   * The n-grams of `characterNgrams`, each occurrence handed to `sink` as it is found, without a string
   * for the short ones: what an index build feeds its postings with (two n-grams per character).
   */
  visitNgrams(normalizedText: string, sink: NgramSink): void;
  /** The n-grams that must all be present for `normalizedPart` to occur in a text. */
  requiredNgrams(normalizedPart: string): string[];
}

/** Receives the n-grams of a text, one call per occurrence. */
export interface NgramSink {
  /** An n-gram of one or two UTF-16 units (a character, a pair of BMP characters): `second` is -1 for one unit. */
  short(first: number, second: number): void;
  /** A longer n-gram: a pair with a character beyond the BMP, a trigram of Latin letters and digits. */
  long(ngram: string): void;
}

function readOptional(path: string | null): Buffer {
  if (path === null) return Buffer.alloc(0);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ZhsearchError('INVALID_CONFIG', `Cannot read dictionary file ${path}.`, { cause: error });
  }
}

function parseStopwords(bytes: Buffer): Set<string> {
  const words = new Set<string>();
  for (const line of bytes.toString('utf8').split(/\r?\n/)) {
    const word = normalize(line.trim());
    if (word !== '' && !word.startsWith('#')) words.add(word);
  }
  return words;
}

/** Folded user-dictionary words that mix Han with other characters (`宝马i3`). */
function parseMixedScriptWords(bytes: Buffer): Set<string> {
  const words = new Set<string>();
  for (const line of bytes.toString('utf8').split(/\r?\n/)) {
    const word = normalize(line.trim().split(/\s+/)[0] ?? '');
    if (/\p{Script=Han}/u.test(word) && /[^\p{Script=Han}]/u.test(word)) words.add(word);
  }
  return words;
}

function computeFingerprint(options: AnalyzerOptions, userDict: Buffer, stopwords: Buffer): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version: ANALYZER_VERSION, options: { hasUserDict: options.userDictPath !== null } }));
  for (const bytes of segmenterDictionaryBytes()) hash.update(createHash('sha256').update(bytes).digest());
  hash.update(createHash('sha256').update(userDict).digest());
  hash.update(createHash('sha256').update(stopwords).digest());
  return `a${ANALYZER_VERSION}-${hash.digest('hex').slice(0, 32)}`;
}

function computeBaseFingerprint(): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version: ANALYZER_VERSION }));
  for (const bytes of segmenterDictionaryBytes()) hash.update(createHash('sha256').update(bytes).digest());
  return `b${ANALYZER_VERSION}-${hash.digest('hex').slice(0, 32)}`;
}

function parseUserDictionary(bytes: Buffer): string[] {
  return bytes
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const WHITESPACE = /\s/u;

function isSpace(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code <= 0x20 || (code > 0x7f && WHITESPACE.test(ch));
}

function isAsciiAlnum(ch: string | undefined): boolean {
  if (ch === undefined || ch.length !== 1) return false;
  const code = ch.charCodeAt(0);
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Latin letters pair up with few distinct bigrams (`in`, `nt`, … are in most English text), so
 * runs of ASCII letters and digits also get trigrams: they keep Latin candidate sets small.
 */
function isLatinTrigram(chars: readonly string[], i: number): boolean {
  return isAsciiAlnum(chars[i]) && isAsciiAlnum(chars[i + 1]) && isAsciiAlnum(chars[i + 2]);
}

// Per BMP code unit, once known: 1 whitespace, 2 not (0 not yet asked); a text asks for every character.
const BMP_SPACES = new Uint8Array(0x10000);

function isSpaceUnit(code: number): boolean {
  if (code <= 0x20) return true;
  if (code <= 0x7f) return false;
  if (BMP_SPACES[code] === 0) BMP_SPACES[code] = WHITESPACE.test(String.fromCharCode(code)) ? 1 : 2;
  return BMP_SPACES[code] === 1;
}

function isAsciiAlnumUnit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a);
}

/** Code points of `text`, as Array.from counts them (a lone surrogate is one), without making the array. */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += charUnits(text, i)) count++;
  return count;
}

/**
 * Every character (code point) that is not whitespace, every pair of adjacent ones, and inside runs of
 * ASCII letters and digits every three adjacent ones. Surrogate pairs are one character; a lone
 * surrogate is one too (its own unit), as Array.from splits it.
 */
function visitNgrams(text: string, sink: NgramSink): void {
  const length = text.length;
  let i = 0;
  let units = length > 0 ? charUnits(text, 0) : 0;
  while (i < length) {
    const next = i + units;
    const nextUnits = next < length ? charUnits(text, next) : 0;
    const first = text.charCodeAt(i);
    if (!(units === 1 && isSpaceUnit(first))) {
      if (units === 1) sink.short(first, -1);
      else sink.short(first, text.charCodeAt(i + 1));
      if (next < length && !(nextUnits === 1 && isSpaceUnit(text.charCodeAt(next)))) {
        if (units + nextUnits === 2) sink.short(first, text.charCodeAt(next));
        else sink.long(text.slice(i, next + nextUnits));
        if (
          units === 1 &&
          nextUnits === 1 &&
          next + 1 < length &&
          isAsciiAlnumUnit(first) &&
          isAsciiAlnumUnit(text.charCodeAt(next)) &&
          isAsciiAlnumUnit(text.charCodeAt(next + 1))
        ) {
          sink.long(text.slice(i, next + 2));
        }
      }
    }
    i = next;
    units = nextUnits;
  }
}

function countNgrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (gram: string): void => {
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  };
  visitNgrams(text, {
    short: (first, second) => add(second < 0 ? String.fromCharCode(first) : String.fromCharCode(first, second)),
    long: add,
  });
  return counts;
}

/** Parts of a Latin/digit word a person may type alone: `covid-19` → covid, 19; `iphone15` → iphone, 15. */
function latinSubwords(word: string): Array<{ text: string; at: number }> {
  const parts: Array<{ text: string; at: number }> = [];
  const pattern = /\p{L}+|\p{N}+/gu;
  for (let m = pattern.exec(word); m !== null; m = pattern.exec(word)) {
    if (m[0].length < word.length) parts.push({ text: m[0], at: m.index });
  }
  return parts;
}

/** Tokens of normalized text, with offsets in the normalized text. */
/** Longest run of script-split tokens a mixed-script dictionary word may span (`宝马` + `i3`). */
const MAX_MIXED_PARTS = 4;

/**
 * Extra word tokens for user-dictionary words that cross scripts (`宝马i3`): script runs split
 * them before jieba sees them, so they are put back together from adjacent tokens.
 */
function mixedScriptWords(tokens: readonly Token[], words: ReadonlySet<string>): Token[] {
  const base = tokens.filter((t) => t.kind !== 'subword');
  // Word tokens are all Han and Latin ones hold none, so only a join of both kinds can be such a word:
  // the first token of each kind at or after each position tells which joins need asking about.
  const nextWord = new Int32Array(base.length + 1).fill(base.length);
  const nextLatin = new Int32Array(base.length + 1).fill(base.length);
  for (let i = base.length - 1; i >= 0; i--) {
    nextWord[i] = base[i]!.kind === 'word' ? i : nextWord[i + 1]!;
    nextLatin[i] = base[i]!.kind === 'latin' ? i : nextLatin[i + 1]!;
  }
  const found: Token[] = [];
  for (let i = 0; i < base.length; i++) {
    const mixedFrom = Math.max(nextWord[i]!, nextLatin[i]!);
    if (mixedFrom >= i + MAX_MIXED_PARTS) continue;
    let term = base[i]!.term;
    for (let j = i + 1; j < Math.min(base.length, i + MAX_MIXED_PARTS); j++) {
      if (base[j]!.start !== base[j - 1]!.end) break;
      term += base[j]!.term;
      if (j >= mixedFrom && words.has(term)) found.push({ term, start: base[i]!.start, end: base[j]!.end, kind: 'word' });
    }
  }
  return found;
}

function tokenizeNormalized(text: string, withSubwords: boolean, mixedWords: ReadonlySet<string>): Token[] {
  const runs = splitScriptRuns(text);
  // Every Han run's words in one array, each run's ended by PIECE_END: no array per run.
  const hanWords = cutPreciseJoined(runs.filter((run) => run.kind === 'han').map((run) => run.text));
  // Sub-words of the long words: each one's own search-mode cut (it does not depend on where the word stands).
  const subwordsOf = withSubwords ? rememberedSearchCuts(hanWords.filter(isLongWord)) : NO_SUBWORDS;
  const tokens: Token[] = [];
  let next = 0;
  for (const run of runs) {
    if (run.kind === 'word') {
      tokens.push({ term: run.text, start: run.start, end: run.end, kind: 'latin' });
      if (withSubwords) {
        for (const part of latinSubwords(run.text)) {
          const start = run.start + part.at;
          tokens.push({ term: part.text, start, end: start + part.text.length, kind: 'subword' });
        }
      }
      continue;
    }
    let offset = run.start;
    for (let word = hanWords[next++]!; word !== PIECE_END; word = hanWords[next++]!) {
      const end = offset + word.length;
      tokens.push({ term: word, start: offset, end, kind: 'word' });
      const subwords = isLongWord(word) ? subwordsOf.get(word) : undefined;
      if (subwords !== undefined) {
        for (const sub of subwords) {
          if (sub === word) continue;
          for (let at = word.indexOf(sub); at !== -1; at = word.indexOf(sub, at + 1)) {
            tokens.push({ term: sub, start: offset + at, end: offset + at + sub.length, kind: 'subword' });
          }
        }
      }
      offset = end;
    }
  }
  return mixedWords.size === 0 ? tokens : tokens.concat(mixedScriptWords(tokens, mixedWords));
}

/** A word with search-mode sub-words to find: more than two characters. */
function isLongWord(word: string): boolean {
  return word.length > 2 && codePoints(word) > 2;
}

const NO_SUBWORDS: ReadonlyMap<string, string[]> = new Map();

function mapToOriginal(normalized: NormalizedText, tokens: Token[]): Token[] {
  return tokens.map((token) => {
    const [start, end] = toOriginalRange(normalized, token.start, token.end);
    return { ...token, start, end };
  });
}

const NO_MIXED_WORDS: ReadonlySet<string> = new Set();

let created: Analyzer | undefined;

/**
 * Creates the process's (or worker thread's) analyzer. jieba's dictionary is global per
 * thread, so asking again with other options is an error rather than a silent change.
 *
 * @example
 * const analyzer = createAnalyzer({ userDictPath: null, stopwordsPath: null });
 * analyzer.analyzeQuery('核酸检测').map((t) => t.term); // ['核酸', '检测']
 */
export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  if (created !== undefined) {
    const probe = computeFingerprint(options, readOptional(options.userDictPath), readOptional(options.stopwordsPath));
    if (probe !== created.fingerprint) {
      throw new Error('an analyzer with other options already exists in this thread; create one per thread');
    }
    return created;
  }
  loadSegmenter(options.userDictPath);
  const stopwordBytes = readOptional(options.stopwordsPath);
  const fingerprint = computeFingerprint(options, readOptional(options.userDictPath), stopwordBytes);
  const stopwords = parseStopwords(stopwordBytes);
  const userDictBytes = readOptional(options.userDictPath);
  const mixedWords = parseMixedScriptWords(userDictBytes);

  const termsOfWordTokens = (tokens: readonly Token[]): string[] => {
    const terms = tokens.map((token) => token.term);
    if (mixedWords.size > 0) for (const token of mixedScriptWords(tokens, mixedWords)) terms.push(token.term);
    return terms;
  };

  const analyze = (text: string, withSubwords: boolean): Token[] => {
    const normalized = normalizeWithOffsets(text);
    return mapToOriginal(normalized, tokenizeNormalized(normalized.text, withSubwords, mixedWords));
  };

  created = {
    fingerprint,
    baseFingerprint: computeBaseFingerprint(),
    userDictionary: parseUserDictionary(userDictBytes),
    stopwords,
    normalize,
    fold,
    foldedRangeToOriginal,
    normalizeWithOffsets,
    analyzeDocument: (text) => analyze(text, true),
    documentTerms: (text) => termsOfWordTokens(tokenizeNormalized(normalize(text), true, NO_MIXED_WORDS)),
    termsOfWordTokens,
    analyzeQuery: (text) => analyze(text, false),
    wordTokens: (normalizedText, withSubwords = false) => tokenizeNormalized(normalizedText, withSubwords, NO_MIXED_WORDS),
    pinyin: wordPinyin,
    characterNgrams: countNgrams,
    visitNgrams,
    requiredNgrams(normalizedPart) {
      const set = new Set<string>();
      // Bigrams of adjacent non-space characters; a lone character only when it has no bigram.
      const chars = Array.from(normalizedPart);
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (isSpace(ch)) continue;
        const next = chars[i + 1];
        const prev = chars[i - 1];
        if (isLatinTrigram(chars, i)) set.add(ch + next! + chars[i + 2]!);
        else if (next !== undefined && !isSpace(next)) {
          // a bigram inside a Latin run is implied by the trigram that covers it
          if (!(isAsciiAlnum(ch) && isAsciiAlnum(next) && isLatinTrigram(chars, i - 1))) set.add(ch + next);
        } else if (prev === undefined || isSpace(prev)) set.add(ch);
      }
      return [...set];
    },
  };
  return created;
}
