import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZhsearchError } from '../../src/errors.js';
import {
  DEFAULT_INGEST_OPTIONS,
  listPostFiles,
  parsePost,
  readPost,
  readPosts,
  type IngestOptions,
  type Post,
  type ReadPostResult,
} from '../../src/ingest/index.js';

const SAMPLES = fileURLToPath(new URL('../../data/posts/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));
const options: IngestOptions = DEFAULT_INGEST_OPTIONS;

function parse(text: string | Buffer, file = { id: 'post', path: 'post.md' }, opts: IngestOptions = options): ReadPostResult {
  return parsePost(typeof text === 'string' ? Buffer.from(text) : text, file, opts);
}

function postOf(result: ReadPostResult): Post {
  if (!result.ok) throw new Error(`skipped: ${result.skip.code} ${result.skip.message}`);
  return result.post;
}

describe('the five sample posts', () => {
  let posts: Post[];
  beforeEach(async () => {
    const result = await readPosts(SAMPLES, options);
    expect(result.skips).toEqual([]);
    expect(result.warnings).toEqual([]);
    posts = result.posts;
  });
  const sample = (prefix: string): Post => {
    const post = posts.find((p) => p.id.startsWith(prefix));
    if (post === undefined) throw new Error(`no sample ${prefix}`);
    return post;
  };

  it('all parse, sorted by path, with real titles, dates, authors and category paths', () => {
    const sina = ['金融/新浪财经/新浪财经－国內'];
    expect(posts.map((p) => [p.id.slice(0, 3), p.title, p.date, p.author, p.categories])).toEqual([
      ['000', '突发！黑龙江绥芬河发现12例阳性，市长昨天召开疫情防控调度会', '2022-01-25T05:09:09.000Z', '新浪财经', sina],
      ['001', '吉林市昨日确诊继续破千例，吉林省长紧急指挥部署核酸检测', '2022-03-18T01:53:02.000Z', '新浪财经', sina],
      ['002', '李文艺主持召开疫情防控视频调度会议', '2022-02-05T11:13:23.000Z', '趣头条', ['新媒体/趣头条/分类']],
      ['003', '新疆伊犁州全面启动疫情防控工作', '2022-01-24T13:20:27.000Z', '新浪财经', sina],
      [
        '004',
        '国务院联防联控机制工作组：黑龙江要力争在国庆节前把疫情控制在管控范围内',
        '2021-09-24T11:51:18.000Z',
        '新浪财经',
        sina,
      ],
    ]);
    expect(posts[0]?.id).toBe('000_440605a35e19eb79');
  });

  it('read the editor from the credit line and drop the line', () => {
    expect(posts.map((p) => p.editor)).toEqual(['张亚楠', '李昂', null, '李墨轩', '李墨轩']);
  });

  it('leave no markup, entities, styles, promo block or editor credit in the text', () => {
    for (const post of posts) {
      for (const banned of ['<', 'appendQr', '&#', '{border', '海量资讯', '责任编辑：', '\u3000', '\n\n']) {
        expect(post.text, `${post.id} contains ${banned}`).not.toContain(banned);
      }
    }
  });

  it('keep the article own credits of sample 002', () => {
    const text = sample('002').text;
    expect(text).toContain('来源丨北林新闻');
    expect(text).toContain('责任编辑丨许来齐');
    expect(text.split('\n')).toContain('责任编辑丨许来齐');
  });

  it('start 000 with 据央视新闻, indent removed, and keep 核酸检测 whole', () => {
    const text = sample('000').text;
    expect(text.startsWith('据央视新闻')).toBe(true);
    expect(text).toContain('核酸检测');
    expect(text.split('\n')).toHaveLength(5);
  });

  it('keep inline-formatted lead sentences in one line (003)', () => {
    expect(sample('003').text).toContain('\n一是快速进行核酸检测。霍尔果斯市统筹调配核酸检测资源');
  });

  it('keep the other front matter fields in meta and hash the file bytes', async () => {
    const post = sample('000');
    expect(post.meta).toEqual({ headimg: expect.stringContaining('sinaimg.cn'), comments: false, thumbnail: expect.any(String) });
    const bytes = await readFile(path.join(SAMPLES, post.path));
    expect(post.contentHash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(post).toMatchObject({ tags: [], url: null, path: '000_440605a35e19eb79.txt' });
  });
});

describe('parsePost', () => {
  it('reads a Hexo Markdown post: tags removed, nested categories, author mapping, zone-less date', async () => {
    const bytes = await readFile(path.join(FIXTURES, 'hexo-markdown.md'));
    const post = postOf(parse(bytes, { id: 'hexo-markdown', path: 'hexo-markdown.md' }));
    expect(post).toMatchObject({
      title: '核酸检测点查询指南',
      date: '2022-01-25T05:09:09.000Z',
      categories: ['生活/健康', '指南'],
      tags: ['核酸', '疫情'],
      author: '小编',
      url: '/2022/01/guide/',
      editor: null,
      meta: { updated: '2022-01-26 08:00:00' },
    });
    expect(post.text.split('\n')).toEqual([
      '如何查询',
      '附近的核酸检测点可以在小程序里查询。',
      '提示：带好身份证。',
      'indented code stays text',
      '预约后 按时前往。',
      '第一步',
      '第二步',
    ]);
  });

  it('reads zone-less dates in options.timezone', () => {
    const text = '---\ndate: 2022-07-01 12:00\n---\n正文';
    expect(postOf(parse(text)).date).toBe('2022-07-01T04:00:00.000Z');
    expect(postOf(parse(text, undefined, { ...options, timezone: 'America/New_York' })).date).toBe('2022-07-01T16:00:00.000Z');
  });

  it('strips a UTF-8 BOM before the leading blank line and front matter', () => {
    const post = postOf(parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n---\ntitle: 有BOM\n---\n正文')])));
    expect(post).toMatchObject({ title: '有BOM', text: '正文' });
  });

  it('falls back to the first heading, then to the file name, for the title', () => {
    expect(postOf(parse('<p>导语</p><h2>小标题</h2>')).title).toBe('小标题');
    expect(postOf(parse('## 二级标题\n\n正文')).title).toBe('二级标题');
    expect(postOf(parse('只有正文', { id: '2022/report', path: '2022/report.md' })).title).toBe('report');
    expect(postOf(parse("---\ntitle: ''\n---\n只有正文", { id: 'x', path: 'x.txt' })).title).toBe('x');
  });

  it('keeps a post with an unparseable date, undated, with an INVALID_DATE warning', () => {
    for (const date of ['20220125', 'not a date', '2022-02-30']) {
      const result = parse(`---\ndate: ${date}\n---\n正文`);
      expect(result).toMatchObject({ ok: true, post: { date: null } });
      if (result.ok) expect(result.warnings).toEqual([{ path: 'post.md', code: 'INVALID_DATE', message: expect.any(String) }]);
    }
  });

  it.each<[string, string | Buffer, string]>([
    ['invalid YAML', '\n---\ntitle: [unclosed\n---\n正文', 'INVALID_FRONT_MATTER'],
    ['front matter that is a list', '---\n- a\n---\n正文', 'INVALID_FRONT_MATTER'],
    ['invalid UTF-8', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0x0a]), 'INVALID_ENCODING'],
    ['a NUL byte (binary)', Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), Buffer.alloc(16)]), 'BINARY_FILE'],
    ['an empty file', '', 'EMPTY_POST'],
    ['front matter only', '---\ntitle: 空\n---\n', 'EMPTY_POST'],
    [
      'only comments, scripts, images and boilerplate',
      '<div><!-- x --><script>x()</script><img alt="图"><div class="appendQr_wrap">海量资讯</div>' +
        '<p class="article-editor">责任编辑：张三</p></div>',
      'EMPTY_POST',
    ],
    ['published: false', '---\npublished: false\n---\n正文', 'DRAFT'],
    ['markup nested deeper than the parser can take', `${'<div>'.repeat(5000)}深${'</div>'.repeat(5000)}`, 'POST_TOO_LARGE'],
  ])('skips %s', (_what, input, code) => {
    const result = parse(input);
    expect(result).toEqual({ ok: false, skip: { path: 'post.md', code, message: expect.any(String) } });
  });

  it('names the line of a YAML error in the skip message', () => {
    const result = parse('\n---\ntitle: a\n  bad: x\n---\n正文');
    expect(result).toMatchObject({ ok: false, skip: { message: expect.stringContaining('line 4') } });
  });

  it('keeps published: false posts when drafts are included', () => {
    expect(parse('---\npublished: false\n---\n正文', undefined, { ...options, includeDrafts: true }).ok).toBe(true);
  });

  it('skips bytes over maxPostBytes as POST_TOO_LARGE', () => {
    expect(parse('正文正文', undefined, { ...options, maxPostBytes: 6 })).toMatchObject({ ok: false, skip: { code: 'POST_TOO_LARGE' } });
  });

  it('throws INVALID_CONFIG for an unknown time zone or a bad selector, not a skip per post', () => {
    for (const bad of [{ timezone: 'Mars/Base' }, { boilerplateSelectors: ['..'] }, { editorSelector: '[' }]) {
      expect(() => parse('正文', undefined, { ...options, ...bad })).toThrow(ZhsearchError);
    }
  });
});

describe('readPost and readPosts on disk', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'zhsearch-read-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const put = async (relative: string, content: string | Buffer): Promise<void> => {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await writeFile(path.join(root, relative), content);
  };

  it('skips a huge file by its size, without reading it', async () => {
    await put('huge.md', '');
    await truncate(path.join(root, 'huge.md'), 4 * 1024 ** 3); // sparse; reading it whole would fail
    const [file] = (await listPostFiles(root, options)).files;
    if (file === undefined) throw new Error('not listed');
    const result = await readPost(file, { ...options, maxPostBytes: 1024 });
    expect(result).toEqual({ ok: false, skip: { path: 'huge.md', code: 'POST_TOO_LARGE', message: expect.any(String) } });
  });

  it('reports a file that vanished after listing as UNREADABLE_POST', async () => {
    await put('gone.md', '正文');
    const [file] = (await listPostFiles(root, options)).files;
    await rm(path.join(root, 'gone.md'));
    expect(await readPost(file!, options)).toMatchObject({ ok: false, skip: { path: 'gone.md', code: 'UNREADABLE_POST' } });
  });

  it.skipIf(process.getuid?.() === 0)('reports a file without read permission as UNREADABLE_POST', async () => {
    await put('secret.md', '正文');
    await chmod(path.join(root, 'secret.md'), 0o000);
    const result = await readPosts(root, options);
    expect(result.skips).toEqual([{ path: 'secret.md', code: 'UNREADABLE_POST', message: expect.stringContaining('EACCES') }]);
  });

  it('reads a folder of good and bad posts: posts sorted by path, every bad one reported, progress counted', async () => {
    await put('b.md', '---\ntitle: 乙\ndate: 1643087349\n---\n正文乙');
    await put('a.html', '<h1>甲</h1><p>正文甲</p>');
    await put('a.md', '正文重复');
    await put('2022/c.txt', '\n---\ntitle: 丙\n---\n<div><p>正文丙</p></div>');
    await put('bad-yaml.md', '---\ntitle: [\n---\n正文');
    await put('binary.txt', Buffer.from([0x00, 0x01, 0x02]));
    await put('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await put('empty.md', '');
    await put('big.md', 'x'.repeat(2048));
    await put('_drafts/d.md', '正文');
    await put('x.md/e.md', '正文戊');
    await symlink('.', path.join(root, 'loop'));
    const progress: Array<[number, number]> = [];
    const result = await readPosts(root, {
      ...options,
      maxPostBytes: 1024,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(result.posts.map((p) => [p.path, p.title])).toEqual([
      ['2022/c.txt', '丙'],
      ['a.html', '甲'],
      ['b.md', '乙'],
      ['x.md/e.md', 'e'],
    ]);
    expect(result.skips.map((s) => [s.path, s.code])).toEqual([
      ['_drafts/d.md', 'DRAFT'],
      ['a.md', 'DUPLICATE_ID'],
      ['bad-yaml.md', 'INVALID_FRONT_MATTER'],
      ['big.md', 'POST_TOO_LARGE'],
      ['binary.txt', 'BINARY_FILE'],
      ['empty.md', 'EMPTY_POST'],
      ['latin1.txt', 'INVALID_ENCODING'],
      ['loop', 'SYMLINK_LOOP'],
    ]);
    expect(result.warnings).toEqual([{ path: 'b.md', code: 'INVALID_DATE', message: expect.stringContaining('number') }]);
    // Nine files survive the listing (the duplicate and the draft are skipped before reading).
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(progress.every(([, total]) => total === 9)).toBe(true);
  });

  it('throws INPUT_NOT_FOUND for a missing input folder', async () => {
    await expect(readPosts(path.join(root, 'missing'), options)).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });
});
