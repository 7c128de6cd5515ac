/**
 * A changed user dictionary or stopword list changes the analyzer fingerprint: the CLI and the
 * service refuse the old index and say which command rebuilds it. Spawned, because an analyzer
 * is one per process.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'src', 'cli', 'main.ts');
// `--import tsx` resolves from the working folder, which is a temp folder here.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
let dir: string;

function cli(args: string[]) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  return spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zhsearch-dict-'));
  copyFileSync(path.join(ROOT, 'data', 'user-dict.txt'), path.join(dir, 'user-dict.txt'));
  writeFileSync(
    path.join(dir, 'zhsearch.config.json'),
    JSON.stringify({ input: path.join(ROOT, 'data', 'posts'), index: 'index', userDict: 'user-dict.txt' }),
  );
  const build = cli(['build']);
  expect(build.status, build.stderr).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a changed user dictionary', () => {
  it('keeps working while the dictionary is unchanged', () => {
    const search = cli(['search', '核酸检测', '--json']);
    expect(search.status, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).total).toBe(5);
  });

  it('makes search refuse the stale index with INDEX_INCOMPATIBLE and the command that rebuilds it', () => {
    appendFileSync(path.join(dir, 'user-dict.txt'), '调度会 100 n\n');
    const search = cli(['search', '核酸检测']);
    expect(search.status).toBe(1);
    expect(search.stderr).toContain('INDEX_INCOMPATIBLE');
    expect(search.stderr).toContain(`zhsearch build --input ${path.join(ROOT, 'data', 'posts')} --index ${path.join(dir, 'index')}`);
  });

  it('works again after the rebuild the message names', () => {
    expect(cli(['build']).status).toBe(0);
    const search = cli(['search', '调度会', '--json']);
    expect(search.status, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).total).toBeGreaterThan(0);
  });
});
