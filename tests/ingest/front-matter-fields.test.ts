import { describe, expect, it } from 'vitest';
import { readFrontMatterFields, type FrontMatterFields } from '../../src/ingest/front-matter-fields.js';
import { splitFrontMatter } from '../../src/ingest/front-matter.js';

function fields(yaml: string): FrontMatterFields {
  const split = splitFrontMatter(`---\n${yaml}\n---\n正文`);
  if (!split.ok) throw new Error(split.message);
  const read = readFrontMatterFields(split.data);
  if (!read.ok) throw new Error(read.message);
  return read.fields;
}

describe('readFrontMatterFields', () => {
  it.each([
    // [what, yaml, expected categories]
    ['a flat list is one hierarchy path', 'categories:\n - 金融\n - 新浪财经\n - 新浪财经－国內', ['金融/新浪财经/新浪财经－国內']],
    ['a list of lists gives several paths', 'categories: [[a, b], c]', ['a/b', 'c']],
    ['a single string is one path', 'categories: 生活', ['生活']],
    ['segments are trimmed, stringified, empty ones dropped', 'categories: [" a ", 2022, "", null, true]', ['a/2022/true']],
    ['deeper lists are flattened into their path', 'categories: [[a, [b, c]], [d]]', ['a/b/c', 'd']],
    ['repeated paths are kept once', 'categories: [[a], [a], [b]]', ['a', 'b']],
    ['absent categories are none', 'title: x', []],
    ['an empty list is none', 'categories: []', []],
  ])('categories: %s', (_what, yaml, expected) => {
    expect(fields(yaml).categories).toEqual(expected);
  });

  it.each([
    ['a string is one tag', 'tags: 核酸', ['核酸']],
    ['a list is tags, stringified and trimmed', 'tags: [核酸, " 疫情 ", 2022, ""]', ['核酸', '疫情', '2022']],
    ['absent tags are none', 'title: x', []],
  ])('tags: %s', (_what, yaml, expected) => {
    expect(fields(yaml).tags).toEqual(expected);
  });

  it.each([
    ['a string', "title: ' 标题 '", '标题'],
    ['a number', 'title: 2022', '2022'],
    ['a list, joined with spaces', 'title: [年度, 报告]', '年度 报告'],
    ['a block scalar, on one line', 'title: |\n  第一行\n  第二行', '第一行 第二行'],
    ['empty → null (the caller falls back)', "title: ''", null],
    ['a mapping → null', 'title: {a: 1}', null],
  ])('title: %s', (_what, yaml, expected) => {
    expect(fields(yaml).title).toBe(expected);
  });

  it('reads the author from a string or from a mapping with a name', () => {
    expect(fields('author: 新浪财经').author).toBe('新浪财经');
    expect(fields('author: {name: 小编, email: a@b.c}').author).toBe('小编');
    expect(fields('author: [a, b]').author).toBeNull();
    expect(fields('title: x').author).toBeNull();
  });

  it('takes the url from permalink, else from url', () => {
    expect(fields('permalink: /a/\nurl: /b/').url).toBe('/a/');
    expect(fields('url: /b/').url).toBe('/b/');
    expect(fields('title: x').url).toBeNull();
  });

  it('flags published: false only', () => {
    expect(fields('published: false').isUnpublished).toBe(true);
    expect(fields('published: true').isUnpublished).toBe(false);
    expect(fields("published: 'no'").isUnpublished).toBe(false);
  });

  it('puts every other field in meta, JSON-safe', () => {
    const meta = fields(
      'title: t\ndate: 2022-01-01\nheadimg: a.png\ncomments: false\nscore: .nan\nnested: {list: [1, .inf]}\n__proto__: {polluted: true}',
    ).meta;
    expect(meta).toEqual({
      headimg: 'a.png',
      comments: false,
      score: 'NaN',
      nested: { list: [1, 'Infinity'] },
      ['__proto__']: { polluted: true },
    });
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
  });

  it('refuses alias bombs and cycles instead of expanding them', () => {
    let yaml = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      yaml += `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]\n`;
      previous = name;
    }
    for (const text of [`---\n${yaml}---\n正文`, '---\nloop: &l [1, *l]\n---\n正文']) {
      const split = splitFrontMatter(text);
      expect(split.ok).toBe(true);
      if (split.ok) expect(readFrontMatterFields(split.data)).toEqual({ ok: false, message: expect.stringContaining('too') });
    }
  });
});
