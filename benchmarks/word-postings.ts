/**
 * Word postings benchmark: the word index held both ways, postings (the default, `wordIndex: postings`:
 * an NgramStore keyed by analyzer terms, one per field, as the n-grams are) and MiniSearch
 * (`wordIndex: minisearch`), on one segment of an index already built. For each: CPU time to build and
 * serialize it from the analyzed terms, bytes (plain, and as the segment file stores them: MiniSearch's
 * Brotli-compressed, the postings as they are), load time and the heap it holds after a
 * collection, and the CPU time of the searcher's only question to it, "which posts hold all of these
 * words in the title or the text", for every part of a scale benchmark query file, asked of every post.
 * Both must give the same posts for every part, or the run fails.
 * Usage: node --expose-gc --import tsx benchmarks/word-postings.ts --index DIR
 *        --queries benchmarks/.work/scale/queries-10000.json [--segment 1]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createAnalyzerFor, readCurrentManifest, resolveConfig } from '../src/index.js';
import { readSegmentDocuments } from '../src/indexing/persist.js';
import { SEARCH_FIELDS } from '../src/indexing/schema.js';
import { compressSegmentFile } from '../src/indexing/segment.js';
import { WordIndex, type WordIndexKind } from '../src/indexing/word-index.js';
import type { QueryFile } from './engine/query-phase.js';
import { cpuMsOf, percentile } from './engine/measure.js';

const { values } = parseArgs({
  options: { index: { type: 'string' }, queries: { type: 'string' }, segment: { type: 'string', default: '1' } },
  strict: true,
});
const collect = (globalThis as { gc?: () => void }).gc;
if (values.index === undefined || values.queries === undefined || collect === undefined) {
  process.stderr.write('usage: node --expose-gc --import tsx benchmarks/word-postings.ts --index DIR --queries FILE [--segment N]\n');
  process.exit(2);
}

const config = resolveConfig({ cwd: process.cwd(), env: {}, flags: { index: values.index } });
const analyzer = createAnalyzerFor(config);
const { manifest, directory } = await readCurrentManifest(config.index);
const segment = manifest.segments[Number(values.segment) - 1];
if (segment === undefined) throw new Error(`the index has ${manifest.segments.length} segments`);

// Held throughout, so that neither structure's heap figure includes them.
const documents = await readSegmentDocuments(directory, manifest, segment);
const { queries } = JSON.parse(readFileSync(values.queries, 'utf8')) as QueryFile;
const parts = queries.flatMap((query) =>
  query.q
    .split(/\s+/)
    .filter((part) => part !== '' && !part.startsWith('-'))
    .map((part) => analyzer.analyzeQuery(part).map((token) => token.term).filter((term) => Array.from(term).length >= 2))
    .filter((words) => words.length > 0),
);
const everyPost = Uint32Array.from(documents.keys());

// Analyzed once, so that the build times below are the structures' own.
const termsOf = documents.map((doc) => ({ title: analyzer.documentTerms(doc.title), text: analyzer.documentTerms(doc.text) }));

function serialized(kind: WordIndexKind): Buffer {
  const words = WordIndex.create(kind);
  termsOf.forEach((terms, number) => words.add(number, terms));
  return words.serialize();
}

/** Live heap and ArrayBuffer bytes, after a collection and a pause (ArrayBuffers are freed by a concurrent sweep). */
async function heapMB(): Promise<number> {
  collect!();
  await new Promise((resolve) => setTimeout(resolve, 200));
  collect!();
  const { heapUsed, external } = process.memoryUsage();
  // external includes every ArrayBuffer: the typed arrays' tables are there, not in heapUsed.
  return (heapUsed + external) / 1e6;
}

const storedBytes = (bytes: Buffer, kind: WordIndexKind): number => (kind === 'minisearch' ? compressSegmentFile(bytes).length : bytes.length);

interface Row {
  name: string;
  /** CPU ms to build it from the analyzed terms and serialize it. */
  buildMs: number;
  plainMB: number;
  storedMB: number;
  loadMs: number;
  heapMB: number;
  answers: Uint32Array[];
  cpuMs: number[];
}

async function measure(kind: WordIndexKind, name: string): Promise<Row> {
  let bytes: Buffer = Buffer.alloc(0);
  const buildMs = cpuMsOf(() => {
    bytes = serialized(kind);
  });
  const before = await heapMB();
  const started = performance.now();
  const words = await WordIndex.load(bytes, kind, 'words');
  const loadMs = performance.now() - started;
  const held = (await heapMB()) - before;
  const answers: Uint32Array[] = [];
  const cpuMs = parts.map((terms) => cpuMsOf(() => answers.push(words.docsWithAll(terms, SEARCH_FIELDS, everyPost))));
  return { name, buildMs, plainMB: bytes.length / 1e6, storedMB: storedBytes(bytes, kind) / 1e6, loadMs, heapMB: held, answers, cpuMs };
}

// MiniSearch first, then dropped: the typed stores load into a heap without it.
const mini = await measure('minisearch', 'MiniSearch (`wordIndex: minisearch`)');
collect();
const typed = await measure('postings', 'postings (the default)');
const differing = parts.findIndex((_, i) => mini.answers[i]!.join() !== typed.answers[i]!.join());
if (differing >= 0) throw new Error(`the two disagree on the query part ${parts[differing]!.join(' ')}`);

const total = (row: Row): number => row.cpuMs.reduce((sum, ms) => sum + ms, 0);
const line = (row: Row): string =>
  `| ${row.name} | ${(row.buildMs / 1000).toFixed(1)} | ${row.plainMB.toFixed(1)} | ${row.storedMB.toFixed(1)} | ${Math.round(row.loadMs)} | ${Math.round(row.heapMB)} | ` +
  `${Math.round(total(row))} | ${percentile(row.cpuMs, 50).toFixed(3)} | ${percentile(row.cpuMs, 95).toFixed(3)} | ${percentile(row.cpuMs, 99).toFixed(3)} |`;
process.stdout.write(
  `${segment.name} of ${values.index}: ${documents.length} posts; ${parts.length} query parts, same posts from both for every one\n` +
    `| word index | build + serialize CPU s | MB plain | MB stored | load ms | heap MB | CPU ms, all parts | p50 | p95 | p99 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n` +
    `${line(mini)}\n${line(typed)}\n`,
);
