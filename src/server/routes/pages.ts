/**
 * HTML pages: `/` (search form + results through the API, reading `?q=`) and `/posts/:id`
 * (the cleaned post with the query highlighted), plus their static assets.
 */
import { Router, type Response } from 'express';
import type { EngineHolder } from '../../engine.js';
import { ZhsearchError } from '../../errors.js';
import { escapeHtml } from '../../index.js';
import { PAGE_STYLE, renderPage } from '../pages/layout.js';
import { SEARCH_PAGE_SCRIPT } from '../pages/search-page-script.js';
import { pageQuery } from '../validate.js';

const CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

function sendHtml(res: Response, html: string): void {
  res.set('Content-Security-Policy', CSP).type('html').send(html);
}

export function createPageRouter(holder: EngineHolder, options: { maxQueryChars: number }): Router {
  const router = Router();

  router.get('/assets/page.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=300').send(PAGE_STYLE);
  });

  router.get('/assets/search.js', (_req, res) => {
    res.type('js').set('Cache-Control', 'public, max-age=300').send(SEARCH_PAGE_SCRIPT);
  });

  router.get('/', (req, res) => {
    const q = pageQuery(req.query as Record<string, unknown>, options.maxQueryChars);
    const body = `<h1>zhsearch 中文搜索</h1>
<form id="search-form" role="search" action="/" method="get">
  <label for="q" class="visually-hidden" hidden>搜索</label>
  <input id="q" name="q" type="search" value="${escapeHtml(q)}" placeholder="搜索文章，例如：核酸检测" aria-label="搜索" autocomplete="off" autofocus>
  <button type="submit">搜索</button>
</form>
<p id="status" class="status" role="status" aria-live="polite"></p>
<ol id="results" class="results"></ol>
<nav id="pager" class="pager" aria-label="分页"></nav>`;
    sendHtml(res, renderPage('zhsearch', body, '/assets/search.js'));
  });

  router.get('/posts/:id', (req, res) => {
    const q = pageQuery(req.query as Record<string, unknown>, options.maxQueryChars);
    const post = holder.get().searcher.highlightDocument(req.params.id, q);
    if (post === null) throw new ZhsearchError('NOT_FOUND', 'No post with this id.');
    const { doc } = post;
    const date = doc.date === null ? '' : `<time datetime="${escapeHtml(doc.date)}">${escapeHtml(doc.date.slice(0, 10))}</time>`;
    const categories = doc.categories.map((c) => escapeHtml(c)).join(' · ');
    const paragraphs = post.textHtml
      .split('\n')
      .map((line) => `<p>${line}</p>`)
      .join('\n');
    const body = `<p><a href="/${q === '' ? '' : `?q=${encodeURIComponent(q)}`}">← 返回搜索</a></p>
<article>
<h1>${post.titleHtml}</h1>
<p class="meta">${[date, categories, escapeHtml(doc.author ?? '')].filter((s) => s !== '').join(' ｜ ')}</p>
${paragraphs}
</article>`;
    sendHtml(res, renderPage(doc.title, body));
  });

  return router;
}
