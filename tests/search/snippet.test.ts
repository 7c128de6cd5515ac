import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightRanges, highlightSnippet } from '../../src/search/highlight.js';
import { buildSnippet, mergeRanges } from '../../src/search/snippet.js';
import { textWithHan } from '../helpers/arbitraries.js';

function unescape(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('snippets', () => {
  it('merges overlapping and adjacent ranges', () => {
    expect(mergeRanges([{ start: 5, end: 9 }, { start: 0, end: 2 }, { start: 2, end: 4 }, { start: 6, end: 7 }])).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
    ]);
  });

  it('cuts at Chinese sentence punctuation around the densest cluster of matches', () => {
    const text = `${'无关的句子。'.repeat(30)}核酸检测结果呈阳性，核酸检测点已关闭。${'后面的句子。'.repeat(30)}`;
    const first = text.indexOf('核酸检测');
    const second = text.indexOf('核酸检测', first + 1);
    const snippet = buildSnippet(text, [{ start: first, end: first + 4 }, { start: second, end: second + 4 }], 40);
    expect(snippet.text.startsWith('核酸检测结果呈阳性')).toBe(true);
    expect(snippet.text.endsWith('。')).toBe(true);
    expect(snippet.cutBefore).toBe(true);
    expect(snippet.cutAfter).toBe(true);
    expect(highlightSnippet(snippet)).toMatch(/^…<mark>核酸检测<\/mark>结果呈阳性，<mark>核酸检测<\/mark>点已关闭。/);
  });

  it('starts at the beginning of the text when there is no match', () => {
    const snippet = buildSnippet('第一句。第二句。', [], 120);
    expect(snippet).toEqual({ text: '第一句。第二句。', ranges: [], cutBefore: false, cutAfter: false });
  });

  it('never cuts a surrogate pair or a match in half', () => {
    fc.assert(
      fc.property(textWithHan(200), fc.nat(), fc.integer({ min: 20, max: 60 }), (text, seed, window) => {
        const at = text.length === 0 ? 0 : seed % text.length;
        const end = Math.min(text.length, at + 2);
        const snippet = buildSnippet(text, at < end ? [{ start: at, end }] : [], window);
        const well = !/^[\uDC00-\uDFFF]/.test(snippet.text) && !/[\uD800-\uDBFF]$/.test(snippet.text);
        return well && snippet.ranges.every((r) => r.start >= 0 && r.end <= snippet.text.length);
      }),
    );
  });

  it('escapes everything but the <mark> tags', () => {
    expect(highlightRanges('<b>核酸</b> & "x"', [{ start: 3, end: 5 }])).toBe('&lt;b&gt;<mark>核酸</mark>&lt;/b&gt; &amp; &quot;x&quot;');
    expect(escapeHtml(`<'&">`)).toBe('&lt;&#39;&amp;&quot;&gt;');
  });

  it('produces well-formed escaped HTML whose marks unescape to exactly the ranges', () => {
    fc.assert(
      fc.property(textWithHan(), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }))), (text, raw) => {
        const ranges = mergeRanges(raw.map(([s, len]) => ({ start: s % (text.length + 1), end: Math.min(text.length, (s % (text.length + 1)) + len) })));
        const html = highlightRanges(text, ranges);
        const withoutMarks = html.replace(/<\/?mark>/g, '');
        if (withoutMarks.includes('<') || withoutMarks.includes('>')) return false;
        if (unescape(withoutMarks) !== text) return false;
        const marked = [...html.matchAll(/<mark>([\s\S]*?)<\/mark>/g)].map((m) => unescape(m[1]!));
        return marked.length === ranges.length && marked.every((m, i) => m === text.slice(ranges[i]!.start, ranges[i]!.end));
      }),
    );
  });
});
