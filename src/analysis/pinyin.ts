/**
 * The only importer of pinyin-pro: the toneless pinyin of a whole Han word, read in word context so
 * polyphones follow the word (`银行` → yin hang, `行走` → xing zou). It does not segment or normalize.
 */
import { pinyin } from 'pinyin-pro';

/** Readings of one word, for suggestions typed in pinyin. */
export interface WordPinyin {
  /** Toneless syllables, one per character, lowercase ASCII (`ü` written `v`): `['he', 'suan']`. */
  syllables: string[];
  /** The syllables joined: `hesuan`. */
  full: string;
  /** First letters of the syllables: `hs`. */
  initials: string;
}

const HAN_ONLY = /^\p{Script=Han}+$/u;
const SYLLABLE = /^[a-z]+$/;

/**
 * Pinyin of a word made only of Han characters, or null when it holds anything else or a
 * character pinyin-pro has no reading for (those come back unchanged).
 *
 * @example
 * wordPinyin('核酸检测'); // { syllables: ['he','suan','jian','ce'], full: 'hesuanjiance', initials: 'hsjc' }
 */
export function wordPinyin(word: string): WordPinyin | null {
  if (!HAN_ONLY.test(word)) return null;
  const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true });
  if (syllables.length !== Array.from(word).length || !syllables.every((s) => SYLLABLE.test(s))) return null;
  return { syllables, full: syllables.join(''), initials: syllables.map((s) => s[0]!).join('') };
}
