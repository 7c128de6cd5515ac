/**
 * Builds racing each other or the posts: a second build of the same index while one is saving,
 * and a post edited while a build runs.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, staleIndexReason } from '../../src/index.js';
import {
  REPO_ROOT,
  SAMPLE_POSTS_DIR,
  configFor,
  served,
  useTempDirs,
  writeChangedCorpus,
} from '../helpers/persist-fixtures.js';

const tempDir = useTempDirs();
let root: string;
let changedInput: string;
let template: string;

beforeAll(async () => {
  root = await tempDir('persist-bugs');
  changedInput = await writeChangedCorpus(root);
  template = path.join(root, 'template');
  await buildIndex(configFor(SAMPLE_POSTS_DIR, template));
});

describe('two builds of one index at the same time', () => {
  it('leave CURRENT naming a generation that exists (the build lock refuses the second)', async () => {
    const index = path.join(root, 'concurrent');
    await cp(template, index, { recursive: true });
    const config = configFor(changedInput, index);
    let other: ReturnType<typeof spawnSync> | undefined;
    // A fix may make either build refuse while the other holds the index: only what is left matters.
    const outcome = await buildIndex(config, {
      onSaveStep: (step) => {
        // Between this build's rename of gen-000002 and its switch, another build runs to the end.
        if (step.action !== 'rename' || step.phase !== 'after' || other !== undefined) return;
        other = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'build', '--input', SAMPLE_POSTS_DIR, '--index', index], {
          cwd: REPO_ROOT,
          env: { ...process.env, ZHSEARCH_KEEP_GENERATIONS: '0' },
          encoding: 'utf8',
          // A fix may make the other build wait for this one, which is blocked here: do not hang.
          timeout: 20_000,
        });
      },
    }).then(
      () => 'built',
      (error: unknown) => `failed: ${String(error)}`,
    );
    expect(other).toBeDefined();
    const state = await served(config).catch((error: unknown) => {
      throw new Error(`this build ${outcome}, the other exited ${String(other?.status)}; the index no longer loads`, { cause: error });
    });
    expect([5, 6]).toContain(state.docCount);
    expect(state.sharedHits).toBe(state.docCount);
  }, 60_000);
});

describe('the staleness check', () => {
  it('reports a post edited while the build was running as stale', async () => {
    const dir = await tempDir('persist-stale');
    const input = path.join(dir, 'posts');
    await cp(SAMPLE_POSTS_DIR, input, { recursive: true });
    const config = configFor(input, path.join(dir, 'index'));
    const edited = path.join(input, '000_440605a35e19eb79.txt');
    let editedDuringBuild = false;
    await buildIndex(config, {
      onProgress: (phase) => {
        if (phase !== 'save' || editedDuringBuild) return;
        editedDuringBuild = true;
        // Posts are all read by now: this edit is not in the index being saved.
        writeFileSync(edited, '---\ntitle: 改过的标题\n---\n改过的正文\n');
      },
    });
    expect(editedDuringBuild).toBe(true);
    expect(await staleIndexReason(config)).not.toBeNull();
  });
});
