import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query-parser.js';

function summary(raw: string) {
  const query = parseQuery(raw);
  return {
    parts: query.parts.map((p) => `${p.negated ? '-' : ''}${p.titleOnly ? 'title:' : ''}${p.quoted ? `"${p.text}"` : p.text}`),
    filters: query.filters.map((f) => `${f.negated ? '-' : ''}${f.field}=${f.value}`),
  };
}

describe('parseQuery', () => {
  it.each([
    ['核酸检测', ['核酸检测'], []],
    ['  核酸　检测 ', ['核酸', '检测'], []],
    ['"新冠 疫情" 防控', ['"新冠 疫情"', '防控'], []],
    ['核酸 -北京', ['核酸', '-北京'], []],
    ['-', ['-'], []],
    ['"unmatched 核酸', ['"unmatched', '核酸'], []],
    ['title:绥芬河 核酸', ['title:绥芬河', '核酸'], []],
    ['TITLE：绥芬河', ['title:绥芬河'], []],
    ['author:新浪财经 疫情', ['疫情'], ['author=新浪财经']],
    ['category:金融/新浪财经 tag:防疫 -author:趣头条', [], ['category=金融/新浪财经', 'tag=防疫', '-author=趣头条']],
    ['原标题：疫情', ['原标题：疫情'], []],
    ['title:', ['title:'], []],
  ])('parses %j', (raw, parts, filters) => {
    expect(summary(raw)).toEqual({ parts, filters });
  });

  it('records each part’s span in the raw query', () => {
    const query = parseQuery('核酸 "a b" -c');
    expect(query.parts.map((p) => query.raw.slice(p.start, p.end))).toEqual(['核酸', '"a b"', '-c']);
  });
});
