/**
 * Import boundaries of STYLE.md, checked by `npm test` (npm run lint:deps).
 * One file owns each heavy dependency; data flows one way; shells use the public API only.
 */
const forbidden = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

module.exports = {
  forbidden: [
    forbidden('no-circular', 'Modules must not import each other in a cycle.', {}, { circular: true }),
    forbidden('errors-logger-token-are-leaves', 'errors, logger and analysis/token import nothing internal.',
      { path: '^src/(errors|logger|analysis/token)\\.ts$' }, { path: '^src/' }),
    forbidden('analysis-stays-low', 'analysis may import errors only (and its own files).',
      { path: '^src/analysis/' }, { path: '^src/(ingest|indexing|search|server|cli|config|api)/|^src/(engine|build|build-worker|build-workers|update|post-documents|index)\\.ts$' }),
    forbidden('ingest-stays-low', 'ingest may import errors and logger only.',
      { path: '^src/ingest/' }, { path: '^src/(analysis|indexing|search|server|cli|config|api)/|^src/(engine|build|build-worker|build-workers|update|post-documents|index)\\.ts$' }),
    forbidden('indexing-below-search', 'indexing must not reach search, shells or express.',
      { path: '^src/indexing/' }, { path: '^src/(search|server|cli|config)/|^src/(engine|build|build-worker|build-workers|update|post-documents|index)\\.ts$|node_modules/express/' }),
    forbidden('indexing-uses-ingest-types-only', 'indexing may use ingest types, not its runtime.',
      { path: '^src/indexing/' }, { path: '^src/ingest/', dependencyTypesNot: ['type-only'] }),
    forbidden('search-stays-in-core', 'search must not import ingest, shells, minisearch, nodejieba or pinyin-pro.',
      { path: '^src/search/' }, { path: '^src/(ingest|server|cli|config)/|^src/(engine|build|build-worker|build-workers|update|post-documents|index)\\.ts$|node_modules/(minisearch|nodejieba|pinyin-pro)/' }),
    forbidden('search-uses-analysis-types-only', 'search takes the analyzer from the index; it imports analysis types only.',
      { path: '^src/search/' }, { path: '^src/analysis/', dependencyTypesNot: ['type-only'] }),
    forbidden('shells-use-public-api', 'server and cli go through src/index.ts, engine, config and api/contract.',
      { path: '^src/(server|cli)/' }, { path: '^src/(analysis|ingest|indexing|search)/' }),
    forbidden('shells-no-engines', 'server and cli never import minisearch, nodejieba or cheerio.',
      { path: '^src/(server|cli)/' }, { path: 'node_modules/(minisearch|nodejieba|cheerio)/' }),
    forbidden('only-server-imports-express', 'express belongs to src/server.',
      { pathNot: '^src/server/' }, { path: 'node_modules/express/' }),
    forbidden('nodejieba-owner', 'Only analysis/segment.ts imports nodejieba.',
      { pathNot: '^src/analysis/segment\\.ts$' }, { path: 'node_modules/nodejieba/' }),
    forbidden('opencc-owner', 'Only analysis/normalize.ts imports opencc-js.',
      { pathNot: '^src/analysis/normalize\\.ts$' }, { path: 'node_modules/opencc-js/' }),
    forbidden('pinyin-owner', 'Only analysis/pinyin.ts imports pinyin-pro.',
      { pathNot: '^src/analysis/pinyin\\.ts$' }, { path: 'node_modules/pinyin-pro/' }),
    forbidden('minisearch-owner', 'Only indexing/mini-search.ts imports minisearch.',
      { pathNot: '^src/indexing/mini-search\\.ts$' }, { path: 'node_modules/minisearch/' }),
    forbidden('widget-self-contained', 'The widget imports only its own files and api/contract.ts.',
      { path: '^src/widget/' }, { path: '^src/(?!widget/|api/contract\\.ts$)' }),
    forbidden('widget-types-only', 'The widget may only import types from api/contract.',
      { path: '^src/widget/' }, { path: '^src/api/contract\\.ts$', dependencyTypesNot: ['type-only'] }),
    forbidden('widget-no-packages', 'The widget is dependency-free browser code: no packages, no Node built-ins.',
      { path: '^src/widget/' }, { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'] }),
    forbidden('cli-not-server-internals', 'The CLI may start the server through server/main.ts only.',
      { path: '^src/cli/' }, { path: '^src/server/(?!main\\.ts$)' }),
    forbidden('server-not-cli', 'The server never imports the CLI.', { path: '^src/server/' }, { path: '^src/cli/' }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
