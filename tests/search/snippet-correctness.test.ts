/**
 * Snippet correctness over 200 sampled queries: for every hit, the <mark> spans, once
 * unescaped, are exactly matched characters of the original text (simplified and traditional
 * originals alike), each made only of occurrences of the query part, and the snippet is a piece
 * of the original text.
 */
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../src/analysis/normalize.js';
import { DEFAULT_INGEST_OPTIONS } from '../../src/ingest/post.js';
import { readPosts } from '../../src/ingest/read-post.js';
import type { Searcher } from '../../src/search/searcher.js';
import { tinySearcher, type DocInput } from '../helpers/tiny-index.js';

const SAMPLES = new URL('../../data/posts/', import.meta.url).pathname;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const MATCHABLE = /[\p{L}\p{N}]/u;

let docs: DocInput[];
let byId: Map<string, DocInput>;
let searcher: Searcher;

beforeAll(async () => {
  const { posts } = await readPosts(SAMPLES, DEFAULT_INGEST_OPTIONS);
  const simplified = posts.map((p) => ({ id: p.id, title: p.title, text: p.text }));
  // The same articles written in traditional characters: marks must land on those characters.
  const traditional = simplified.map((d) => ({ id: `${d.id}-tw`, title: toTraditional(d.title), text: toTraditional(d.text) }));
  docs = [...simplified, ...traditional];
  byId = new Map(docs.map((d) => [d.id, d]));
  searcher = tinySearcher(docs);
});

function unescape(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** True when occurrences of `part` (overlapping allowed) cover every character of `text`. */
function coveredByOccurrences(text: string, part: string): boolean {
  const covered = new Array<boolean>(text.length).fill(false);
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) {
    for (let i = at; i < at + part.length; i++) covered[i] = true;
  }
  return text.length > 0 && covered.every(Boolean);
}

function checkHighlight(html: string, original: string, part: string): string | null {
  const body = html.replace(/^…/, '').replace(/…$/, '');
  const plain = unescape(body.replace(/<\/?mark>/g, ''));
  if (!original.replace(/\n/g, ' ').includes(plain)) return `snippet is not a piece of the original: ${plain}`;
  for (const match of body.matchAll(/<mark>([\s\S]*?)<\/mark>/g)) {
    const mark = unescape(match[1]!);
    if (!coveredByOccurrences(normalize(mark), normalize(part))) return `mark ${mark} is not made of ${part}`;
  }
  return null;
}

describe('snippet correctness on 200 sampled queries', () => {
  it('marks exactly the matched characters of the original text in every hit', () => {
    const queries = fc.sample(
      fc.record({ doc: fc.nat(), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }).map(({ doc, at, length }) => {
        const d = docs[doc % docs.length]!;
        const chars = Array.from(d.text);
        const start = at % Math.max(1, chars.length - length);
        return chars.slice(start, start + length).join('');
      }),
      { numRuns: 400, seed: 7 },
    )
      .filter((q) => MATCHABLE.test(q) && !/[\s"]/.test(q) && !q.startsWith('-'))
      .slice(0, 200);
    expect(queries).toHaveLength(200);
    const problems: string[] = [];
    let hitsChecked = 0;
    for (const q of queries) {
      const result = searcher.search({ q, limit: 10 });
      if (result.total === 0) problems.push(`${q}: no hit`);
      for (const hit of result.hits) {
        const doc = byId.get(hit.id)!;
        const inText = checkHighlight(hit.snippetHtml, doc.text, q);
        const inTitle = checkHighlight(hit.titleHtml, doc.title ?? '', q);
        if (inText !== null) problems.push(`${q} in ${hit.id}: ${inText}`);
        if (inTitle !== null) problems.push(`${q} in ${hit.id} title: ${inTitle}`);
        if (!hit.snippetHtml.includes('<mark>') && !hit.titleHtml.includes('<mark>')) problems.push(`${q} in ${hit.id}: no mark`);
        hitsChecked++;
      }
    }
    expect(problems).toEqual([]);
    expect(hitsChecked).toBeGreaterThan(500);
  });
});
