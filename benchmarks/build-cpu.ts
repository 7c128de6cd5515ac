/**
 * Build CPU benchmark: CPU time of indexing one segment (buildSegment: folds, word index, n-grams,
 * suggestions) and of serializing it, in this thread, over the first posts of a folder. It leaves out
 * reading and the worker pool, which the scale benchmark measures, so that a change to the index phase
 * can be compared on its own. `--src` points at another checkout's root (a `git worktree` of an older
 * commit) to compare revisions on the same posts; `--digest FILE` writes the sha256 of every serialized
 * segment file, so two runs can be compared with `cmp` (same index, different cost). Beside it, the CPU of
 * reading the posts and of nodejieba's raw `cut(text, true)` over the same texts (the scale target's
 * yardstick), so that each part of a worker's work is also given in units of raw jieba: two workers keep
 * about 1.86 cores busy, so a build reaches the target (half of jieba's speed) only when read + index +
 * serialize stay under about 3.6 of them (1.86 ÷ 0.5, less the workers' start and the save).
 * Usage: npx tsx benchmarks/build-cpu.ts --input benchmarks/.corpus/scale-10000 [--posts 2000] [--runs 3]
 *        [--src DIR] [--digest FILE]
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuMsOf } from './engine/measure.js';
import { cut } from './relevance/jieba.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WARMUP_POSTS = 50;

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    posts: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    src: { type: 'string', default: ROOT },
    digest: { type: 'string' },
  },
  strict: true,
});
const posts = Number(values.posts);
const runs = Number(values.runs);
if (values.input === undefined || !Number.isInteger(posts) || posts < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: npx tsx benchmarks/build-cpu.ts --input DIR [--posts N] [--runs N] [--src DIR] [--digest FILE]\n');
  process.exit(2);
}

const src = path.join(path.resolve(values.src), 'src');
const load = async <T>(module: string): Promise<T> => (await import(pathToFileURL(path.join(src, module)).href)) as T;
const library = await load<typeof import('../src/index.js')>('index.ts');
const { listPostFiles } = await load<typeof import('../src/ingest/index.js')>('ingest/index.ts');
const { ingestOptionsFor, readDocument } = await load<typeof import('../src/post-documents.js')>('post-documents.ts');
const { buildSegment, serializeSegment } = await load<typeof import('../src/indexing/segment.js')>('indexing/segment.ts');

const config = library.resolveConfig({ cwd: process.cwd(), env: {}, flags: { input: values.input } });
const analyzer = library.createAnalyzerFor(config);
const ingestOptions = ingestOptionsFor(config);
const { files } = await listPostFiles(path.resolve(values.input), ingestOptions);
const documents: import('../src/indexing/schema.js').StoredDocument[] = [];
const readStarted = process.cpuUsage();
for (const file of files.slice(0, posts)) {
  const result = await readDocument(file, ingestOptions);
  if (result.ok) documents.push(result.document);
}
const readUsage = process.cpuUsage(readStarted);
const readMs = (readUsage.user + readUsage.system) / 1000;
const textMB = documents.reduce((sum, doc) => sum + Buffer.byteLength(doc.title) + Buffer.byteLength(doc.text), 0) / 1e6;

buildSegment(documents.slice(0, WARMUP_POSTS), analyzer);
const jiebaMs = cpuMsOf(() => {
  for (const doc of documents) cut(doc.text);
});
const inJieba = (ms: number): string => (ms / jiebaMs).toFixed(2);
const rows: string[] = [];
let digest = '';
for (let run = 1; run <= runs; run++) {
  let built: ReturnType<typeof buildSegment> | undefined;
  const indexMs = cpuMsOf(() => {
    built = buildSegment(documents, analyzer);
  });
  let saved: ReturnType<typeof serializeSegment> = [];
  const serializeMs = cpuMsOf(() => {
    // Revisions before the documents file held folds returned { parts, folds }.
    const segment = built as unknown as { parts?: Parameters<typeof serializeSegment>[0] };
    saved = serializeSegment(segment.parts ?? built!);
  });
  digest = saved.map(([name, bytes]) => `${name} ${createHash('sha256').update(bytes).digest('hex')}\n`).join('');
  rows.push(
    `| ${run} | ${Math.round(indexMs)} | ${(textMB / (indexMs / 1000)).toFixed(2)} | ${Math.round(serializeMs)} | ${inJieba(indexMs)} + ${inJieba(serializeMs)} |`,
  );
}
if (values.digest !== undefined) writeFileSync(values.digest, digest);
process.stdout.write(
  `src ${values.src}: ${documents.length} posts, ${textMB.toFixed(1)} MB of clean text\n` +
    `read CPU ${Math.round(readMs)} ms (${inJieba(readMs)} × jieba); nodejieba cut(text, true) over the same texts: ${Math.round(jiebaMs)} CPU ms\n` +
    `| run | index CPU ms | index MB/s of CPU | serialize CPU ms | index + serialize in raw jieba cuts |\n| --- | --- | --- | --- | --- |\n${rows.join('\n')}\n`,
);
