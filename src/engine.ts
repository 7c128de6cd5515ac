/**
 * The composition root: builds the analyzer from config and opens an index into a ready
 * searcher and suggester. Shells (server, CLI) reach the library through here and src/index.ts only.
 */
import { createAnalyzer, type Analyzer } from './analysis/analyzer.js';
import type { Config } from './config/schema.js';
import { ZhsearchError } from './errors.js';
import type { Manifest } from './indexing/manifest.js';
import { loadIndex } from './indexing/persist.js';
import type { SearchIndex } from './indexing/search-index.js';
import { resolvePostUrl } from './search/permalink.js';
import { Searcher } from './search/searcher.js';
import { Suggester } from './search/suggester.js';

export interface Engine {
  readonly config: Config;
  readonly index: SearchIndex;
  readonly searcher: Searcher;
  /** As-you-type suggestions (words, word sequences, titles, pinyin) from the same index. */
  readonly suggester: Suggester;
  readonly manifest: Manifest;
  /** When this engine finished loading (ISO 8601): the service's reload time, not the build time. */
  readonly loadedAt: string;
}

export interface OpenEngineOptions {
  /**
   * The analyzer to load with; default `createAnalyzerFor(config)`. A service reloading an index passes the
   * analyzer it already has: there is one per thread, so an index built with another one must be refused
   * (INDEX_INCOMPATIBLE), never answered by a second analyzer.
   */
  analyzer?: Analyzer;
}

/** The analyzer for `config` (one per thread; the same options give the same analyzer). */
export function createAnalyzerFor(config: Config): Analyzer {
  return createAnalyzer({ userDictPath: config.userDict, stopwordsPath: config.stopwords });
}

/** The command that rebuilds the index of `config`, for error messages. */
export function rebuildCommand(config: Config): string {
  return `zhsearch build --input ${config.input} --index ${config.index}`;
}

/**
 * Loads the current index generation of `config.index` and returns a ready searcher. The load yields to
 * the event loop between its steps, so a service answering requests meanwhile keeps answering.
 * @throws ZhsearchError INDEX_NOT_FOUND, INDEX_INCOMPATIBLE or INDEX_CORRUPT; nothing is half-loaded.
 *
 * @example
 * const engine = await openEngine(resolveConfig({ cwd: process.cwd(), env: process.env }));
 * engine.searcher.search({ q: '核酸检测' }).total;
 */
export async function openEngine(config: Config, options: OpenEngineOptions = {}): Promise<Engine> {
  const analyzer = options.analyzer ?? createAnalyzerFor(config);
  const { index, manifest } = await loadIndex(config.index, analyzer, rebuildCommand(config));
  const permalink = { template: config.permalink, baseUrl: config.baseUrl, timezone: config.timezone };
  const searcher = new Searcher(index, {
    snippetChars: config.snippetChars,
    urlFor: (doc) => resolvePostUrl(doc, permalink),
  });
  const suggester = new Suggester(index);
  return { config, index, searcher, suggester, manifest, loadedAt: new Date().toISOString() };
}

/**
 * Holds the engine the service answers with; empty until an index exists. A reload replaces it whole
 * (`set`), so a request that took the engine once at its start (`get`) finishes on the generation it
 * started with.
 */
export class EngineHolder {
  private engine: Engine | null;

  constructor(engine: Engine | null) {
    this.engine = engine;
  }

  /** The current engine. @throws ZhsearchError INDEX_NOT_FOUND when there is none. */
  get(): Engine {
    if (this.engine === null) {
      throw new ZhsearchError('INDEX_NOT_FOUND', 'There is no index yet. Run `zhsearch build` first.');
    }
    return this.engine;
  }

  /** The current engine, or null when there is none (never throws). */
  peek(): Engine | null {
    return this.engine;
  }

  set(engine: Engine): void {
    this.engine = engine;
  }
}
