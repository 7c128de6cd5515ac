import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/ingest/html-to-text.js';
import { bodyToHtml, isHtmlBody, stripHexoTags } from '../../src/ingest/markdown.js';

const text = (body: string, extension: string): string => htmlToText(bodyToHtml(body, extension)).text;

describe('isHtmlBody', () => {
  it.each([
    ['<div>正文</div>', '.txt', true],
    ['\n   \n  <div>\n    <p>正文</p>', '.md', true],
    ['# 标题', '.html', true],
    ['# 标题', '.HTM', true],
    ['# 标题', '.md', false],
    ['正文 <b>粗</b>', '.txt', false],
  ])('%j with extension %s → %s', (body, extension, expected) => {
    expect(isHtmlBody(body, extension)).toBe(expected);
  });
});

describe('stripHexoTags', () => {
  it.each([
    ['{% note info %}\n提示\n{% endnote %}', '\n提示\n'],
    ['前{% youtube\n  abc123\n%}后', '前后'],
    ['a {% raw %}{{ x }}{% endraw %} b', 'a {{ x }} b'],
    ['没有结束 {% note', '没有结束 {% note'],
    ['50%} 不是标签', '50%} 不是标签'],
  ])('%j → %j', (input, expected) => {
    expect(stripHexoTags(input)).toBe(expected);
  });

  it('stays fast on many unclosed tags', () => {
    const body = '{%'.repeat(200_000);
    const started = performance.now();
    expect(stripHexoTags(body)).toBe(body);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('bodyToHtml', () => {
  it('renders Markdown bodies', () => {
    expect(text('# 标题\n\n**核酸**检测\n\n- 一\n- 二', '.md')).toBe('标题\n核酸检测\n一\n二');
  });

  it('renders a .txt body that does not start with <', () => {
    expect(text('**粗体**和*斜体*', '.txt')).toBe('粗体和斜体');
  });

  it('never renders an HTML body as Markdown, so indented HTML is not a code block', () => {
    const body = '\n<div>   \n    <p>　　正文一</p>\n\n    <p>*正文二*</p>\n</div>';
    expect(text(body, '.txt')).toBe('正文一\n*正文二*');
    expect(text(body, '.md')).not.toContain('<');
  });

  it('keeps inline HTML in Markdown as markup', () => {
    expect(text('正文<span class="x">内容</span>', '.md')).toBe('正文内容');
  });

  it('removes Hexo tags before rendering, also in HTML bodies', () => {
    expect(text('{% note %}\n提示\n{% endnote %}', '.md')).toBe('提示');
    expect(text('<p>{% raw %}内容{% endraw %}</p>', '.html')).toBe('内容');
  });

  it('joins a soft line break between Chinese characters without a space', () => {
    expect(text('核酸检测点可以在\n小程序里查询。', '.md')).toBe('核酸检测点可以在小程序里查询。');
  });
});
