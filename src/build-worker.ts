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
import { ingestOptionsFor, readDocument } from './post-documents.js';
import { READS_AT_ONCE, type WorkerReply, type WorkerRequest } from './build-workers.js';
import { mapConcurrently } from './map-concurrently.js';

const port = parentPort;
if (port === null) throw new Error('build-worker.ts runs as a worker thread');
const config = (workerData as { config: Config }).config;
const analyzer = createAnalyzerFor(config);
const ingestOptions = ingestOptionsFor(config);

function reply(message: WorkerReply): void {
  port!.postMessage(message);
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'read') {
    const results = await mapConcurrently(request.files, READS_AT_ONCE, async (file) => {
      const result = await readDocument(file, ingestOptions);
      reply({ type: 'progress' });
      return result;
    });
    reply({ type: 'read', results });
    return;
  }
  const parts = buildSegment(request.documents, analyzer, { onProgress: () => reply({ type: 'progress' }), wordIndex: config.wordIndex });
  reply({ type: 'indexed', files: serializeSegment(parts), docCount: parts.documents.length });
}

port.on('message', (request: WorkerRequest) => {
  handle(request).catch((error: unknown) =>
    reply({ type: 'error', code: isZhsearchError(error) ? error.code : null, message: describeError(error) }),
  );
});
reply({ type: 'ready' });
