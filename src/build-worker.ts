/**
 * A build worker thread: its own Analyzer (jieba keeps one dictionary per thread; the same config
 * gives the same fingerprint), answering two requests from build-workers.ts: read post files into
 * stored documents, and index documents as one serialized segment.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from './config/schema.js';
import { createAnalyzerFor } from './engine.js';
import { describeError, isZhsearchError } from './errors.js';
import { buildSegment, serializeSegment } from './indexing/segment.js';
import { ingestOptionsFor, readDocuments } from './post-documents.js';
import type { WorkerReply, WorkerRequest } from './build-workers.js';

const port = parentPort;
if (port === null) throw new Error('build-worker.ts runs as a worker thread');
const config = (workerData as { config: Config }).config;
const analyzer = createAnalyzerFor(config);
const ingestOptions = ingestOptionsFor(config);

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(message, transfer);
}

/** Posts done since the last progress message: sent at most every PROGRESS_INTERVAL_MS, not per post. */
let unreported = 0;
let reportedAt = 0;
const PROGRESS_INTERVAL_MS = 100;

function progress(): void {
  unreported++;
  if (performance.now() - reportedAt >= PROGRESS_INTERVAL_MS) flushProgress();
}

function flushProgress(): void {
  if (unreported === 0) return;
  reply({ type: 'progress', posts: unreported });
  unreported = 0;
  reportedAt = performance.now();
}

/** The ArrayBuffers of `files` that each hold one file alone: moved to the main thread instead of copied. */
function ownBuffers(files: ReadonlyArray<[string, Uint8Array]>): ArrayBuffer[] {
  return files.flatMap(([, bytes]) =>
    bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer] : [],
  );
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'read') {
    const results = await readDocuments(request.files, ingestOptions, progress);
    flushProgress();
    reply({ type: 'read', results });
    return;
  }
  const parts = buildSegment(request.documents, analyzer, { onProgress: progress, wordIndex: config.wordIndex });
  const files = serializeSegment(parts);
  flushProgress();
  reply({ type: 'indexed', files, docCount: parts.documents.length }, ownBuffers(files));
}

port.on('message', (request: WorkerRequest) => {
  handle(request).catch((error: unknown) =>
    reply({ type: 'error', code: isZhsearchError(error) ? error.code : null, message: describeError(error) }),
  );
});
reply({ type: 'ready' });
