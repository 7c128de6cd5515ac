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

/** Precise cut with HMM on (HMM off splits unknown words and `12` into `1`/`2`). Lossless. */
export function cutPrecise(hanRun: string): string[] {
  return jieba.cut(hanRun, true);
}

/** Search-mode cut: the precise words plus their dictionary sub-words. */
export function cutForSearch(hanRun: string): string[] {
  return jieba.cutForSearch(hanRun, true);
}
