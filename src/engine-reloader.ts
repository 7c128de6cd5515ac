/**
 * Zero-downtime reload: notices that `index/CURRENT` names a new generation (a watch on the index folder,
 * debounced, plus a slow poll) or is asked to reload, loads the new generation fully, and only then swaps it
 * into the EngineHolder. A generation that fails to load is refused and logged; the old one keeps serving.
 * It installs no signal handlers and never touches the process: the service wires SIGHUP to `reload()`.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Config } from './config/schema.js';
import { openEngine, type Engine, type EngineHolder, type OpenEngineOptions } from './engine.js';
import { describeError, isZhsearchError } from './errors.js';
import { CURRENT_FILE, readCurrentGeneration } from './indexing/persist.js';
import { silentLogger, type Logger } from './logger.js';

export interface EngineReloaderOptions {
  logger?: Logger;
  /** Watch the index folder for a new CURRENT (fs.watch). Default true. */
  watch?: boolean;
  /** Quiet time after the last file event before CURRENT is read, in ms. Default 200. */
  debounceMs?: number;
  /**
   * Read CURRENT this often, in ms, whatever the watch says (fs.watch misses events on network and some
   * container file systems); 0 = no polling. Default 2000.
   */
  pollMs?: number;
  /** Loads an engine; default openEngine. Tests inject slow or failing loaders. */
  open?: (config: Config, options: OpenEngineOptions) => Promise<Engine>;
}

/** What one reload run did. */
export type ReloadOutcome =
  | { status: 'loaded'; generation: number; previousGeneration: number | null; loadMs: number }
  /** CURRENT still names the generation last tried (a check, not a forced reload). */
  | { status: 'unchanged'; generation: number | null }
  /** The generation failed to load; the previous engine (if any) keeps serving. */
  | { status: 'refused'; generation: number | null; error: unknown }
  | { status: 'closed' };

export interface EngineReloader {
  /** Loads the generation CURRENT names now, even an unchanged one (what SIGHUP does). */
  reload(reason: string): Promise<ReloadOutcome>;
  /** Loads the generation CURRENT names if it is not the one last tried (what the watch and the poll do). */
  check(reason: string): Promise<ReloadOutcome>;
  /** Stops watching and polling, and waits for a reload under way. */
  close(): Promise<void>;
}

interface Deferred {
  promise: Promise<ReloadOutcome>;
  resolve: (outcome: ReloadOutcome) => void;
}

/** A requested run: requests made while another run is under way merge into one of these. */
interface Job {
  force: boolean;
  reasons: string[];
  done: Deferred;
}

function deferred(): Deferred {
  let resolve!: (outcome: ReloadOutcome) => void;
  const promise = new Promise<ReloadOutcome>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Starts watching `config.index` and swapping new generations into `holder`. One reload runs at a time;
 * requests made while one runs coalesce into a single run after it.
 *
 * @example
 * const reloader = createEngineReloader(holder, config, { logger });
 * process.on('SIGHUP', () => void reloader.reload('SIGHUP'));
 * // … later
 * await reloader.close();
 */
export function createEngineReloader(holder: EngineHolder, config: Config, options: EngineReloaderOptions = {}): EngineReloader {
  const logger = options.logger ?? silentLogger;
  const open = options.open ?? openEngine;
  const debounceMs = options.debounceMs ?? 200;
  const pollMs = options.pollMs ?? 2000;
  const shouldWatch = options.watch ?? true;

  /** The generation of the last load attempt, successful or not: a refused one is not retried by checks. */
  let lastTried: number | null = holder.peek()?.manifest.generation ?? null;
  let active: Promise<void> | null = null;
  let queued: Job | null = null;
  let closed = false;
  let watcher: FSWatcher | null = null;
  let debounceTimer: NodeJS.Timeout | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let watchFailureLogged = false;

  async function runJob(job: Job): Promise<ReloadOutcome> {
    if (closed) return { status: 'closed' };
    const reason = job.reasons.join(', ');
    const pointer = await readCurrentGeneration(config.index);
    if (!job.force && pointer === lastTried) return { status: 'unchanged', generation: pointer };
    lastTried = pointer;
    const previous = holder.peek();
    const previousGeneration = previous?.manifest.generation ?? null;
    const started = performance.now();
    try {
      // The process's one analyzer: an index built with another fingerprint is INDEX_INCOMPATIBLE.
      const engine = await open(config, previous === null ? {} : { analyzer: previous.index.analyzer });
      const loadMs = Math.round(performance.now() - started);
      holder.set(engine);
      const generation = engine.manifest.generation;
      lastTried = generation;
      logger.info(
        { generation, previousGeneration, docCount: engine.index.docCount, builtAt: engine.manifest.builtAt, loadMs, reason },
        `serving index generation ${generation}`,
      );
      return { status: 'loaded', generation, previousGeneration, loadMs };
    } catch (error) {
      // Every failure is refused, bugs included: the old generation answers correctly, and the error is logged in full.
      const still = previousGeneration === null ? 'no index is served' : `still serving generation ${previousGeneration}`;
      logger.error(
        {
          code: isZhsearchError(error) ? error.code : undefined,
          generation: pointer,
          servingGeneration: previousGeneration,
          reason,
          err: isZhsearchError(error) ? undefined : error,
        },
        `refused index generation ${pointer ?? '(none)'}: ${describeError(error)}; ${still}`,
      );
      return { status: 'refused', generation: pointer, error };
    }
  }

  async function drain(first: Job): Promise<void> {
    let job: Job | null = first;
    while (job !== null) {
      job.done.resolve(await runJob(job));
      job = queued;
      queued = null;
    }
    active = null;
  }

  function request(reason: string, force: boolean): Promise<ReloadOutcome> {
    if (closed) return Promise.resolve({ status: 'closed' });
    if (active === null) {
      const job: Job = { force, reasons: [reason], done: deferred() };
      active = drain(job);
      return job.done.promise;
    }
    if (queued === null) {
      queued = { force, reasons: [reason], done: deferred() };
    } else {
      queued.force ||= force;
      if (!queued.reasons.includes(reason)) queued.reasons.push(reason);
    }
    return queued.done.promise;
  }

  function onFileEvent(_event: string, filename: string | Buffer | null): void {
    // Only CURRENT's switch matters (a rename onto it); a null name (some platforms) could be it too.
    if (filename !== null && !String(filename).startsWith(CURRENT_FILE)) return;
    if (debounceTimer !== null) clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      debounceTimer = null;
      void request('watch', false);
    }, debounceMs);
    debounceTimer.unref();
  }

  function startWatch(): void {
    if (!shouldWatch || closed || watcher !== null) return;
    try {
      watcher = watch(config.index, { persistent: false }, onFileEvent);
    } catch (error) {
      // Typically the index folder does not exist yet: the poll retries, and reads CURRENT meanwhile.
      if (!watchFailureLogged) {
        logger.warn({ index: config.index, err: describeError(error) }, 'cannot watch the index folder; polling only');
        watchFailureLogged = true;
      }
      return;
    }
    watchFailureLogged = false;
    watcher.on('error', (error: unknown) => {
      logger.warn({ index: config.index, err: describeError(error) }, 'the index folder watch failed; polling only');
      watcher?.close();
      watcher = null;
    });
  }

  startWatch();
  if (pollMs > 0) {
    pollTimer = setInterval(() => {
      startWatch();
      void request('poll', false);
    }, pollMs);
    pollTimer.unref();
  }

  return {
    reload: (reason) => request(reason, true),
    check: (reason) => request(reason, false),
    async close() {
      closed = true;
      if (pollTimer !== null) clearInterval(pollTimer);
      if (debounceTimer !== null) clearTimeout(debounceTimer);
      watcher?.close();
      watcher = null;
      const pending = queued;
      queued = null;
      pending?.done.resolve({ status: 'closed' });
      await active;
    },
  };
}
