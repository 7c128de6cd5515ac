import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightRanges } from '../../src/search/highlight.js';
import { highlightSegments, segmentsText, type HighlightNode } from '../../src/widget/sanitize.js';
import { textWithHan } from '../helpers/arbitraries.js';

/** Parses like a browser's <template> (parse5, fragment mode) and exposes the DOM Node fields the walk reads. */
function parseFragment(html: string): HighlightNode {
  const toNode = (node: AnyNode): HighlightNode => ({
    nodeType: node.nodeType,
    nodeName: 'name' in node ? node.name.toUpperCase() : '#text',
    nodeValue: 'data' in node ? node.data : null,
    childNodes: 'children' in node ? node.children.map(toNode) : [],
  });
  const root = load(html, null, false).root()[0]!;
  return { nodeType: 11, nodeName: '#document-fragment', nodeValue: null, childNodes: root.children.map(toNode) };
}

const sanitize = (html: string) => highlightSegments(parseFragment(html));

describe('highlight sanitizing', () => {
  it('keeps text and <mark> runs of the server highlight, decoding entities to text', () => {
    expect(sanitize('2022&lt;b&gt; <mark>核酸检测</mark>点&amp;…')).toEqual([
      { text: '2022<b> ', marked: false },
      { text: '核酸检测', marked: true },
      { text: '点&…', marked: false },
    ]);
  });

  it('drops elements other than <mark> but keeps their text', () => {
    expect(sanitize('<a href="javascript:alert(1)">点<b>我</b></a><img src=x onerror="alert(1)">后')).toEqual([
      { text: '点我后', marked: false },
    ]);
  });

  it('drops comments and keeps the text of scripts as inert text', () => {
    expect(sanitize('a<!-- secret -->b<script>alert(1)</script>')).toEqual([{ text: 'abalert(1)', marked: false }]);
  });

  it('flattens nested and adjacent marks into one marked run', () => {
    expect(sanitize('<mark>核<mark>酸</mark></mark><mark>检测</mark>')).toEqual([{ text: '核酸检测', marked: true }]);
  });

  it('treats a mark with attributes as a plain mark (attributes are never copied)', () => {
    expect(sanitize('<mark onclick="x()" style="color:red">疫情</mark>')).toEqual([{ text: '疫情', marked: true }]);
  });

  it('returns no segments for an empty highlight', () => {
    expect(sanitize('')).toEqual([]);
  });

  it('gives back exactly the text and the marked ranges the server highlighted', () => {
    const textAndRanges = textWithHan(30).chain((text) =>
      fc
        .uniqueArray(fc.integer({ min: 0, max: text.length }), { maxLength: 6 })
        .map((cuts) => cuts.sort((a, b) => a - b))
        .map((cuts) => {
          const ranges = [];
          for (let i = 0; i + 1 < cuts.length; i += 2) if (cuts[i]! < cuts[i + 1]!) ranges.push({ start: cuts[i]!, end: cuts[i + 1]! });
          return { text, ranges };
        }),
    );
    fc.assert(
      fc.property(textAndRanges, ({ text, ranges }) => {
        const segments = sanitize(highlightRanges(text, ranges));
        expect(segmentsText(segments)).toBe(text);
        const marked = segments.filter((s) => s.marked).map((s) => s.text).join('');
        expect(marked).toBe(ranges.map((r) => text.slice(r.start, r.end)).join(''));
      }),
    );
  });
});
