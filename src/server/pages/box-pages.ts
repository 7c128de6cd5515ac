/**
 * The two pages built on the search box: the search page (`/`, the box in full-page mode) and the
 * embedding example (`/embed-example.html`, a small blog with the box as a modal). They render the
 * mount points only; the box (widget.js) does the searching, the URL and the history.
 */
import { escapeHtml } from '../../index.js';
import { inMain, renderPage } from './layout.js';

/** The two lines a site owner pastes, as the example page uses them. */
export const EMBED_SNIPPET = `<script src="/widget.js" defer></script>
<div data-zhsearch data-endpoint="" data-mode="modal"></div>`;

const PLACEHOLDER = '搜索文章，例如：核酸检测';

/** `/`: the box in page mode; `initialQuery` is the page's `?q=` (the box reads the URL too). */
export function renderSearchPage(initialQuery: string): string {
  const body = `<h1>zhsearch 中文搜索</h1>
<div data-zhsearch data-endpoint="" data-mode="page" data-page-size="10" data-placeholder="${escapeHtml(PLACEHOLDER)}" data-initial-query="${escapeHtml(initialQuery)}"></div>
<noscript><p class="status">搜索框需要启用 JavaScript。</p></noscript>
<p class="meta">想在自己的网站上放这个搜索框？见<a href="/embed-example.html">嵌入示例</a>。</p>`;
  return renderPage('zhsearch 中文搜索', inMain(body), { styles: ['/widget.css'], scripts: ['/widget.js'] });
}

/** `/embed-example.html`: a fake blog page whose only search code is EMBED_SNIPPET. */
export function renderEmbedExample(): string {
  const [scriptLine, mountLine] = EMBED_SNIPPET.split('\n') as [string, string];
  const body = `<header class="blog-header">
<a class="blog-name" href="/embed-example.html">小林的技术博客</a>
${EMBED_SNIPPET}
</header>
${inMain(`<article>
<h1>在你的网站上嵌入 zhsearch 搜索框</h1>
<p>这是一个示例博客页面。右上角的搜索按钮来自下面这两行代码，把它们粘贴到博客模板里（例如页眉），就能在每个页面上全文搜索：</p>
<pre><code>${escapeHtml(EMBED_SNIPPET)}</code></pre>
<ol>
<li><code>${escapeHtml(scriptLine)}</code> 加载搜索框（它会自动加载同目录下的 <code>widget.css</code>）。</li>
<li><code>${escapeHtml(mountLine)}</code> 标记搜索框出现的位置。<code>data-mode="modal"</code> 显示一个搜索按钮，点击后在弹出层中搜索；也可以按 <kbd>Ctrl</kbd>+<kbd>K</kbd> 或 <kbd>/</kbd>。</li>
</ol>
<h2>在另一个网站上使用</h2>
<p>把 <code>/widget.js</code> 换成本服务的完整地址（例如 <code>https://search.example.com/widget.js</code>），把 <code>data-endpoint</code> 设为 <code>https://search.example.com</code>，并在服务的配置 <code>corsOrigins</code>（或环境变量 <code>ZHSEARCH_CORS_ORIGINS</code>）中加入那个网站的源，例如 <code>https://blog.example.com</code>。</p>
<h2>可选属性</h2>
<ul>
<li><code>data-mode</code>：<code>inline</code>（结果显示在输入框下方）、<code>modal</code>（弹出层）或 <code>page</code>（整页结果，查询写在网址的 <code>?q=</code> 中）。</li>
<li><code>data-placeholder</code>：输入框的提示文字。</li>
<li><code>data-page-size</code>：每页结果数。</li>
<li><code>data-lang</code>：<code>zh-CN</code>、<code>zh-TW</code> 或 <code>en</code>，默认取页面的 <code>lang</code>。</li>
<li><code>data-initial-query</code>：打开时就搜索的内容。</li>
</ul>
</article>`)}`;
  return renderPage('嵌入示例 · 小林的技术博客', body);
}
