/**
 * `zhsearch search` through main(argv, io): the --json body equals the HTTP API's, the text
 * rendering, option validation, and the missing-index and unknown-command exits.
 */
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSearchResponse } from '../../src/api/contract.js';
import { ZHSEARCH_VERSION } from '../../src/version.js';
import { runCli } from '../helpers/fake-io.js';
import {
  ALL_SAMPLE_IDS,
  SAMPLE_IDS,
  SINA_SAMPLE_IDS,
  createSampleIndex,
  createTestIndex,
  type TestIndex,
} from '../helpers/sample-index.js';

let sample: TestIndex;
let index: string;
/** One post whose title and categories carry terminal escape sequences (YAML "\e", "\a"). */
let escapes: TestIndex;

const ESCAPE_POST = `---
title: "标题\\e[2J\\e]0;pwned\\a 结束"
categories: ["分类\\e[31m"]
---

正文里的核酸检测。
`;

beforeAll(async () => {
  [sample, escapes] = await Promise.all([createSampleIndex(), createTestIndex({ posts: { 'esc.md': ESCAPE_POST } })]);
  index = sample.config.index;
});

afterAll(async () => {
  await Promise.all([sample?.cleanup(), escapes?.cleanup()]);
});

function withoutTook(body: ApiSearchResponse): Omit<ApiSearchResponse, 'tookMs'> {
  const { tookMs: _took, ...rest } = body;
  return rest;
}

async function searchJson(args: string[]): Promise<ApiSearchResponse> {
  const run = await runCli(['search', ...args, '--index', index, '--json'], { cwd: sample.dir });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as ApiSearchResponse;
}

describe('zhsearch search --json', () => {
  it('prints the API JSON with all five hits for 核酸检测', async () => {
    const body = await searchJson(['核酸检测']);
    expect(body.query).toBe('核酸检测');
    expect(body.total).toBe(5);
    expect(body.hits.map((hit) => hit.id).sort()).toEqual(ALL_SAMPLE_IDS);
    expect(typeof body.tookMs).toBe('number');
    for (const hit of body.hits) expect(hit.snippetHtml).toContain('<mark>核酸检测</mark>');
  });

  it('prints the same body as GET /api/search apart from tookMs', async () => {
    const cli = await searchJson(['核酸检测']);
    const api = await request(sample.app).get('/api/search').query({ q: '核酸检测' });
    expect(withoutTook(cli)).toEqual(withoutTook(api.body as ApiSearchResponse));
  });

  it('passes --limit, --offset, --sort and --category through like the API parameters', async () => {
    const cli = await searchJson(['疫情', '--limit', '2', '--offset', '1', '--sort', 'date', '--category', '金融']);
    const api = await request(sample.app)
      .get('/api/search')
      .query({ q: '疫情', limit: 2, offset: 1, sort: 'date', category: '金融' });
    expect(withoutTook(cli)).toEqual(withoutTook(api.body as ApiSearchResponse));
    expect(cli.total).toBe(SINA_SAMPLE_IDS.length);
    expect(cli.hits.map((hit) => hit.id)).toEqual([SAMPLE_IDS.suifenhe, SAMPLE_IDS.yili]);
  });

  it('finds the same posts for the traditional-script query 核酸檢測', async () => {
    const body = await searchJson(['核酸檢測']);
    expect(body.hits.map((hit) => hit.id).sort()).toEqual(ALL_SAMPLE_IDS);
  });
});

describe('zhsearch search (text)', () => {
  it('prints the count and numbered hits with [brackets] for marks when not on a terminal', async () => {
    const run = await runCli(['search', '12例阳性', '--index', index], { cwd: sample.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1 results \(\d+(\.\d+)? ms\)$/m);
    expect(run.stdout).toContain('1. 突发！黑龙江绥芬河发现[12例阳性]，市长昨天召开疫情防控调度会');
    expect(run.stdout).toContain(`2022-01-25 | 金融/新浪财经/新浪财经－国內 | /posts/${SAMPLE_IDS.suifenhe}`);
    expect(run.stdout).not.toContain('<mark>');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('colours marks with ANSI bold yellow when stdout is a terminal and NO_COLOR is unset', async () => {
    const run = await runCli(['search', '12例阳性', '--index', index], { cwd: sample.dir, stdoutIsTTY: true });
    expect(run.stdout).toContain('发现\u001b[1;33m12例阳性\u001b[0m，');
    const noColor = await runCli(['search', '12例阳性', '--index', index], { cwd: sample.dir, stdoutIsTTY: true, env: { NO_COLOR: '' } });
    expect(noColor.stdout).toContain('发现[12例阳性]，');
  });

  it('strips terminal control characters from post titles and categories', async () => {
    const plain = await runCli(['search', '核酸检测', '--index', escapes.config.index], { cwd: escapes.dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('1. 标题[2J]0;pwned 结束');
    expect(plain.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const colored = await runCli(['search', '核酸检测', '--index', escapes.config.index], { cwd: escapes.dir, stdoutIsTTY: true });
    // Only our own mark colours reach the terminal.
    expect(colored.stdout.replace(/\u001b\[(1;33|0)m/g, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('prints 0 results for the promo text 海量资讯', async () => {
    const run = await runCli(['search', '海量资讯', '--index', index], { cwd: sample.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^0 results /);
  });
});

describe('zhsearch search errors', () => {
  it('exits 1 with INDEX_NOT_FOUND on stderr when there is no index', async () => {
    const missing = path.join(sample.dir, 'no-index-here');
    const run = await runCli(['search', '核酸检测', '--index', missing], { cwd: sample.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^zhsearch: INDEX_NOT_FOUND: /);
    expect(run.stderr).toContain(missing);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['--limit 0', ['--limit', '0']],
    ['--limit 101', ['--limit', '101']],
    ['--limit abc', ['--limit', 'abc']],
    ['--offset -1', ['--offset', '-1']],
    ['--sort foo', ['--sort', 'foo']],
  ])('exits non-zero for %s without printing results', async (_label, args) => {
    const run = await runCli(['search', '核酸检测', '--index', index, ...args], { cwd: sample.dir });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toBe('');
  });

  it('exits non-zero when the query argument is missing', async () => {
    const run = await runCli(['search', '--index', index], { cwd: sample.dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('query');
  });
});

describe('zhsearch commands', () => {
  it('exits non-zero for an unknown command and names it on stderr', async () => {
    const run = await runCli(['frobnicate'], { cwd: sample.dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });

  it('exits non-zero with usage on stderr when no command is given', async () => {
    const run = await runCli([], { cwd: sample.dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('Usage: zhsearch');
  });

  it('prints the version with --version and exits 0', async () => {
    const run = await runCli(['--version'], { cwd: sample.dir });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(ZHSEARCH_VERSION);
  });

  it('prints help listing build, search and serve with --help and exits 0', async () => {
    const run = await runCli(['--help'], { cwd: sample.dir });
    expect(run.code).toBe(0);
    for (const command of ['build', 'search', 'serve']) expect(run.stdout).toContain(command);
  });
});
