import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INGEST_OPTIONS } from '../../src/ingest/post.js';
import { readPosts } from '../../src/ingest/read-post.js';
import type { Searcher } from '../../src/search/searcher.js';
import { tinySearcher, type DocInput } from '../helpers/tiny-index.js';

const SAMPLES = new URL('../../data/posts/', import.meta.url).pathname;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

let docs: DocInput[];
let searcher: Searcher;

beforeAll(async () => {
  const { posts, skips } = await readPosts(SAMPLES, DEFAULT_INGEST_OPTIONS);
  expect(skips).toEqual([]);
  docs = posts.map((post) => ({ id: post.id, title: post.title, text: post.text }));
  searcher = tinySearcher(docs);
});

/** A query for `substring` that means exactly it: quoted when it holds spaces. */
function asQuery(substring: string): string | null {
  if (substring.includes('"')) return null;
  if (/\s/.test(substring) || substring.startsWith('-') || /^(title|category|tag|author)[:：]/i.test(substring)) {
    return `"${substring}"`;
  }
  return substring;
}

const MATCHABLE = /[^\p{P}\p{Z}\p{C}\s]/u;

function substringCase() {
  return fc
    .record({ doc: fc.nat(), field: fc.constantFrom('text', 'title'), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) })
    .map(({ doc, field, at, length }) => {
      const d = docs[doc % docs.length]!;
      const chars = Array.from(field === 'title' ? (d.title ?? '') : d.text);
      const start = at % Math.max(1, chars.length - length);
      return { id: d.id, substring: chars.slice(start, start + length).join('') };
    })
    .filter(({ substring }) => MATCHABLE.test(substring) && asQuery(substring) !== null);
}

describe('substring recall on the sample posts', () => {
  it('retrieves the post for any substring of 1–8 characters of its title or text', () => {
    fc.assert(
      fc.property(substringCase(), ({ id, substring }) => {
        const hits = searcher.search({ q: asQuery(substring)!, limit: 10 });
        return hits.total > 0 && searcher.search({ q: asQuery(substring)!, limit: 100 }).hits.some((h) => h.id === id);
      }),
      { numRuns: 400, seed: 20221125 },
    );
  });

  it('retrieves the post for the same substrings written in traditional characters', () => {
    fc.assert(
      fc.property(substringCase(), ({ id, substring }) => {
        const query = asQuery(toTraditional(substring));
        return query === null || searcher.search({ q: query, limit: 100 }).hits.some((h) => h.id === id);
      }),
      { numRuns: 400, seed: 20221126 },
    );
  });

  it('marks exactly the matched characters of every hit’s snippet', () => {
    fc.assert(
      fc.property(substringCase(), ({ substring }) => {
        const query = asQuery(substring)!;
        const parts = query.startsWith('"') ? [substring] : [substring];
        for (const hit of searcher.search({ q: query, limit: 10 }).hits) {
          const marks = [...hit.snippetHtml.matchAll(/<mark>([\s\S]*?)<\/mark>/g)].map((m) =>
            m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
          );
          const titleHit = hit.titleHtml.includes('<mark>');
          if (marks.length === 0 && !titleHit) return false;
          // merged marks may join neighbouring occurrences: each mark is one or more copies of the part
          if (!marks.every((mark) => parts.some((p) => mark.includes(p.replace(/\s+/g, ' '))))) return false;
        }
        return true;
      }),
      { numRuns: 200, seed: 20221127 },
    );
  });
});
