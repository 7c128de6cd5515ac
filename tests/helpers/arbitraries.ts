/**
 * fast-check generators of realistic mixed text: Han (simplified and traditional), Latin,
 * digits, full-width forms, punctuation, emoji and CJK Extension B.
 */
import fc from 'fast-check';

const PIECES = [
  '核', '酸', '检', '測', '檢', '疫', '情', '防', '控', '的', '了', '乾', '隆', '瞭', '解', '國', '内', '內',
  '绥', '芬', '河', '中', '华', '人', '民', '共', '和', '国', '银', '行', '龍', '发', '髮', '後',
  'a', 'B', 'z', 'COVID', '-', '19', '5', 'G', 'iPhone', '.', ' ', '\n',
  '，', '。', '！', '？', '；', '“', '”', '（', '）', '、', '　',
  'Ａ', '１', '－', '㎏', '😀', '👍🏽', '𠀀', '𪚥', '<', '>', '&', '"', "'",
];

/** Text of 0–40 pieces from a Chinese-heavy alphabet. */
export function textWithHan(maxPieces = 40): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...PIECES), { maxLength: maxPieces }).map((parts) => parts.join(''));
}
