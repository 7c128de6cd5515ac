/**
 * Config resolution as the CLI sees it: flags > ZHSEARCH_* env > zhsearch.config.json >
 * defaults, observed through which index `search` opens; and invalid configs named key by key.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/fake-io.js';
import { SAMPLE_POSTS_DIR, makeTempDir } from '../helpers/sample-index.js';

let cwd: string;
const configFile = (): string => path.join(cwd, 'zhsearch.config.json');

beforeAll(async () => {
  cwd = await makeTempDir('zhsearch-cli-config-');
  // The default index location: <cwd>/index.
  const build = await runCli(['build', '--input', SAMPLE_POSTS_DIR], { cwd });
  expect(build.code, build.stderr).toBe(0);
});

beforeEach(async () => {
  await rm(configFile(), { force: true });
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function writeConfig(values: Record<string, unknown>): Promise<void> {
  await writeFile(configFile(), JSON.stringify(values));
}

/** Runs `search` and returns which index it used: 'ok' for <cwd>/index, else the missing folder named. */
async function indexUsed(args: string[], env: Record<string, string> = {}): Promise<string> {
  const run = await runCli(['search', '核酸检测', '--json', ...args], { cwd, env });
  if (run.code === 0) {
    expect(JSON.parse(run.stdout).total).toBe(5);
    return 'index';
  }
  const match = /There is no index in (\S+?)\.? Run/.exec(run.stderr);
  expect(match, run.stderr).not.toBeNull();
  return path.relative(cwd, match![1]!);
}

describe('config precedence', () => {
  it('uses the default index folder <cwd>/index with no file, env or flag', async () => {
    expect(await indexUsed([])).toBe('index');
  });

  it('lets zhsearch.config.json override the default', async () => {
    await writeConfig({ index: 'from-file' });
    expect(await indexUsed([])).toBe('from-file');
  });

  it('lets ZHSEARCH_INDEX override zhsearch.config.json', async () => {
    await writeConfig({ index: 'from-file' });
    expect(await indexUsed([], { ZHSEARCH_INDEX: 'from-env' })).toBe('from-env');
    expect(await indexUsed([], { ZHSEARCH_INDEX: 'index' })).toBe('index');
  });

  it('lets --index override ZHSEARCH_INDEX and the file', async () => {
    await writeConfig({ index: 'from-file' });
    expect(await indexUsed(['--index', 'from-flag'], { ZHSEARCH_INDEX: 'from-env' })).toBe('from-flag');
    expect(await indexUsed(['--index', 'index'], { ZHSEARCH_INDEX: 'from-env' })).toBe('index');
  });

  it('resolves relative paths against the working folder', async () => {
    expect(await indexUsed(['--index', './sub/../index'])).toBe('index');
  });

  it('reads an explicit --config file instead of zhsearch.config.json', async () => {
    await writeConfig({ index: 'from-default-file' });
    await writeFile(path.join(cwd, 'other.json'), JSON.stringify({ index: 'from-other-file' }));
    expect(await indexUsed(['--config', 'other.json'])).toBe('from-other-file');
  });

  it('exits 1 with INVALID_CONFIG when an explicit --config file does not exist', async () => {
    const run = await runCli(['search', '核酸检测', '--config', 'missing.json'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^zhsearch: INVALID_CONFIG: /);
  });
});

describe('invalid config', () => {
  it('names every bad key of zhsearch.config.json (port and snippetChars) in one INVALID_CONFIG error', async () => {
    await writeConfig({ port: 'x', snippetChars: 5 });
    const run = await runCli(['search', '核酸检测'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^zhsearch: INVALID_CONFIG: /);
    expect(run.stderr).toMatch(/\bport\b/);
    expect(run.stderr).toMatch(/\bsnippetChars\b/);
    expect(run.stdout).toBe('');
  });

  it('names every bad ZHSEARCH_* variable by its config key', async () => {
    const run = await runCli(['search', '核酸检测'], { cwd, env: { ZHSEARCH_PORT: 'x', ZHSEARCH_SNIPPET_CHARS: '5' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^zhsearch: INVALID_CONFIG: /);
    expect(run.stderr).toMatch(/\bport\b/);
    expect(run.stderr).toMatch(/\bsnippetChars\b/);
  });

  it('names an unknown key of zhsearch.config.json', async () => {
    await writeConfig({ indx: 'typo' });
    const run = await runCli(['search', '核酸检测'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('indx');
  });

  it('exits 1 with INVALID_CONFIG for a zhsearch.config.json that is not JSON', async () => {
    await writeFile(configFile(), '{ index: ');
    const run = await runCli(['search', '核酸检测'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^zhsearch: INVALID_CONFIG: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('lets a valid flag replace an invalid file value', async () => {
    await writeConfig({ index: '' });
    expect(await indexUsed(['--index', 'index'])).toBe('index');
  });
});
