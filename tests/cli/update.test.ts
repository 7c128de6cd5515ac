/**
 * `zhsearch update` from the command line, in child processes (each run is one process, as jieba
 * holds one dictionary per thread): the report line, and a user-dictionary change that re-analyzes
 * only the posts holding the changed words, stamps the new fingerprint, and answers as a full build.
 */
import { spawn } from 'node:child_process';
import { copyFile, readFile, appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCurrentManifest, readSegmentDocuments } from '../../src/indexing/persist.js';
import type { Answer } from '../helpers/answers.js';
import { REPO_ROOT, runCliProcess, useTempDirs, writeChangedCorpus } from '../helpers/persist-fixtures.js';
import { expectSameAnswers } from '../helpers/update-corpus.js';

const tempDir = useTempDirs();
let root: string;
let input: string;
let oldDict: string;
let newDict: string;

/** Words the new dictionary adds: one only in the added post, one in several sample posts. */
const NEW_WORDS = ['猕猴桃种植园区', '黑龙江省'];
const QUERIES = ['猕猴桃', '种植园区', '黑龙江省', '黑龙江', '核酸检测', '疫情 防控', '新冠'];

beforeAll(async () => {
  root = await tempDir('cli-update');
  input = await writeChangedCorpus(root);
  oldDict = path.join(root, 'old-dict.txt');
  newDict = path.join(root, 'new-dict.txt');
  await copyFile(path.join(REPO_ROOT, 'data', 'user-dict.txt'), oldDict);
  await copyFile(oldDict, newDict);
  await appendFile(newDict, NEW_WORDS.map((word) => `\n${word} 1000 n`).join(''));
});

function answers(index: string, env: Record<string, string>): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/print-answers.ts', index, ...QUERIES], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Answer[]) : reject(new Error(`print-answers exited ${code}`))));
  });
}

async function manifestOf(index: string): Promise<Record<string, unknown> & { segments: Array<{ name: string; deleted: number[] }> }> {
  const current = (await readFile(path.join(index, 'CURRENT'), 'utf8')).trim();
  return JSON.parse(await readFile(path.join(index, current, 'manifest.json'), 'utf8')) as never;
}

describe('zhsearch update', () => {
  it('prints what it added, changed and removed', async () => {
    const index = path.join(root, 'report');
    const own = await writeChangedCorpus(await tempDir('cli-update-report'));
    const env = { ZHSEARCH_USER_DICT: oldDict };
    expect((await runCliProcess(['build', '--input', own, '--index', index], env)).code).toBe(0);
    await writeFile(path.join(own, 'zz-new.md'), '---\ntitle: 新增的文章\n---\n\n今天新增一篇关于猕猴桃的文章。\n');
    const run = await runCliProcess(['update', '--input', own, '--index', index], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^index updated: added 1, changed 0, removed 0, skipped 0, unchanged 6, re-analyzed 0, merged 0; 2 segments, wrote /m);
    const again = await runCliProcess(['update', '--input', own, '--index', index], env);
    expect(again.stdout).toMatch(/^index unchanged: added 0, changed 0, removed 0, skipped 0, unchanged 7,/m);
  }, 60_000);

  it('after a user-dictionary change, re-analyzes only the posts holding the changed words and answers as a full build', async () => {
    const updated = path.join(root, 'dict-updated');
    const rebuilt = path.join(root, 'dict-rebuilt');
    expect((await runCliProcess(['build', '--input', input, '--index', updated], { ZHSEARCH_USER_DICT: oldDict })).code).toBe(0);
    const before = await manifestOf(updated);
    const current = await readCurrentManifest(updated);
    const stored = await readSegmentDocuments(current.directory, current.manifest, current.manifest.segments[0]!);
    const holding = stored.filter((doc) => NEW_WORDS.some((word) => doc.title.includes(word) || doc.text.includes(word)));
    expect(holding.length).toBeGreaterThanOrEqual(2);
    expect(holding.length).toBeLessThan(stored.length);

    const env = { ZHSEARCH_USER_DICT: newDict };
    const run = await runCliProcess(['update', '--input', input, '--index', updated], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`added 0, changed 0, removed 0, skipped 0, unchanged ${stored.length}, re-analyzed ${holding.length},`);
    const after = await manifestOf(updated);
    expect(after.analyzerFingerprint).not.toBe(before.analyzerFingerprint);
    const holdingNumbers = holding.map((doc) => stored.indexOf(doc));
    expect(after.segments).toEqual([
      { name: 'seg-000001', docCount: stored.length, deleted: holdingNumbers },
      { name: 'seg-000002', docCount: holding.length, deleted: [] },
    ]);

    expect((await runCliProcess(['build', '--input', input, '--index', rebuilt], env)).code).toBe(0);
    expect((await manifestOf(rebuilt)).analyzerFingerprint).toBe(after.analyzerFingerprint);
    expectSameAnswers(await answers(updated, env), await answers(rebuilt, env));
  }, 90_000);
});
