/**
 * `zhsearch build` through main(argv, io): the report on stdout, skips listed with their code,
 * progress on stderr only, and the exit codes.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/fake-io.js';
import { SAMPLE_POSTS_DIR, copySamplePosts, makeTempDir, writePosts } from '../helpers/sample-index.js';

let cwd: string;

beforeAll(async () => {
  cwd = await makeTempDir('zhsearch-cli-build-');
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const BAD_YAML_POST = `---
title: '未闭合的引号
tags: [a, b
---

正文。
`;

describe('zhsearch build', () => {
  it('exits 0 and prints indexed 5 posts for the sample posts', async () => {
    const index = path.join(cwd, 'samples-index');
    const run = await runCli(['build', '--input', SAMPLE_POSTS_DIR, '--index', index], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^indexed 5 posts, skipped 0, 0 warnings$/m);
    expect(run.stdout).toContain(`index written to ${path.join(index, 'gen-000001')}`);
    expect((await readFile(path.join(index, 'CURRENT'), 'utf8')).trim()).toContain('gen-000001');
  });

  it('writes progress to stderr and keeps stdout for the report', async () => {
    const run = await runCli(['build', '--input', SAMPLE_POSTS_DIR, '--index', path.join(cwd, 'progress-index')], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('reading posts: 5/5');
    expect(run.stdout).not.toContain('reading posts');
  });

  it('builds a search-ready index that zhsearch search then answers from', async () => {
    const index = path.join(cwd, 'roundtrip-index');
    expect((await runCli(['build', '--input', SAMPLE_POSTS_DIR, '--index', index], { cwd })).code).toBe(0);
    const search = await runCli(['search', '12例阳性', '--index', index, '--json'], { cwd });
    expect(search.code, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).hits[0].id).toBe('000_440605a35e19eb79');
  });

  it('exits 0 with a bad post (invalid YAML) and lists the skip with its path and code', async () => {
    const input = path.join(cwd, 'with-bad-post');
    await copySamplePosts(input);
    await writePosts(input, { 'broken.md': BAD_YAML_POST });
    const run = await runCli(['build', '--input', input, '--index', path.join(cwd, 'bad-post-index')], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^indexed 5 posts, skipped 1, 0 warnings$/m);
    expect(run.stdout).toMatch(/^ {2}skipped broken\.md: INVALID_FRONT_MATTER /m);
  });

  it('writes a new generation on a rebuild', async () => {
    const index = path.join(cwd, 'rebuilt-index');
    expect((await runCli(['build', '--input', SAMPLE_POSTS_DIR, '--index', index], { cwd })).code).toBe(0);
    const second = await runCli(['build', '--input', SAMPLE_POSTS_DIR, '--index', index], { cwd });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`index written to ${path.join(index, 'gen-000002')}`);
  });

  it('exits 1 with INPUT_NOT_FOUND on stderr when the input folder does not exist', async () => {
    const run = await runCli(['build', '--input', path.join(cwd, 'no-such-folder'), '--index', path.join(cwd, 'x')], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^zhsearch: INPUT_NOT_FOUND: /m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('builds data/posts into index/ of the working folder by default', async () => {
    const project = path.join(cwd, 'project');
    await copySamplePosts(path.join(project, 'data', 'posts'));
    const run = await runCli(['build'], { cwd: project });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('indexed 5 posts');
    expect(run.stdout).toContain(`index written to ${path.join(project, 'index', 'gen-000001')}`);
  });
});
