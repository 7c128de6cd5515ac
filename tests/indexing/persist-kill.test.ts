/**
 * Fault injection across processes: `zhsearch build` SIGKILLs itself at a save step
 * (ZHSEARCH_FAILPOINT, first matching step), and the index left behind must load and serve.
 */
import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index.js';
import {
  NEW_CORPUS,
  SAMPLE_POSTS_DIR,
  configFor,
  currentPointer,
  generationDirs,
  runCliProcess,
  served,
  servedCorpus,
  tempEntries,
  useTempDirs,
  writeChangedCorpus,
} from '../helpers/persist-fixtures.js';

const tempDir = useTempDirs();
let root: string;
let changedInput: string;
/** An index of the five sample posts: generation 1. */
let template: string;

beforeAll(async () => {
  root = await tempDir('persist-kill');
  changedInput = await writeChangedCorpus(root);
  template = path.join(root, 'template');
  await buildIndex(configFor(SAMPLE_POSTS_DIR, template));
});

/** What the killed process left in the index folder: proof it died at that step and not elsewhere. */
interface Leftovers {
  pointer: string;
  generations: string[];
  temps: string[];
  /** Files in the temp generation folder, when there is one. */
  tempGenerationFiles?: string[];
}

async function leftovers(index: string): Promise<Leftovers> {
  const temps = await tempEntries(index);
  const state: Leftovers = { pointer: await currentPointer(index), generations: await generationDirs(index), temps };
  const tempGeneration = temps.find((name) => name.startsWith('gen-'));
  if (tempGeneration !== undefined) state.tempGenerationFiles = (await readdir(path.join(index, tempGeneration))).sort();
  return state;
}

const tempGen = expect.stringMatching(/^gen-000002\.tmp-\d+-[0-9a-f]+$/);
const tempCurrent = expect.stringMatching(/^CURRENT\.tmp-\d+-[0-9a-f]+$/);

const cases: Array<[string, string[], Leftovers]> = [
  // The first write:after is the first data file, in the temp generation's segment folder.
  ['write:after', ['old'], { pointer: 'gen-000001', generations: ['gen-000001'], temps: [tempGen], tempGenerationFiles: ['seg-000001'] }],
  ['fsync:after', ['old'], { pointer: 'gen-000001', generations: ['gen-000001'], temps: [tempGen], tempGenerationFiles: ['seg-000001'] }],
  ['rename:after', ['old'], { pointer: 'gen-000001', generations: ['gen-000001', 'gen-000002'], temps: [] }],
  ['switch:before', ['old'], { pointer: 'gen-000001', generations: ['gen-000001', 'gen-000002'], temps: [tempCurrent] }],
  ['switch:after', ['old', 'new'], { pointer: 'gen-000002', generations: ['gen-000001', 'gen-000002'], temps: [] }],
];

describe('a build killed during its save', () => {
  it('runs to the end and serves the new posts when no failpoint is set', async () => {
    const index = path.join(root, 'no-failpoint');
    await cp(template, index, { recursive: true });
    const run = await runCliProcess(['build', '--input', changedInput, '--index', index]);
    expect({ code: run.code, signal: run.signal }, run.stderr).toEqual({ code: 0, signal: null });
    expect(await servedCorpus(configFor(changedInput, index))).toBe('new');
  }, 60_000);

  it.each(cases)(
    'at %s dies by SIGKILL and leaves an index that loads and serves the old posts, or the new ones once switched',
    async (failpoint, allowed, expectedLeftovers) => {
      const index = path.join(root, `killed-${failpoint.replace(':', '-')}`);
      await cp(template, index, { recursive: true });
      const run = await runCliProcess(['build', '--input', changedInput, '--index', index], { ZHSEARCH_FAILPOINT: failpoint });
      expect({ code: run.code, signal: run.signal }, run.stderr).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await leftovers(index)).toEqual(expectedLeftovers);
      const config = configFor(changedInput, index);
      expect(allowed).toContain(await servedCorpus(config));

      // What a killed build left behind does not stop the next build.
      await buildIndex(config);
      expect(await served(config)).toMatchObject(NEW_CORPUS);
    },
    60_000,
  );
});
