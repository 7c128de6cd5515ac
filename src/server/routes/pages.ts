/**
 * HTML pages: `/` (the search box in full-page mode), `/embed-example.html` (the box embedded in a
 * small blog page) and `/posts/:id` (the cleaned post with the query highlighted), plus the pages'
 * stylesheet. The box itself is served by routes/widget.ts.
 */
import { Router, type Response } from 'express';
import type { EngineHolder } from '../../engine.js';
import { ZhsearchError } from '../../errors.js';
import { escapeHtml } from '../../index.js';
import { renderEmbedExample, renderSearchPage } from '../pages/box-pages.js';
import { PAGE_STYLE, inMain, renderPage } from '../pages/layout.js';
import { pageQuery } from '../validate.js';

/**
 * Pages load scripts, styles and data from their own origin only: the box is /widget.js and
 * /widget.css and talks to /api/* of the same site (data-endpoint=""). No inline script or style.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

function sendHtml(res: Response, html: string): void {
  res.set('Content-Security-Policy', PAGE_CSP).type('html').send(html);
}

export function createPageRouter(holder: EngineHolder, options: { maxQueryChars: number }): Router {
  const router = Router();

  router.get('/assets/page.css', (_req, res) => {
    res.type('css').set('Cache-Control', 'public, max-age=300').send(PAGE_STYLE);
  });

  router.get('/', (req, res) => {
    sendHtml(res, renderSearchPage(pageQuery(req.query as Record<string, unknown>, options.maxQueryChars)));
  });

  router.get('/embed-example.html', (_req, res) => {
    sendHtml(res, renderEmbedExample());
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
    sendHtml(res, renderPage(doc.title, inMain(body)));
  });

  return router;
}
