/**
 * The HTML the fake search API's page origin serves: a small blog page with one `[data-zhsearch]`
 * mount point per mode, other focusable fields around it, and a strict Content-Security-Policy that
 * allows scripts, styles and requests only from the API origin (plus the page's own stylesheet).
 */

export type BoxMode = 'inline' | 'modal' | 'page';

export interface TestPageOptions {
  /** The mount point's data-mode (default inline). */
  mode?: BoxMode;
  /** `<html lang>` (default zh-CN). */
  lang?: string;
  /** Send the strict CSP (default true). False where a broken box must be able to run injected code. */
  csp?: boolean;
  /** More attributes of the mount point, e.g. `{ 'data-page-size': '5' }`. */
  attributes?: Record<string, string>;
}

/** The page's own stylesheet (no inline styles: the CSP would block them). */
export const pageCss = `
body { font-family: system-ui, sans-serif; margin: 0; padding: 16px; background: #ffffff; color: #1f2328; }
header { display: flex; gap: 16px; align-items: center; justify-content: space-between; padding-bottom: 12px; border-bottom: 1px solid #d0d7de; }
header h1 { font-size: 20px; margin: 0; }
header .mount { flex: 1; max-width: 560px; }
main { max-width: 760px; }
@media (prefers-color-scheme: dark) { body { background: #0d1117; color: #e6edf3; } }
`;

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function renderTestPage(options: TestPageOptions, apiOrigin: string, pageOrigin: string): { html: string; csp: string | null } {
  const mode = options.mode ?? 'inline';
  const attributes = { 'data-mode': mode, 'data-endpoint': apiOrigin, ...options.attributes };
  const mount = `<div id="box" class="mount" data-zhsearch ${Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(' ')}></div>`;
  const others = `
<p><button id="before" type="button">一个按钮</button></p>
<p><label>其它输入框 <input id="other" type="text"></label></p>
<p><label>备注 <textarea id="notes"></textarea></label></p>
<p id="outside">页面正文，不属于搜索框。</p>`;
  const html = `<!doctype html>
<html lang="${escapeAttribute(options.lang ?? 'zh-CN')}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>zhsearch box test page</title>
<link rel="stylesheet" href="${pageOrigin}/page.css">
<script src="${apiOrigin}/widget.js" defer></script>
</head><body>
<header><h1>博客</h1>${mode === 'page' ? '' : mount}</header>
<main><h2>正文</h2>${mode === 'page' ? mount : ''}${others}</main>
</body></html>`;
  const csp =
    options.csp === false
      ? null
      : `default-src 'none'; script-src ${apiOrigin}; style-src 'self' ${apiOrigin}; connect-src ${apiOrigin}; ` +
        `img-src 'self'; base-uri 'none'; form-action 'none'`;
  return { html, csp };
}
