import { load } from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateNestingDepth, htmlToText, MAX_NESTING_DEPTH } from '../../src/ingest/html-to-text.js';

const SITE = { boilerplateSelectors: ['.appendQr_wrap'], editorSelector: '.article-editor' };

describe('htmlToText', () => {
  it.each([
    // [what, html, expected text]
    ['blocks become lines', '<p>第一段</p><p>第二段</p>', '第一段\n第二段'],
    ['inline markup does not split words', '<p>核<b>酸</b><span>检</span><a href="#">测</a></p>', '核酸检测'],
    ['U+3000 indents are removed', '<p cms-style="font-L">\u3000\u3000据央视新闻，1月25日</p>', '据央视新闻，1月25日'],
    ['runs of whitespace and NBSP collapse to one space', '<p>a \t&nbsp;&nbsp;\u00a0 b\u3000\u3000c</p>', 'a b c'],
    ['entities are decoded', '<p>&#123;x&#125; &amp; &lt;tag&gt; &quot;q&quot; &#x4e2d;</p>', '{x} & <tag> "q" 中'],
    ['script, style, noscript are dropped', '<script>a = 1;</script><style>p{}</style><noscript>开启</noscript><p>正文</p>', '正文'],
    ['template, iframe, svg are dropped', '<template><p>模板</p></template><iframe>框</iframe><svg><text>矢量</text></svg>正文', '正文'],
    ['comments are dropped', '<p>正<!-- 注释 -->文</p><!-- news_keyword_pub,stock, -->', '正文'],
    ['image alt text is not body text', '<p><img src="a.png" alt="图片说明">正文</p>', '正文'],
    ['br breaks a line', '<p>第一行<br>第二行<br/>第三行</p>', '第一行\n第二行\n第三行'],
    ['list items are lines', '<ul><li>一</li><li>二</li></ul><ol><li>三</li></ol>', '一\n二\n三'],
    ['table cells are separated, rows are lines', '<table><tr><th>甲</th><td>乙</td></tr><tr><td>丙</td></tr></table>', '甲 乙\n丙'],
    ['sectioning and headings are blocks', '<section>节</section><article>文</article><blockquote>引</blockquote><h3>题</h3>', '节\n文\n引\n题'],
    ['pre keeps its line breaks', '<pre>line1\n  line2\n\nline3</pre>', 'line1\nline2\nline3'],
    ['empty lines are dropped, lines trimmed', '<div>   \n<p>  a  </p>\n\n\n<p></p><div> </div><p>b</p></div>', 'a\nb'],
    ['a source line break between Chinese characters is no space', '<p>核酸\n检测</p>', '核酸检测'],
    ['a source line break between Latin words is a space', '<p>hello\nworld</p>', 'hello world'],
    ['control characters are dropped', '<p>a\u0001b\u007fc</p>', 'abc'],
    ['plain text without tags is kept', '没有标签的正文', '没有标签的正文'],
  ])('%s', (_what, html, expected) => {
    expect(htmlToText(html).text).toBe(expected);
  });

  it('removes the boilerplate selectors and keeps the article text', () => {
    const promo = '<div class="appendQr_normal_txt">海量资讯、精准解读，尽在新浪财经APP</div>';
    const html = `<div><p>正文</p><div class="clearfix appendQr_wrap">${promo}</div></div>`;
    expect(htmlToText(html, SITE).text).toBe('正文');
    expect(htmlToText(html).text).toContain('海量资讯');
  });

  it('reads the editor name from the editor credit and removes the credit line', () => {
    const result = htmlToText('<p>正文</p><p class="article-editor">责任编辑：张亚楠 </p>', SITE);
    expect(result.editor).toBe('张亚楠');
    expect(result.text).toBe('正文');
  });

  it('accepts a half-width colon in the editor credit', () => {
    expect(htmlToText('<p>正文</p><p class="article-editor">责任编辑: 王五</p>', SITE).editor).toBe('王五');
  });

  it('has no editor when there is no credit', () => {
    expect(htmlToText('<p>正文</p><p>责任编辑丨许来齐</p>', SITE)).toMatchObject({
      editor: null,
      text: '正文\n责任编辑丨许来齐',
    });
  });

  it('finds the first heading of any level, skipping dropped elements', () => {
    expect(htmlToText('<p>导语</p><h3>  小 <em>标题</em> </h3><h1>大标题</h1>').heading).toBe('小 标题');
    expect(htmlToText('<object><h1>插件</h1></object><p>正文</p>').heading).toBeNull();
  });

  it('reads the title of a whole document but keeps head contents out of the text', () => {
    const result = htmlToText(
      '<!doctype html><html><head><title> 页面 标题 </title><meta name="x" content="元"></head><body><p>正文</p></body></html>',
    );
    expect(result).toEqual({ text: '正文', editor: null, heading: null, documentTitle: '页面 标题' });
  });

  it('extracts text from markup nested a thousand levels deep', () => {
    const html = '<div>'.repeat(MAX_NESTING_DEPTH) + '深' + '</div>'.repeat(MAX_NESTING_DEPTH);
    expect(htmlToText(html).text).toBe('深');
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), tagSoup()), (html) => {
        htmlToText(html, SITE);
      }),
      { numRuns: 500 },
    );
  });

  it('never outputs the contents of a script element', () => {
    const marker = 'SCRIPTMARKER';
    const context = fc.oneof(fc.string(), tagSoup()).filter((s) => !s.includes(marker));
    fc.assert(
      fc.property(context, context, fc.constantFrom('<script>', '<SCRIPT type="x">', '<script\n>'), (before, after, open) => {
        const html = `${before}${open}${marker}</script>${after}`;
        // The surrounding soup can turn the tag into text (`<a href="<script>…`); only a real script counts.
        fc.pre(load(html)('script').text().includes(marker));
        const { text, heading } = htmlToText(html, SITE);
        expect(text).not.toContain(marker);
        expect(heading ?? '').not.toContain(marker);
      }),
      { numRuns: 500 },
    );
  });

  it('always outputs trimmed, non-empty lines', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), tagSoup()), (html) => {
        const { text } = htmlToText(html);
        if (text === '') return;
        for (const line of text.split('\n')) {
          expect(line).not.toBe('');
          expect(line).toBe(line.trim());
          expect(line).not.toMatch(/\s\s/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('estimateNestingDepth', () => {
  it.each([
    ['<div><p>a<p>b<p>c</div>', 1],
    ['<div><div><span>x</span></div></div>', 3],
    ['<ul><li>a<li>b<li>c</ul>', 1],
    ['<img><br><hr><p>x</p>', 0],
    ['a < b <<< c', 0],
    ['</div></div><div>', 1],
  ])('estimates %j as %i levels', (html, depth) => {
    expect(estimateNestingDepth(html)).toBe(depth);
  });
});

function tagSoup(): fc.Arbitrary<string> {
  const pieces = fc.oneof(
    fc.constantFrom(
      '<p>', '</p>', '<div class="appendQr_wrap">', '</div>', '<b>', '</b>', '<br>', '<!--', '-->', '<pre>', '</pre>',
      '<table>', '<tr>', '<td>', '<li>', '<ul>', '<h2>', '</h2>', '<style>', '</style>', '<script>', '</script>',
      '<svg>', '</svg>', '<math>', '<textarea>', '</textarea>', '<title>', '<noscript>', '<template>',
      '</template>', '<select>', '<a href="', '<img alt="', '"', "'", '<', '>', '/', '&', '&amp;', '&#123;',
      '&#xD800;', '\u3000', '\u00a0', '\n', ' ', '核酸', 'abc', '<![CDATA[', ']]>', '<?xml', '<!doctype html>',
      '<p class="article-editor">责任编辑：', '<html>', '<body>', '<head>', '</head>', '{%', '%}',
    ),
    fc.string({ maxLength: 5 }),
  );
  return fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));
}
