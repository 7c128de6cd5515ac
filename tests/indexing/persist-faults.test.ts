/**
 * Fault injection in-process: a second build, or an update, throws at each save step in turn, and
 * the index must keep serving generation 1 (or generation 2 once the switch is done), never an error.
 */
import { promises as fsp } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndex, updateIndex, type SaveStep } from '../../src/index.js';
import {
  SAMPLE_POSTS_DIR,
  configFor,
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
  root = await tempDir('persist-faults');
  changedInput = await writeChangedCorpus(root);
  template = path.join(root, 'template');
  await buildIndex(configFor(SAMPLE_POSTS_DIR, template));
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** `write:after gen-000002.tmp/documents.json`: the step with its random temp names folded. */
function label(step: SaveStep, indexDir: string): string {
  const target = (path.relative(indexDir, step.target) || '.').replace(/\.tmp-\d+-[0-9a-f]+/g, '.tmp');
  return `${step.action}:${step.phase} ${target}`;
}

function causedBy(error: unknown, cause: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (e === cause) return true;
  return false;
}

// keepGenerations 0 makes the second build prune generation 1, so its cleanup steps are tried too.
// An update links the unchanged segment into the new generation: its link steps are tried as well.
const SAVE_ACTIONS = ['mkdir', 'write', 'fsync', 'fsync-dir', 'rename', 'switch'];
describe.each([
  { operation: 'build', keep: 1, actions: SAVE_ACTIONS },
  { operation: 'build', keep: 0, actions: [...SAVE_ACTIONS, 'cleanup'] },
  { operation: 'update', keep: 1, actions: [...SAVE_ACTIONS, 'link'] },
  { operation: 'update', keep: 0, actions: [...SAVE_ACTIONS, 'link', 'cleanup'] },
])('a $operation whose save fails, keepGenerations $keep', ({ operation, keep, actions }) => {
  const run = operation === 'update' ? updateIndex : buildIndex;
  const recordingDir = (): string => path.join(root, `recording-${operation}-keep-${keep}`);
  /** Every step of a successful second build, in order. */
  let recorded: SaveStep[];
  const configOf = (index: string) => configFor(changedInput, index, { keepGenerations: keep });

  beforeAll(async () => {
    await cp(template, recordingDir(), { recursive: true });
    recorded = [];
    await run(configOf(recordingDir()), { onSaveStep: (step) => recorded.push(step) });
    expect(await servedCorpus(configOf(recordingDir()))).toBe('new');
  });

  it('is recorded at every kind of step, both phases', () => {
    const kinds = new Set(recorded.map((step) => `${step.action}:${step.phase}`));
    for (const action of actions) {
      expect(kinds).toContain(`${action}:before`);
      expect(kinds).toContain(`${action}:after`);
    }
  });

  it('leaves the previous generation loadable and served, or the new one only once the switch is done, whatever step throws', async () => {
    const switchDone = recorded.findIndex((step) => step.action === 'switch' && step.phase === 'after');
    expect(switchDone).toBeGreaterThan(0);
    const actual: Array<Record<string, unknown>> = [];
    const expected: Array<Record<string, unknown>> = [];
    for (const [ordinal, step] of recorded.entries()) {
      const index = path.join(root, `fault-${operation}-${keep}-${ordinal}`);
      await cp(template, index, { recursive: true });
      const config = configOf(index);
      const injected = new Error(`injected at step ${ordinal}`);
      let seen = 0;
      let thrownAt = '(not reached)';
      const outcome = await run(config, {
        onSaveStep: (s) => {
          if (seen++ !== ordinal) return;
          thrownAt = label(s, index);
          throw injected;
        },
      }).then(
        () => 'resolved',
        (error: unknown) => (causedBy(error, injected) ? 'rejected' : `rejected with another error: ${String(error)}`),
      );
      const served = await servedCorpus(config);
      const row = { step: label(step, recordingDir()), thrownAt, outcome, served, leftovers: await tempEntries(index) };
      actual.push(row);
      // Before the switch is done the build fails and the old generation serves; from then on the new
      // generation is live, so the build succeeds (the failure becomes a save warning) and serves it.
      const live = ordinal >= switchDone;
      expected.push({ ...row, thrownAt: row.step, outcome: live ? 'resolved' : 'rejected', served: live ? 'new' : 'old', leftovers: [] });
    }
    expect(actual).toEqual(expected);
  }, 180_000);

  it('closes every file it opened, whatever step throws', async () => {
    const handles: Array<{ handle: { fd: number }; path: string }> = [];
    const realOpen = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
      const handle = await realOpen(...args);
      handles.push({ handle, path: String(args[0]) });
      return handle;
    });
    const leaks: string[] = [];
    for (const ordinal of recorded.keys()) {
      const index = path.join(root, `fd-${operation}-${keep}-${ordinal}`);
      await cp(template, index, { recursive: true });
      handles.length = 0;
      let seen = 0;
      const failing = run(configOf(index), {
        onSaveStep: (step) => {
          if (seen++ === ordinal) throw new Error(`injected at ${label(step, index)}`);
        },
      });
      await failing.catch(() => undefined);
      for (const { handle, path: file } of handles) {
        // A closed FileHandle reports fd -1.
        if (handle.fd !== -1) leaks.push(`${label(recorded[ordinal]!, recordingDir())}: ${path.relative(index, file)} left open`);
      }
    }
    expect(leaks).toEqual([]);
  }, 180_000);
});
