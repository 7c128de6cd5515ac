/**
 * nodejieba's raw speed on a scale corpus, run in a child process by run.ts: loads the default
 * dictionary, then `cut(text, true)` once per post over the post's whole reference text, streamed
 * from the reference file. Only the cut calls are timed. Prints one JSON JiebaPhaseResult line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { cut } from '../relevance/jieba.js';
import type { ReferencePost } from '../engine/queries.js';
import type { ProgressEvent } from './child.js';

export interface JiebaPhaseResult {
  posts: number;
  /** UTF-8 bytes of the texts given to cut. */
  textBytes: number;
  textChars: number;
  segments: number;
  /** First cut, which loads the dictionaries. */
  loadMs: number;
  /** Sum of the cut calls over all posts (wall time). */
  cutMs: number;
  /** CPU time (user + sys) of the cut calls: the speed without other jobs' share of the cores. */
  cutCpuMs: number;
}

const PROGRESS_EVERY = 1000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reference: { type: 'string' }, posts: { type: 'string' } }, strict: true });
  if (values.reference === undefined) throw new Error('jieba-phase needs --reference');
  const total = Number(values.posts ?? 0);
  const loadStarted = performance.now();
  cut('预热');
  const result: JiebaPhaseResult = { posts: 0, textBytes: 0, textChars: 0, segments: 0, loadMs: performance.now() - loadStarted, cutMs: 0, cutCpuMs: 0 };
  const lines = createInterface({ input: createReadStream(values.reference, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const { text } = JSON.parse(line) as ReferencePost;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const segments = cut(text);
    result.cutMs += performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    result.cutCpuMs += (cpu.user + cpu.system) / 1000;
    result.segments += segments.length;
    result.textBytes += Buffer.byteLength(text, 'utf8');
    result.textChars += text.length;
    result.posts += 1;
    if (result.posts % PROGRESS_EVERY === 0) {
      const event: ProgressEvent = { event: 'progress', phase: 'cut', done: result.posts, total };
      process.stdout.write(`${JSON.stringify(event)}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`jieba-phase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
