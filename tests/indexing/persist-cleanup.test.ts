import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index.js';
import { SAMPLE_POSTS_DIR, configFor, served, useTempDirs, writeChangedCorpus } from '../helpers/persist-fixtures.js';

const tempDir = useTempDirs();
let changedInput: string;

beforeAll(async () => {
  changedInput = await writeChangedCorpus(await tempDir('cleanup-input'));
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('generation cleanup', () => {
  it('removes temp folders and pointer files abandoned by killed builds', async () => {
    const index = path.join(await tempDir('cleanup-temps'), 'index');
    await buildIndex(configFor(SAMPLE_POSTS_DIR, index));
    const pid = deadPid();
    await mkdir(path.join(index, `gen-000007.tmp-${pid}-abcd1234`));
    await writeFile(path.join(index, `gen-000007.tmp-${pid}-abcd1234`, 'documents.json'), '[]');
    await writeFile(path.join(index, `CURRENT.tmp-${pid}-00ff00ff`), 'gen-000007\n');
    await buildIndex(configFor(SAMPLE_POSTS_DIR, index));
    expect((await readdir(index)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('keeps the generation that was served as the fallback, not one that was never switched to', async () => {
    const index = path.join(await tempDir('cleanup-fallback'), 'index');
    await buildIndex(configFor(SAMPLE_POSTS_DIR, index));
    // gen-000002 is written and renamed but the build fails before switching to it
    await expect(
      buildIndex(configFor(changedInput, index), {
        onSaveStep: (step) => {
          if (step.action === 'rename' && step.phase === 'after') throw new Error('injected');
        },
      }),
    ).rejects.toThrow();
    expect((await readdir(index)).filter((name) => name.startsWith('gen-')).sort()).toEqual(['gen-000001', 'gen-000002']);
    await buildIndex(configFor(changedInput, index));
    expect((await readdir(index)).filter((name) => name.startsWith('gen-')).sort()).toEqual(['gen-000001', 'gen-000003']);
    expect((await served(configFor(changedInput, index))).docCount).toBe(6);
  });

  it('reports a failure after the switch as a warning of a successful build', async () => {
    const index = path.join(await tempDir('cleanup-warning'), 'index');
    await buildIndex(configFor(SAMPLE_POSTS_DIR, index));
    const report = await buildIndex(configFor(changedInput, index, { keepGenerations: 0 }), {
      onSaveStep: (step) => {
        if (step.action === 'cleanup' && step.phase === 'before') throw new Error('disk says no');
      },
    });
    expect(report.saveWarnings).toEqual([expect.stringContaining('disk says no')]);
    expect(report.indexed).toBe(6);
  });
});
