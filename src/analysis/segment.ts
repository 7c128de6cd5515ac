/**
 * The only importer of nodejieba: dictionary loading and the two cuts. nodejieba keeps its
 * dictionary in per-thread global state, so load() runs once per thread (the analyzer sees to it).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

interface NodeJieba {
  DEFAULT_DICT: string;
  DEFAULT_HMM_DICT: string;
  DEFAULT_USER_DICT: string;
  load(options: { dict?: string; hmmDict?: string; userDict?: string }): void;
  cut(text: string, hmm: boolean): string[];
  cutForSearch(text: string, hmm: boolean): string[];
}

const jieba = require('nodejieba') as NodeJieba;

let loadedUserDict: string | null | undefined;

/** Loads jieba's dictionaries once per thread; a different user dictionary later is a bug. */
export function loadSegmenter(userDictPath: string | null): void {
  if (loadedUserDict !== undefined) {
    if (loadedUserDict !== userDictPath) {
      throw new Error(
        `jieba is already loaded with user dictionary ${String(loadedUserDict)}; one analyzer per thread`,
      );
    }
    return;
  }
  jieba.load(userDictPath === null ? {} : { userDict: userDictPath });
  loadedUserDict = userDictPath;
}

/** Bytes of the dictionaries jieba uses, for the analyzer fingerprint. */
export function segmenterDictionaryBytes(): Buffer[] {
  return [readFileSync(jieba.DEFAULT_DICT), readFileSync(jieba.DEFAULT_HMM_DICT)];
}

/**
 * jieba cuts text between separators on its own, as if each piece were cut alone; a newline is such a
 * separator, and comes back as a token of its own. A text's Han runs (or words) joined by it are cut
 * in one call instead of hundreds: the same words, a sixth less time.
 */
const SEPARATOR = '\n';

function cutEach(pieces: readonly string[], cut: (text: string, hmm: boolean) => string[]): string[][] {
  const result: string[][] = [[]];
  for (const word of cutJoined(pieces, cut)) {
    if (word === PIECE_END) result.push([]);
    else result[result.length - 1]!.push(word);
  }
  result.pop();
  return result;
}

/** The words of every piece in one array, each piece's followed by PIECE_END. */
function cutJoined(pieces: readonly string[], cut: (text: string, hmm: boolean) => string[]): string[] {
  if (pieces.length === 0) return [];
  const words = cut(pieces.join(SEPARATOR), true);
  words.push(PIECE_END);
  let ends = 0;
  for (const word of words) if (word === PIECE_END) ends++;
  if (ends !== pieces.length) throw new Error(`jieba cut ${pieces.length} pieces into ${ends}`);
  return words;
}

/** What ends each piece's words in `cutPreciseJoined`: jieba's own token for the separator. */
export const PIECE_END = SEPARATOR;

/**
 * The precise cut, with HMM on (HMM off splits unknown words and `12` into `1`/`2`), of each Han run
 * (none holds a newline), in one call. Lossless: a run's words join into the run.
 */
export function cutPreciseEach(hanRuns: readonly string[]): string[][] {
  return cutEach(hanRuns, (text, hmm) => jieba.cut(text, hmm));
}

/** cutPreciseEach's words in one array, each run's followed by PIECE_END: what a tokenizer walks without an array per run. */
export function cutPreciseJoined(hanRuns: readonly string[]): string[] {
  return cutJoined(hanRuns, (text, hmm) => jieba.cut(text, hmm));
}

/** The search-mode cut (the precise words plus their dictionary sub-words) of each word (none holds a newline), in one call. */
export function cutForSearchEach(words: readonly string[]): string[][] {
  return cutEach(words, (text, hmm) => jieba.cutForSearch(text, hmm));
}

/**
 * Search-mode cuts of words cut before in this thread. A word's cut alone depends on nothing else and
 * jieba's dictionary never changes in a thread, and a site's long words recur from post to post: a
 * build asks jieba only about the ones it has not seen.
 */
const searchCuts = new Map<string, string[]>();
/**
 * Words remembered at most (about 100 bytes each, so up to ~100 MB a thread); past it, the memory starts
 * over. 200,000 was too few for a large site: each worker of a 50k-post build of the scale corpus started
 * over twice, and a 100k build took 389 s against 367 s with this bound (which it never reached).
 */
const MAX_SEARCH_CUTS = 1_000_000;

/**
 * The remembered search-mode cuts, holding the cut of each of `words` (none holds a newline; repeats
 * are fine): jieba is asked only about the ones not cut before in this thread (`maxRemembered`: tests).
 */
export function rememberedSearchCuts(words: readonly string[], maxRemembered = MAX_SEARCH_CUTS): ReadonlyMap<string, string[]> {
  let missing = [...new Set(words.filter((word) => !searchCuts.has(word)))];
  if (searchCuts.size + missing.length > maxRemembered) {
    searchCuts.clear();
    missing = [...new Set(words)];
  }
  cutForSearchEach(missing).forEach((cut, i) => searchCuts.set(missing[i]!, cut));
  return searchCuts;
}
