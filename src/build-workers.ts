/**
 * Parallel builds: a pool of worker threads (build-worker.ts). Reading and cleaning (one chunk of posts
 * per worker), then analysis and indexing (segments of at most `segmentPosts` posts, handed out in
 * turn), run in the workers; the main thread detects boilerplate between the two (it needs every
 * post's text) and writes the segments.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from './config/schema.js';
import { ZhsearchError, type ErrorCode } from './errors.js';
import type { PostFile } from './ingest/post.js';
import type { StoredDocument } from './indexing/schema.js';
import type { SegmentFileName } from './indexing/segment.js';
import type { DocumentResult } from './post-documents.js';

export type WorkerRequest = { type: 'read'; files: PostFile[] } | { type: 'index'; documents: StoredDocument[] };

export type WorkerReply =
  | { type: 'ready' }
  /** Posts read or indexed since the last progress message. */
  | { type: 'progress'; posts: number }
  | { type: 'read'; results: DocumentResult[] }
  | { type: 'indexed'; files: Array<[SegmentFileName, Uint8Array]>; docCount: number }
  | { type: 'error'; code: ErrorCode | null; message: string };

/** A serialized segment made by a worker. */
export interface WorkerSegment {
  files: Array<[SegmentFileName, Buffer]>;
  docCount: number;
}

/** Below this many posts per worker, a worker's start (its own jieba dictionary: ~1 s, ~250 MB) costs more than it saves. */
export const DEFAULT_MIN_POSTS_PER_WORKER = 200;

/** How many workers a build of `posts` posts uses: the configured count (0: one per core), fewer for small builds; 1 means in-process. */
export function workerCount(config: Config, posts: number, minPostsPerWorker = DEFAULT_MIN_POSTS_PER_WORKER): number {
  const wanted = config.buildWorkers === 0 ? availableParallelism() : config.buildWorkers;
  return Math.max(1, Math.min(wanted, Math.floor(posts / Math.max(1, minPostsPerWorker))));
}

/**
 * How a build cuts `items` into segments: contiguous, in order, of nearly equal size and at most
 * `segmentPosts` each, and at least one per worker so that every worker has work.
 */
export function segmentChunks<T>(items: readonly T[], workers: number, segmentPosts: number): T[][] {
  return chunk(items, Math.max(1, workers, Math.ceil(items.length / segmentPosts)));
}

/** `items` in `count` contiguous chunks of nearly equal size, in order. */
export function chunk<T>(items: readonly T[], count: number): T[][] {
  const size = Math.ceil(items.length / count);
  return Array.from({ length: count }, (_, i) => items.slice(i * size, (i + 1) * size));
}

// Run from source (tsx, vitest), the worker is a .ts file and needs tsx's loader too.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './build-worker.ts' : './build-worker.js', import.meta.url);

function spawnWorker(config: Config): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData: { config } });
  // A test runner's own TypeScript loader does not reach worker threads: register tsx's, then load.
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: { config } });
}

class BuildWorker {
  private pending: { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  readonly ready: Promise<void>;

  constructor(
    private readonly worker: Worker,
    private readonly onProgress: (posts: number) => void,
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.pending = { resolve: () => resolve(), reject };
    });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'progress') return this.onProgress(reply.posts);
      const pending = this.pending;
      this.pending = null;
      if (reply.type === 'error') {
        pending?.reject(new ZhsearchError(reply.code ?? 'BUILD_WORKER_FAILED', reply.message));
      } else {
        pending?.resolve(reply);
      }
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      this.pending?.reject(error);
      this.pending = null;
    };
    worker.on('error', (error) => fail(new ZhsearchError('BUILD_WORKER_FAILED', `A build worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => fail(new ZhsearchError('BUILD_WORKER_FAILED', `A build worker exited (code ${code}).`)));
  }

  ask(request: WorkerRequest): Promise<WorkerReply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

export class BuildWorkerPool {
  private closed = false;

  private constructor(private readonly workers: readonly BuildWorker[]) {}

  /** Starts `count` workers for `config` and waits until each has loaded its analyzer. */
  static async start(config: Config, count: number, onProgress: (posts: number) => void): Promise<BuildWorkerPool> {
    const workers = Array.from({ length: count }, () => new BuildWorker(spawnWorker(config), onProgress));
    const pool = new BuildWorkerPool(workers);
    try {
      await Promise.all(workers.map((worker) => worker.ready));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Reads each chunk of files in its worker; results in file order. */
  async read(chunks: readonly PostFile[][]): Promise<DocumentResult[]> {
    const replies = await Promise.all(chunks.map((files, i) => this.workers[i]!.ask({ type: 'read', files })));
    return replies.flatMap((reply) => (reply.type === 'read' ? reply.results : []));
  }

  /**
   * Indexes each chunk of documents as one segment; segments in chunk order. A worker takes the next
   * chunk when it is done with one, so it holds one segment's index at a time however many there are.
   */
  async index(chunks: readonly StoredDocument[][]): Promise<WorkerSegment[]> {
    const segments: WorkerSegment[] = [];
    let next = 0;
    const work = async (worker: BuildWorker): Promise<void> => {
      while (next < chunks.length) {
        const at = next++;
        const reply = await worker.ask({ type: 'index', documents: chunks[at]! });
        if (reply.type !== 'indexed') throw new ZhsearchError('BUILD_WORKER_FAILED', `A build worker answered ${reply.type} to an index request.`);
        segments[at] = {
          docCount: reply.docCount,
          files: reply.files.map(([name, bytes]): [SegmentFileName, Buffer] => [name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
        };
      }
    };
    await Promise.all(this.workers.map(work));
    return segments;
  }

  /** Stops the workers; calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
