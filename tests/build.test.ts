import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openEngine, readCurrentManifest, resolveConfig, type BuildReport, type Engine } from '../src/index.js';

const SAMPLES = new URL('../data/posts/', import.meta.url).pathname;
const FOOTER = '本站文章版权所有，转载请注明出处';
let dir: string;
let report: BuildReport;
let engine: Engine;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'zhsearch-build-'));
  const input = path.join(dir, 'posts');
  await cp(SAMPLES, input, { recursive: true });
  for (let i = 0; i < 6; i++) {
    await writeFile(path.join(input, `site-${i}.md`), `---\ntitle: 站内文章${i}\n---\n\n第${i}篇正文，讲的是猕猴桃${i}号。\n\n${FOOTER}\n`);
  }
  const config = resolveConfig({ cwd: dir, env: {}, flags: { input, index: path.join(dir, 'index') } });
  report = await buildIndex(config);
  engine = await openEngine(config);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildIndex', () => {
  it('drops a line held by more than 20% of the posts and reports it with its count', async () => {
    expect(report.boilerplate).toEqual([{ line: FOOTER, posts: 6 }]);
    expect(engine.searcher.search({ q: '转载请注明出处' }).total).toBe(0);
    expect((await readCurrentManifest(engine.config.index)).manifest.build.boilerplate).toEqual([{ line: FOOTER, posts: 6 }]);
  });

  it('keeps the posts’ own text, including the five samples’ in full', () => {
    expect(engine.searcher.search({ q: '猕猴桃3号' }).total).toBe(1);
    expect(engine.searcher.search({ q: '核酸检测' }).total).toBe(5);
    expect(engine.searcher.search({ q: '来源丨北林新闻' }).total).toBe(1);
  });
});
