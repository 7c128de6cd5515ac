/**
 * zhsearch's public library API: re-exports only.
 */
export { createAnalyzer, ANALYZER_VERSION, type Analyzer, type AnalyzerOptions } from './analysis/analyzer.js';
export type { Token, TokenKind } from './analysis/token.js';
export type { NormalizedText } from './analysis/normalize.js';
export { ZhsearchError, ERROR_CODES, isZhsearchError, describeError, type ErrorCode } from './errors.js';
export { silentLogger, type Logger } from './logger.js';
export { resolveConfig, CONFIG_FILE, type ResolveConfigInput } from './config/resolve.js';
export { DEFAULT_CONFIG, type Config } from './config/schema.js';
export { openEngine, EngineHolder, createAnalyzerFor, rebuildCommand, type Engine, type OpenEngineOptions } from './engine.js';
export {
  createEngineReloader,
  type EngineReloader,
  type EngineReloaderOptions,
  type ReloadOutcome,
} from './engine-reloader.js';
export { buildIndex, staleIndexReason, type BuildReport, type BuildOptions, type BuildPhase } from './build.js';
export { updateIndex, MAX_SEGMENTS, type UpdateReport } from './update.js';
export { readCurrentManifest, readCurrentGeneration, type SaveStep } from './indexing/persist.js';
export type { Manifest } from './indexing/manifest.js';
export type { StoredDocument } from './indexing/schema.js';
export type { PostSkip, PostWarning, Post } from './ingest/post.js';
export { Searcher, type SearchHit, type SearchRequest, type SearchResponse, type SortOrder } from './search/searcher.js';
export { Suggester, type Suggestion, type SuggestionKind } from './search/suggester.js';
export { DEFAULT_WEIGHTS, type RankingWeights } from './search/ranking.js';
export { parseQuery, type Query, type QueryPart, type QueryFilter } from './search/query-parser.js';
export { escapeHtml } from './search/highlight.js';
