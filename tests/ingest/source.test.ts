import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZhsearchError } from '../../src/errors.js';
import { listPostFiles, readPostBytes } from '../../src/ingest/source.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'zhsearch-source-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(relative: string, content = '正文'): Promise<void> {
  const file = path.join(root, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

describe('listPostFiles', () => {
  it('lists every post extension recursively, with ids relative to the input folder', async () => {
    for (const name of ['a.md', 'b.markdown', 'c.html', 'd.htm', 'e.txt', 'F.MD', '2022/report.md', 'x/y/z.txt']) await put(name);
    for (const name of ['notes.json', 'image.png', 'README', '.md']) await put(name);
    const { files, skips } = await listPostFiles(root, { includeDrafts: false });
    expect(files.map((f) => [f.id, f.path])).toEqual([
      ['2022/report', '2022/report.md'],
      ['F', 'F.MD'],
      ['a', 'a.md'],
      ['b', 'b.markdown'],
      ['c', 'c.html'],
      ['d', 'd.htm'],
      ['e', 'e.txt'],
      ['x/y/z', 'x/y/z.txt'],
    ]);
    expect(skips).toEqual([]);
  });

  it('gives absolute paths, sizes and modification times', async () => {
    await put('a.md', '12345');
    const [file] = (await listPostFiles(root, { includeDrafts: false })).files;
    expect(file).toMatchObject({ id: 'a', path: 'a.md', absolutePath: path.join(root, 'a.md'), sizeBytes: 5 });
    expect(file?.mtimeMs).toBeGreaterThan(0);
  });

  it('sorts paths in plain code-unit order', async () => {
    for (const name of ['b.md', 'B.md', 'a/z.md', 'a-b.md', '中.md', 'ab.md']) await put(name);
    const { files } = await listPostFiles(root, { includeDrafts: false });
    expect(files.map((f) => f.path)).toEqual(['B.md', 'a-b.md', 'a/z.md', 'ab.md', 'b.md', '中.md']);
  });

  it('keeps the first path of a duplicate id and reports the other as DUPLICATE_ID', async () => {
    await put('a.md');
    await put('a.html');
    const { files, skips } = await listPostFiles(root, { includeDrafts: false });
    expect(files.map((f) => f.path)).toEqual(['a.html']);
    expect(skips).toEqual([{ path: 'a.md', code: 'DUPLICATE_ID', message: expect.stringContaining('a.html') }]);
  });

  it('does not take a folder named like a post for a post', async () => {
    await put('x.md/inner.md');
    const { files, skips } = await listPostFiles(root, { includeDrafts: false });
    expect(files.map((f) => f.id)).toEqual(['x.md/inner']);
    expect(skips).toEqual([]);
  });

  it('reports posts in _drafts folders as DRAFT skips unless drafts are included', async () => {
    await put('_drafts/idea.md');
    await put('2022/_drafts/deep/plan.md');
    await put('post.md');
    const excluded = await listPostFiles(root, { includeDrafts: false });
    expect(excluded.files.map((f) => f.id)).toEqual(['post']);
    expect(excluded.skips.map((s) => [s.path, s.code])).toEqual([
      ['2022/_drafts/deep/plan.md', 'DRAFT'],
      ['_drafts/idea.md', 'DRAFT'],
    ]);
    const included = await listPostFiles(root, { includeDrafts: true });
    expect(included.files.map((f) => f.id)).toEqual(['2022/_drafts/deep/plan', '_drafts/idea', 'post']);
    expect(included.skips).toEqual([]);
  });

  it('follows symbolic links to files and folders', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'zhsearch-outside-'));
    try {
      await writeFile(path.join(outside, 'real.md'), '正文');
      await symlink(path.join(outside, 'real.md'), path.join(root, 'linked.md'));
      await symlink(outside, path.join(root, 'shared'));
      const { files, skips } = await listPostFiles(root, { includeDrafts: false });
      expect(files.map((f) => f.id)).toEqual(['linked', 'shared/real']);
      expect(skips).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('skips a symbolic link back to an enclosing folder as SYMLINK_LOOP', async () => {
    await put('a/post.md');
    await symlink('..', path.join(root, 'a', 'up'));
    await symlink('.', path.join(root, 'self'));
    const { files, skips } = await listPostFiles(root, { includeDrafts: false });
    expect(files.map((f) => f.id)).toEqual(['a/post']);
    expect(skips.map((s) => [s.path, s.code])).toEqual([
      ['a/up', 'SYMLINK_LOOP'],
      ['self', 'SYMLINK_LOOP'],
    ]);
  });

  it('skips a symbolic link that points to itself as SYMLINK_LOOP', async () => {
    await symlink('loop.md', path.join(root, 'loop.md'));
    const { skips } = await listPostFiles(root, { includeDrafts: false });
    expect(skips).toEqual([{ path: 'loop.md', code: 'SYMLINK_LOOP', message: expect.any(String) }]);
  });

  it('reports a post-named link to nowhere as UNREADABLE_POST', async () => {
    await symlink('missing.md', path.join(root, 'dangling.md'));
    await symlink('missing.png', path.join(root, 'dangling.png'));
    const { files, skips } = await listPostFiles(root, { includeDrafts: false });
    expect(files).toEqual([]);
    expect(skips).toEqual([{ path: 'dangling.md', code: 'UNREADABLE_POST', message: expect.stringContaining('ENOENT') }]);
  });

  it('reports a post-named FIFO as UNREADABLE_POST instead of blocking on it', async (context) => {
    if (spawnSync('mkfifo', [path.join(root, 'pipe.md')]).status !== 0) context.skip();
    const { files, skips } = await listPostFiles(root, { includeDrafts: false });
    expect(files).toEqual([]);
    expect(skips).toEqual([{ path: 'pipe.md', code: 'UNREADABLE_POST', message: 'not a regular file' }]);
    const read = readPostBytes({ path: 'pipe.md', absolutePath: path.join(root, 'pipe.md') }, 100);
    expect(read).toMatchObject({ ok: false, skip: { code: 'UNREADABLE_POST' } });
  });

  it('throws INPUT_NOT_FOUND for a missing folder or a file', async () => {
    await put('file.md');
    for (const input of [path.join(root, 'missing'), path.join(root, 'file.md')]) {
      const error = await listPostFiles(input, { includeDrafts: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZhsearchError);
      expect((error as ZhsearchError).code).toBe('INPUT_NOT_FOUND');
    }
  });
});

describe('readPostBytes', () => {
  it('reads a file within the limit', async () => {
    await put('a.md', '正文');
    const result = readPostBytes({ path: 'a.md', absolutePath: path.join(root, 'a.md') }, 100);
    expect(result).toEqual({ ok: true, bytes: Buffer.from('正文') });
  });

  it('refuses a file one byte over the limit', async () => {
    await put('a.md', '12345');
    const result = readPostBytes({ path: 'a.md', absolutePath: path.join(root, 'a.md') }, 4);
    expect(result).toEqual({ ok: false, skip: { path: 'a.md', code: 'POST_TOO_LARGE', message: expect.any(String) } });
  });

  it('reports a vanished file as UNREADABLE_POST', async () => {
    const result = readPostBytes({ path: 'gone.md', absolutePath: path.join(root, 'gone.md') }, 100);
    expect(result).toEqual({ ok: false, skip: { path: 'gone.md', code: 'UNREADABLE_POST', message: expect.stringContaining('ENOENT') } });
  });
});
