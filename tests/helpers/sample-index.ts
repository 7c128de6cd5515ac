/**
 * Test setup shared by the server and CLI tests: a temp folder holding an index built from the
 * sample posts (or a small hand-made corpus), opened into an express app. Never touches the
 * project's own index/ folder.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import {
  EngineHolder,
  buildIndex,
  openEngine,
  resolveConfig,
  type BuildReport,
  type Config,
  type Engine,
} from '../../src/index.js';
import { createApp } from '../../src/server/app.js';

/** The five sample posts shipped in data/posts. */
export const SAMPLE_POSTS_DIR = fileURLToPath(new URL('../../data/posts/', import.meta.url));

/** The repository root (where package.json and src/ live). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const SAMPLE_IDS = {
  /** 突发！黑龙江绥芬河发现12例阳性… (新浪财经, 2022-01-25) */
  suifenhe: '000_440605a35e19eb79',
  /** 吉林市昨日确诊继续破千例… (新浪财经, 2022-03-18, the newest) */
  jilin: '001_0af3385973d1c924',
  /** 李文艺主持召开疫情防控视频调度会议 (趣头条, 2022-02-05) */
  qutoutiao: '002_d87f2d6de0cb2939',
  /** 新疆伊犁州全面启动疫情防控工作 (新浪财经, 2022-01-24) */
  yili: '003_659a3ddcf62496c5',
  /** 国务院联防联控机制工作组：黑龙江… (新浪财经, 2021-09-24, the oldest) */
  heilongjiang: '004_b67cd73b3a7da662',
} as const;

export const ALL_SAMPLE_IDS: readonly string[] = Object.values(SAMPLE_IDS).sort();

/** The four posts filed under 金融/新浪财经. */
export const SINA_SAMPLE_IDS: readonly string[] = [
  SAMPLE_IDS.suifenhe,
  SAMPLE_IDS.jilin,
  SAMPLE_IDS.yili,
  SAMPLE_IDS.heilongjiang,
].sort();

export const MAX_QUERY_CHARS = 256;

export interface TestIndex {
  /** The temp folder holding everything of this test index. */
  dir: string;
  input: string;
  config: Config;
  report: BuildReport;
  engine: Engine;
  holder: EngineHolder;
  app: Express;
  /** Removes the temp folder. */
  cleanup(): Promise<void>;
}

export interface TestIndexOptions {
  /** Extra posts, keyed by path relative to the input folder (sub-folders allowed). */
  posts?: Record<string, string>;
  /** Copy the sample posts into the input folder too (default: true when `posts` is absent). */
  includeSamples?: boolean;
}

export function makeTempDir(prefix = 'zhsearch-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Writes `posts` (relative path → content) under `dir`, creating sub-folders. */
export async function writePosts(dir: string, posts: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(posts)) {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Copies the sample posts into `dir`. */
export async function copySamplePosts(dir: string): Promise<void> {
  await cp(SAMPLE_POSTS_DIR, dir, { recursive: true });
}

/**
 * Builds an index into a fresh temp folder and opens it the way the service does.
 * Without options: the five sample posts, read in place from data/posts.
 */
export async function createTestIndex(options: TestIndexOptions = {}): Promise<TestIndex> {
  const dir = await makeTempDir();
  let input = SAMPLE_POSTS_DIR;
  if (options.posts !== undefined) {
    input = path.join(dir, 'posts');
    await mkdir(input, { recursive: true });
    if (options.includeSamples === true) await copySamplePosts(input);
    await writePosts(input, options.posts);
  }
  const config = resolveConfig({ cwd: dir, env: {}, flags: { input, index: path.join(dir, 'index') } });
  const report = await buildIndex(config);
  const engine = await openEngine(config);
  const holder = new EngineHolder(engine);
  const app = createApp(holder, { maxQueryChars: MAX_QUERY_CHARS });
  return {
    dir,
    input,
    config,
    report,
    engine,
    holder,
    app,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The sample posts' index: what most server tests run against. */
export function createSampleIndex(): Promise<TestIndex> {
  return createTestIndex();
}
