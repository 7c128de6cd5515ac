/**
 * The HTML shell shared by the service's pages and their stylesheet. Callers pass already-escaped
 * HTML for `body`. No inline script or style anywhere: the pages' CSP forbids both.
 */
import { escapeHtml } from '../../index.js';

export const PAGE_STYLE = `
:root { color-scheme: light dark; --fg: #1d1d1f; --muted: #6b6b70; --bg: #fff; --line: #e3e3e8; --accent: #0b57d0; --mark: #ffe58a; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececf0; --muted: #a0a0a8; --bg: #16161a; --line: #2e2e35; --accent: #8ab4f8; --mark: #6b5a00; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.65 system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 4rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
form { display: flex; gap: .5rem; }
input[type=search] { flex: 1; min-width: 0; font: inherit; padding: .55rem .75rem; border: 1px solid var(--line); border-radius: .5rem; background: var(--bg); color: var(--fg); }
button { font: inherit; padding: .55rem 1rem; border: 0; border-radius: .5rem; background: var(--accent); color: #fff; cursor: pointer; }
.status { color: var(--muted); margin: 1rem 0 .5rem; min-height: 1.5em; }
ol.results { list-style: none; padding: 0; margin: 0; }
ol.results li { padding: .9rem 0; border-bottom: 1px solid var(--line); }
ol.results a { color: var(--accent); font-size: 1.1rem; text-decoration: none; }
ol.results a:hover { text-decoration: underline; }
.meta { color: var(--muted); font-size: .85rem; }
.snippet { margin: .25rem 0 0; }
mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: .2em; }
article p { margin: 0 0 1em; }
nav.pager { margin-top: 1rem; display: flex; gap: .5rem; }
pre { overflow-x: auto; padding: .75rem 1rem; border: 1px solid var(--line); border-radius: .5rem; font-size: .85rem; line-height: 1.5; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.blog-header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; max-width: 46rem; margin: 0 auto; padding: 1rem; border-bottom: 1px solid var(--line); }
.blog-name { font-weight: 600; font-size: 1.1rem; color: var(--fg); text-decoration: none; }
`;

export interface PageAssets {
  /** Stylesheets after /assets/page.css (site paths). */
  styles?: readonly string[];
  /** Scripts, loaded with `defer` at the end of the body (site paths). */
  scripts?: readonly string[];
  /** `<body class>`. */
  bodyClass?: string;
}

/** A whole page around `body` (already-escaped HTML; wrap it with inMain for the standard column). */
export function renderPage(title: string, body: string, assets: PageAssets = {}): string {
  const styles = ['/assets/page.css', ...(assets.styles ?? [])]
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join('\n');
  const scripts = (assets.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('\n');
  const bodyClass = assets.bodyClass === undefined ? '' : ` class="${escapeHtml(assets.bodyClass)}"`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${styles}
</head>
<body${bodyClass}>
${body}
${scripts}
</body>
</html>
`;
}

/** `body` inside the standard centred `<main>` column. */
export function inMain(body: string): string {
  return `<main>\n${body}\n</main>`;
}
