import { describe, expect, it } from 'vitest';
import { ids, tinySearcher } from '../helpers/tiny-index.js';

const searcher = tinySearcher([
  { id: 'together', title: '新冠核酸检测点', text: '今天在新冠核酸检测点排队。检测结果呈阴性。', date: '2022-01-02T00:00:00.000Z' },
  { id: 'apart', title: '医院公告', text: '核酸试剂到货。明天开始检测工作。', date: '2022-01-03T00:00:00.000Z' },
  { id: 'traditional', title: '台北公告', text: '市民完成核酸檢測，結果呈陰性。', date: '2022-01-01T00:00:00.000Z' },
  { id: 'latin', title: 'Linux 工具', text: 'badblocks 扫描磁盘，COVID-19 报告发布于2015年。iPhone 15 与 5G网络。', date: null },
  { id: 'blocks', title: 'blocks 说明', text: 'blocks 是块的意思。', date: null },
  { id: 'units', title: '包裹', text: '重5㎏的包裹，ＣＯＶＩＤ专题。', date: null },
  { id: 'markup', title: '<b>转义</b>', text: '文本里有 <script>alert(1)</script> 和 & 符号。', date: null },
]);

describe('searcher', () => {
  it('finds 核酸检测点 and 新冠核酸检测 when the query is 核酸检测, not a post with 核酸 and 检测 apart', () => {
    expect(ids(searcher, '核酸检测').sort()).toEqual(['together', 'traditional']);
  });

  it('finds a substring that crosses jieba word boundaries (酸检)', () => {
    expect(ids(searcher, '酸检').sort()).toEqual(['together', 'traditional']);
  });

  it('meets traditional and simplified text in both directions', () => {
    expect(ids(searcher, '結果呈陰性').sort()).toEqual(['together', 'traditional']);
    expect(ids(searcher, '市民完成核酸检测')).toEqual(['traditional']);
    expect(ids(searcher, '檢測結果').sort()).toEqual(['together']);
  });

  it('requires every part (AND) and excludes -parts', () => {
    expect(ids(searcher, '核酸 检测').sort()).toEqual(['apart', 'together', 'traditional']);
    expect(ids(searcher, '核酸 检测 -阴性')).toEqual(['apart']);
    expect(ids(searcher, '核酸 不存在的词')).toEqual([]);
  });

  it('matches quoted parts with their spaces as one contiguous part', () => {
    expect(ids(searcher, '"iPhone 15"')).toEqual(['latin']);
    expect(ids(searcher, '"iPhone 16"')).toEqual([]);
  });

  it('answers 0 for exclusion-only, punctuation-only and absent queries', () => {
    expect(searcher.search({ q: '-核酸' }).total).toBe(0);
    expect(searcher.search({ q: '，。！ ...' }).total).toBe(0);
    expect(searcher.search({ q: '量子纠缠' }).total).toBe(0);
  });

  it('takes an unmatched quote literally', () => {
    expect(() => searcher.search({ q: '"核酸' })).not.toThrow();
    expect(searcher.search({ q: '"核酸' }).total).toBe(0);
  });

  it('matches Latin and digits inside longer words, whole-token matches first', () => {
    expect(ids(searcher, 'blocks')).toEqual(['blocks', 'latin']);
    expect(ids(searcher, '15')).toEqual(['latin']);
    expect(ids(searcher, 'covid').sort()).toEqual(['latin', 'units']);
    expect(ids(searcher, 'COVID-19')).toEqual(['latin']);
    expect(ids(searcher, '5G网络')).toEqual(['latin']);
    expect(ids(searcher, 'ＣＯＶＩＤ').sort()).toEqual(['latin', 'units']);
    expect(ids(searcher, '5kg')).toEqual(['units']);
  });

  it('finds a whole-word part in posts holding it as that word and in posts holding it inside longer words alike', () => {
    const words = tinySearcher([
      { id: 'thrice', text: 'python 入门：python 与 python 的区别。' },
      { id: 'inside', text: '写出 pythonic 的代码。' },
      { id: 'once', text: '我喜欢 python。' },
      { id: 'none', text: '我喜欢 ruby。' },
      { id: 'han', text: '全员核酸检测，再做一次核酸检测。' },
      { id: 'han-split', text: '做了核酸检测点的登记。' },
    ]);
    const python = words.search({ q: 'python', limit: 10 });
    expect(python.total).toBe(3);
    expect(python.hits.map((hit) => hit.id)[0]).toBe('thrice');
    expect(python.hits.map((hit) => hit.id).sort()).toEqual(['inside', 'once', 'thrice']);
    expect(python.hits.find((hit) => hit.id === 'inside')!.snippetHtml).toContain('<mark>python</mark>ic');
    expect(ids(words, '核酸检测').sort()).toEqual(['han', 'han-split']);
    expect(ids(words, '核酸檢測').sort()).toEqual(['han', 'han-split']);
  });

  it('ranks a title match above a body match', () => {
    expect(ids(searcher, '检测点')).toEqual(['together']);
    const hits = ids(searcher, '公告');
    expect(hits.slice(0, 2).sort()).toEqual(['apart', 'traditional']);
  });

  it('breaks score ties by recency and sorts by date on request, undated last', () => {
    const tie = tinySearcher([
      { id: 'old', title: 't', text: '同样的文本', date: '2020-01-01T00:00:00.000Z' },
      { id: 'new', title: 't', text: '同样的文本', date: '2021-01-01T00:00:00.000Z' },
      { id: 'none', title: 't', text: '同样的文本', date: null },
    ]);
    expect(ids(tie, '文本')).toEqual(['new', 'old', 'none']);
    expect(tie.search({ q: '文本', sort: 'date' }).hits.map((h) => h.id)).toEqual(['new', 'old', 'none']);
  });

  it('counts totals exactly and pages with offset and limit', () => {
    const many = tinySearcher(Array.from({ length: 25 }, (_, i) => ({ id: `d${i}`, text: i % 2 === 0 ? `第${i}篇的文本` : `第${i}篇文本` })));
    expect(many.search({ q: '的', limit: 5 }).total).toBe(13);
    const all = many.search({ q: '文本', limit: 100 }).hits.map((h) => h.id);
    const paged = [0, 10, 20].flatMap((offset) => many.search({ q: '文本', limit: 10, offset }).hits.map((h) => h.id));
    expect(paged).toEqual(all);
    expect(all).toHaveLength(25);
  });

  it('highlights the original traditional characters for a simplified query', () => {
    const hit = searcher.search({ q: '核酸检测' }).hits.find((h) => h.id === 'traditional');
    expect(hit?.snippetHtml).toContain('<mark>核酸檢測</mark>');
  });

  it('highlights a length-changing fold on the original character', () => {
    expect(searcher.search({ q: '5kg' }).hits[0]?.snippetHtml).toContain('重<mark>5㎏</mark>的包裹');
  });

  it('merges overlapping parts into one mark', () => {
    const snippet = searcher.search({ q: '核酸 核酸检测点' }).hits[0]?.snippetHtml ?? '';
    expect(snippet).toContain('<mark>核酸检测点</mark>');
  });

  it('marks the title too and escapes markup in titles and text', () => {
    const hit = searcher.search({ q: 'script' }).hits[0]!;
    expect(hit.snippetHtml).toContain('&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;');
    expect(searcher.search({ q: '转义' }).hits[0]?.titleHtml).toBe('&lt;b&gt;<mark>转义</mark>&lt;/b&gt;');
  });

  it('restricts title: parts to titles', () => {
    expect(ids(searcher, 'title:公告').sort()).toEqual(['apart', 'traditional']);
    expect(ids(searcher, 'title:检测结果')).toEqual([]);
  });

  it('finds emoji and CJK Extension B characters and highlights them whole', () => {
    const s = tinySearcher([{ id: 'e', text: '今天😀很好，𠀀字少见。' }]);
    expect(s.search({ q: '😀' }).hits[0]?.snippetHtml).toContain('<mark>😀</mark>');
    expect(s.search({ q: '𠀀字' }).hits[0]?.snippetHtml).toContain('<mark>𠀀字</mark>');
  });
});

describe('highlights on generated text', () => {
  it('marks original characters that fold to the query part, with or without an offset map', async () => {
    const fc = (await import('fast-check')).default;
    const { textWithHan } = await import('../helpers/arbitraries.js');
    const { normalize } = await import('../../src/analysis/normalize.js');
    const unescape = (html: string): string =>
      html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    fc.assert(
      fc.property(textWithHan(60), fc.nat(), fc.integer({ min: 1, max: 4 }), (text, at, length) => {
        const chars = Array.from(text);
        const start = at % Math.max(1, chars.length);
        const part = chars.slice(start, start + length).join('');
        if (!/[\p{L}\p{N}]/u.test(part) || /[\s"]/.test(part) || part.startsWith('-')) return true;
        const s = tinySearcher([{ id: 'g', title: 'x', text: `前文。${text}` }]);
        const hit = s.search({ q: part }).hits[0];
        if (hit === undefined) return false;
        const marks = [...hit.snippetHtml.matchAll(/<mark>([\s\S]*?)<\/mark>/g)].map((m) => unescape(m[1]!));
        return marks.length > 0 && marks.every((mark) => normalize(mark).includes(normalize(part)));
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe('mixed Chinese, English and numbers', () => {
  const mixed = tinySearcher([
    { id: 'covid', title: 'COVID-19 疫情通报', text: '新型冠状病毒肺炎（COVID-19）疫情。' },
    { id: 'covid-fw', title: '专题', text: 'ＣＯＶＩＤ－１９ 专题报道。' },
    { id: 'iphone-space', title: '手机', text: '苹果发布 iPhone 15 系列。' },
    { id: 'iphone-joined', title: '手机', text: '用户升级到iPhone15之后。' },
    { id: 'iphone-14', title: '手机', text: 'iPhone 14 降价，15 日开售。' },
    { id: '5g', title: '通信', text: '建设5G网络基站。' },
    { id: 'jan', title: '日历', text: '2022年1月24日召开会议。' },
    { id: 'nov', title: '日历', text: '2022年11月召开会议。' },
  ]);

  it.each([
    ['COVID-19', ['covid', 'covid-fw']],
    ['covid', ['covid', 'covid-fw']],
    ['ＣＯＶＩＤ', ['covid', 'covid-fw']],
    ['"iPhone 15"', ['iphone-space']],
    ['iPhone15', ['iphone-joined']],
    ['5G网络', ['5g']],
    ['5g', ['5g']],
    ['2022年1月', ['jan']],
    ['2022年11月', ['nov']],
  ])('%s finds %j', (q, expected) => {
    expect(ids(mixed, q).sort()).toEqual([...expected].sort());
  });

  it('treats iPhone 15 as two parts that must both occur', () => {
    expect(ids(mixed, 'iPhone 15').sort()).toEqual(['iphone-14', 'iphone-joined', 'iphone-space']);
  });
});

describe('highlighting edge cases', () => {
  it('highlights across an inline tag boundary of the original HTML', async () => {
    const { parsePost } = await import('../../src/ingest/read-post.js');
    const { DEFAULT_INGEST_OPTIONS } = await import('../../src/ingest/post.js');
    const parsed = parsePost(Buffer.from('---\ntitle: 标签\n---\n<p>今天完成<b>核酸</b>检测，结果阴性。</p>'), { id: 'tag', path: 'tag.html' }, DEFAULT_INGEST_OPTIONS);
    if (!parsed.ok) throw new Error(parsed.skip.message);
    const s = tinySearcher([{ id: 'tag', title: parsed.post.title, text: parsed.post.text }]);
    expect(s.search({ q: '核酸检测' }).hits[0]?.snippetHtml).toContain('完成<mark>核酸检测</mark>，');
  });

  it('merges overlapping query parts 核酸 and 核酸检测 into one mark', () => {
    const s = tinySearcher([{ id: 'o', text: '开展核酸检测工作，核酸试剂充足。' }]);
    const html = s.search({ q: '核酸 核酸检测' }).hits[0]?.snippetHtml;
    expect(html).toBe('开展<mark>核酸检测</mark>工作，<mark>核酸</mark>试剂充足。');
  });
});

describe('whole-title queries', () => {
  it('ranks the post whose title is the query first, even when the title holds punctuation-only parts', () => {
    const s = tinySearcher([
      { id: 'short', title: '传真向导', text: '传真向导要包含的项目很多。传真向导。' },
      { id: 'long', title: '传真向导 - 要包含的项目', text: '选择项目。' },
    ]);
    expect(ids(s, '传真向导 - 要包含的项目')[0]).toBe('long');
  });
});
