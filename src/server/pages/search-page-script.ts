/**
 * The search page's browser script, served as /assets/search.js. Plain JS that talks to
 * /api/search only; it never segments or normalizes. Results go in with textContent, except
 * the server's escaped titleHtml/snippetHtml.
 */
export const SEARCH_PAGE_SCRIPT = String.raw`(() => {
  const form = document.getElementById('search-form');
  const input = document.getElementById('q');
  const status = document.getElementById('status');
  const list = document.getElementById('results');
  const pager = document.getElementById('pager');
  const pageSize = 10;
  let controller = null;

  function formatDate(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return d.toLocaleDateString('zh-CN', { year: 'numeric', month: 'long', day: 'numeric' });
  }

  function render(body, offset) {
    list.textContent = '';
    pager.textContent = '';
    status.textContent = body.total === 0 ? '没有找到结果' : '找到 ' + body.total + ' 条结果（' + body.tookMs + ' 毫秒）';
    for (const hit of body.hits) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = hit.url;
      a.innerHTML = hit.titleHtml;
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = [formatDate(hit.date), hit.categories.join(' · '), hit.author || ''].filter(Boolean).join(' ｜ ');
      const p = document.createElement('p');
      p.className = 'snippet';
      p.innerHTML = hit.snippetHtml;
      li.append(a, meta, p);
      list.append(li);
    }
    if (offset > 0) pager.append(pageButton('上一页', offset - pageSize));
    if (offset + pageSize < body.total) pager.append(pageButton('下一页', offset + pageSize));
  }

  function pageButton(label, offset) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', () => run(input.value, offset, true));
    return b;
  }

  async function run(q, offset, push) {
    q = q.trim();
    if (push) {
      const url = new URL(location.href);
      if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
      if (offset) url.searchParams.set('offset', String(offset)); else url.searchParams.delete('offset');
      history.pushState(null, '', url);
    }
    if (!q) { list.textContent = ''; pager.textContent = ''; status.textContent = ''; return; }
    if (controller) controller.abort();
    controller = new AbortController();
    status.textContent = '搜索中…';
    try {
      const params = new URLSearchParams({ q, limit: String(pageSize), offset: String(offset) });
      const res = await fetch('/api/search?' + params, { signal: controller.signal });
      const body = await res.json();
      if (!res.ok) { status.textContent = body.error ? body.error.message : '出错了'; list.textContent = ''; return; }
      render(body, offset);
    } catch (err) {
      if (err.name !== 'AbortError') status.textContent = '网络错误，请重试';
    }
  }

  function fromLocation() {
    const params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    run(input.value, Number(params.get('offset')) || 0, false);
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); run(input.value, 0, true); });
  window.addEventListener('popstate', fromLocation);
  fromLocation();
})();
`;
