/**
 * Fixtures for the index-on-disk tests: temp folders, the sample corpus plus one added post,
 * configs, what an opened index serves, and a spawned CLI. Never touches the project's index/.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { isZhsearchError, openEngine, resolveConfig, type Config } from '../../src/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_POSTS_DIR = path.join(REPO_ROOT, 'data', 'posts');

/** In every sample post and in the added one. */
export const SHARED_QUERY = '核酸检测';
/** Only in the added post. */
export const ADDED_ONLY_QUERY = '猕猴桃';
const ADDED_POST_NAME = '005_added_kiwi.md';
const ADDED_POST = `---
title: 猕猴桃种植园区开展核酸检测
categories:
  - 测试
date: 2022-03-20 09:00
---

今天上午，猕猴桃种植园区组织全体员工进行核酸检测，结果均为阴性，园区生产秩序正常。
`;

/** What an opened index answers: the generation it read and the hits of the two queries. */
export interface Served {
  generation: number;
  docCount: number;
  sharedHits: number;
  addedHits: number;
}

/** The five sample posts. */
export const OLD_CORPUS = { docCount: 5, sharedHits: 5, addedHits: 0 } as const;
/** The five sample posts plus the added one. */
export const NEW_CORPUS = { docCount: 6, sharedHits: 6, addedHits: 1 } as const;

/** Makes temp folders for this test file and removes them after it. */
export function useTempDirs(): (label: string) => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (label) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), `zhsearch-${label}-`));
    made.push(dir);
    return dir;
  };
}

/** The config the CLI resolves for these flags (same cwd, no ZHSEARCH_* env). */
export function configFor(input: string, index: string, flags: Partial<Record<keyof Config, unknown>> = {}): Config {
  return resolveConfig({ cwd: REPO_ROOT, env: {}, flags: { input, index, ...flags } });
}

/** Copies the sample posts to `dir/posts-changed` and adds a sixth post; returns that folder. */
export async function writeChangedCorpus(dir: string): Promise<string> {
  const input = path.join(dir, 'posts-changed');
  await cp(SAMPLE_POSTS_DIR, input, { recursive: true });
  await writeFile(path.join(input, ADDED_POST_NAME), ADDED_POST, 'utf8');
  return input;
}

/** Opens `config.index` as a server would and asks it both queries. */
export async function served(config: Config): Promise<Served> {
  const engine = await openEngine(config);
  return {
    generation: engine.manifest.generation,
    docCount: engine.index.docCount,
    sharedHits: engine.searcher.search({ q: SHARED_QUERY }).total,
    addedHits: engine.searcher.search({ q: ADDED_ONLY_QUERY }).total,
  };
}

/** 'old' or 'new' when the index serves exactly that corpus, otherwise what went wrong. */
export async function servedCorpus(config: Config): Promise<string> {
  let state: Served;
  try {
    state = await served(config);
  } catch (error) {
    return isZhsearchError(error) ? `load failed: ${error.code}` : `load threw: ${String(error)}`;
  }
  const { generation, ...answers } = state;
  if (generation === 1 && sameAnswers(answers, OLD_CORPUS)) return 'old';
  if (generation > 1 && sameAnswers(answers, NEW_CORPUS)) return 'new';
  return `unexpected: ${JSON.stringify(state)}`;
}

function sameAnswers(a: Omit<Served, 'generation'>, b: Omit<Served, 'generation'>): boolean {
  return a.docCount === b.docCount && a.sharedHits === b.sharedHits && a.addedHits === b.addedHits;
}

/** Entries of `indexDir` left by an unfinished save (`gen-N.tmp-…`, `CURRENT.tmp-…`). */
export async function tempEntries(indexDir: string): Promise<string[]> {
  return (await readdir(indexDir)).filter((name) => name.includes('.tmp-')).sort();
}

/** The `gen-NNNNNN` folders of `indexDir`, oldest first. */
export async function generationDirs(indexDir: string): Promise<string[]> {
  return (await readdir(indexDir)).filter((name) => /^gen-\d{6,}$/.test(name)).sort();
}

/** The generation CURRENT names. */
export async function currentPointer(indexDir: string): Promise<string> {
  return (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim();
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx src/cli/main.ts …args` from the repository root; `killAfterMs` SIGKILLs it then. */
export function runCliProcess(
  args: readonly string[],
  extraEnv: Record<string, string> = {},
  killAfterMs?: number,
): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
  for (const key of Object.keys(env)) if (key.startsWith('ZHSEARCH_') && !(key in extraEnv)) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
