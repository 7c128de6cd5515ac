/**
 * The answers of the fake search API (tests/helpers/fake-search-api.ts): hits and suggestions made up
 * from the query, the hostile hits, and the error bodies of the real service, per src/api/contract.ts.
 * Pure data; no server here.
 */
import type { ApiHit, ApiSuggestion } from '../../src/api/contract.js';

/** How a failed request fails: the error body the real service sends, or a dropped connection. */
export type FailureKind = 'unavailable' | 'tooLong' | 'generic' | 'network';

/** Status and error code of each failure the service answers with a body. */
export const FAILURES: Record<Exclude<FailureKind, 'network'>, [number, string]> = {
  unavailable: [503, 'INDEX_NOT_FOUND'],
  tooLong: [400, 'QUERY_TOO_LONG'],
  generic: [500, 'INTERNAL'],
};

/** Matching posts when a test says nothing else: more than two pages of 10. */
export const DEFAULT_TOTAL = 25;

/** Escapes text for HTML, as the real service does inside titleHtml and snippetHtml. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Hit `i` for `q`: title `<q> 第<i+1>篇`, a relative url on the API origin. */
export function hitFor(q: string, i: number): ApiHit {
  const marked = `<mark>${escapeHtml(q)}</mark>`;
  return {
    id: `post-${i}`,
    title: `${q} 第${i + 1}篇`,
    titleHtml: `${marked} 第${i + 1}篇`,
    snippetHtml: `…关于${marked}的第${i + 1}段摘要…`,
    score: 100 - i,
    date: i % 3 === 2 ? null : '2022-01-25T05:09:09.000Z',
    categories: i % 2 === 1 ? ['金融/新浪财经', '新闻'] : ['新闻'],
    tags: [],
    author: null,
    url: `/posts/post-${i}?q=${encodeURIComponent(q)}`,
  };
}

/** Markup a broken or hostile server might send; only the <mark> runs may reach the page. */
export function maliciousHits(q: string): ApiHit[] {
  const marked = `<mark>${escapeHtml(q)}</mark>`;
  const hits = [0, 1, 2, 3, 4].map((i) => hitFor(q, i));
  Object.assign(hits[0]!, {
    titleHtml: `${marked}<img src=x onerror="window.__xss='title'"><b>粗体</b>标题 &lt;b&gt;转义&lt;/b&gt;`,
    snippetHtml:
      `…<mark onclick="window.__xss='mark'" style="color:red" id="evil">${escapeHtml(q)}</mark>` +
      `<script>window.__xss='script'</script><svg onload="window.__xss='svg'"></svg>` +
      `<a href="javascript:window.__xss='a'">链接</a><iframe srcdoc="<script>parent.__xss='iframe'</script>"></iframe>…`,
  });
  hits[1]!.url = "javascript:window.__xss='url'";
  hits[2]!.url = "  JaVaScRiPt:window.__xss='url2'";
  hits[3]!.url = 'data:text/html,<script>alert(1)</script>';
  hits[4]!.url = 'vbscript:msgbox(1)';
  return hits;
}

/** Three suggestions that start from or contain the query. */
export const defaultSuggestions = (q: string): ApiSuggestion[] => [
  { text: `${q}检测`, kind: 'term' },
  { text: `${q}检测点`, kind: 'term' },
  { text: `北京${q}政策解读`, kind: 'title', id: 'post-0' },
];

