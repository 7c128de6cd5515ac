import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../../src/ingest/front-matter.js';

describe('splitFrontMatter', () => {
  it('finds front matter after leading blank lines, as in every sample', () => {
    expect(splitFrontMatter('\n \n---\ntitle: 标题\n---\n<p>正文</p>')).toEqual({
      ok: true,
      data: { title: '标题' },
      body: '<p>正文</p>',
    });
  });

  it('accepts CRLF line endings', () => {
    expect(splitFrontMatter('\r\n---\r\ntitle: 标题\r\n---\r\n正文')).toEqual({ ok: true, data: { title: '标题' }, body: '正文' });
  });

  it('keeps timestamps as strings so dates.ts reads them in the configured zone', () => {
    const result = splitFrontMatter('---\ndate: 2022-01-25 13:09:09\nupdated: 2022-01-25\n---\nx');
    expect(result).toMatchObject({ ok: true, data: { date: '2022-01-25 13:09:09', updated: '2022-01-25' } });
  });

  it('reports invalid YAML with its line in the file', () => {
    const result = splitFrontMatter('\n---\ntitle: a\n  bad: x\n---\nbody');
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/line 4\b.*bad indentation/) });
  });

  it('reports duplicate keys as invalid YAML', () => {
    expect(splitFrontMatter('---\ntitle: a\ntitle: b\n---\nbody').ok).toBe(false);
  });

  it('rejects front matter that is a list or a scalar', () => {
    expect(splitFrontMatter('---\n- a\n- b\n---\nbody')).toEqual({ ok: false, message: expect.stringContaining('not a mapping') });
    expect(splitFrontMatter('---\njust text\n---\nbody')).toEqual({ ok: false, message: expect.stringContaining('not a mapping') });
  });

  it('treats empty or comment-only front matter as an empty mapping', () => {
    expect(splitFrontMatter('---\n---\n正文')).toEqual({ ok: true, data: {}, body: '正文' });
    expect(splitFrontMatter('---\n# 注释\n---\n正文')).toEqual({ ok: true, data: {}, body: '正文' });
    expect(splitFrontMatter('---\n~\n---\n正文')).toEqual({ ok: true, data: {}, body: '正文' });
  });

  it('sees no front matter without an opening and a closing line', () => {
    expect(splitFrontMatter('正文\n---\n')).toEqual({ ok: true, data: {}, body: '正文\n---\n' });
    expect(splitFrontMatter('---\ntitle: 没有结束\n正文')).toEqual({ ok: true, data: {}, body: '---\ntitle: 没有结束\n正文' });
  });

  it('never evaluates ---js front matter as JavaScript', () => {
    const text = '---js\n{ title: (globalThis.evaluated = true, "x") }\n---\n正文';
    const result = splitFrontMatter(text);
    expect(result).toEqual({ ok: true, data: {}, body: text });
    expect((globalThis as { evaluated?: boolean }).evaluated).toBeUndefined();
  });

  it('returns fresh data each time: gray-matter is never allowed to cache by input string', () => {
    const text = '---\ntitle: 原标题\n---\n正文';
    const first = splitFrontMatter(text);
    if (first.ok) first.data.title = '改过';
    expect(splitFrontMatter(text)).toMatchObject({ ok: true, data: { title: '原标题' } });
  });
});
