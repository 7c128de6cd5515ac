#!/usr/bin/env node
/**
 * The `zhsearch` command: parses argv, resolves config (flags > env > file > defaults), runs a
 * command and turns errors into messages and exit codes. The only place in the CLI that sets
 * process.exitCode.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ZHSEARCH_VERSION } from '../version.js';
import { ZhsearchError, isZhsearchError, resolveConfig, type Config } from '../index.js';
import { runBuild } from './commands/build.js';
import { runSearch } from './commands/search.js';
import { runServe } from './commands/serve.js';
import { runUpdate } from './commands/update.js';
import { processIo, type CliIo } from './io.js';

interface CommonFlags {
  input?: string;
  index?: string;
  config?: string;
  timezone?: string;
  drafts?: boolean;
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function configFrom(io: CliIo, flags: CommonFlags & Partial<Record<keyof Config, unknown>>): Config {
  const { config: configFile, ...rest } = flags;
  return resolveConfig({
    cwd: io.cwd,
    env: io.env,
    flags: rest as Partial<Record<keyof Config, unknown>>,
    ...(configFile === undefined ? {} : { configFile }),
  });
}

function addCommon(command: Command): Command {
  return command
    .option('--index <dir>', 'index folder (default: index)')
    .option('--config <file>', 'config file (default: zhsearch.config.json when present)')
    .option('--timezone <zone>', 'IANA zone for dates without an offset');
}

function createProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('zhsearch')
    .description('Full-text search for Chinese posts')
    .version(ZHSEARCH_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  addCommon(program.command('build').description('build the index of a folder of posts'))
    .option('--input <dir>', 'folder of posts (default: data/posts)')
    .option('--drafts', 'include Hexo drafts')
    .option('--workers <n>', 'worker threads that read and analyze posts (default: one per core; 1: none)', integer)
    .action(async (flags: CommonFlags & { workers?: number }) => {
      const { workers, ...common } = flags;
      setExit(await runBuild(configFrom(io, workers === undefined ? common : { ...common, buildWorkers: workers }), io));
    });

  addCommon(program.command('update').description('update the index: re-read changed posts, add new ones, remove deleted ones'))
    .option('--input <dir>', 'folder of posts (default: data/posts)')
    .option('--drafts', 'include Hexo drafts')
    .action(async (flags: CommonFlags) => setExit(await runUpdate(configFrom(io, flags), io)));

  addCommon(program.command('search').description('search the index').argument('<query>', 'the query'))
    .option('--limit <n>', 'results to show (1-100)', integer, 10)
    .option('--offset <n>', 'results to skip', integer, 0)
    .option('--category <path>', 'only posts under this category path')
    .addOption(new Option('--sort <order>', 'ranking order').choices(['relevance', 'date']).default('relevance'))
    .option('--json', 'print the API JSON body')
    .action(async (query: string, flags: CommonFlags & { limit: number; offset: number; category?: string; sort: 'relevance' | 'date'; json?: boolean }) => {
      const { limit, offset, category, sort, json, ...common } = flags;
      if (limit < 1 || limit > 100) throw new ZhsearchError('INVALID_PARAMS', '--limit must be between 1 and 100');
      const config = configFrom(io, common);
      setExit(await runSearch(config, query, { limit, offset, category: category ?? null, sort, json: json === true }, io));
    });

  addCommon(program.command('serve').description('serve the HTTP API and search page'))
    .option('--port <n>', 'port (default: 3000, or PORT)', integer)
    .option('--host <host>', 'host (default: 127.0.0.1, or HOST)')
    .option('--input <dir>', 'folder of posts, for --auto-build')
    .option('--auto-build', 'build the index first when missing, older than the posts or incompatible')
    .action(async (flags: CommonFlags & { port?: number; host?: string; autoBuild?: boolean }) => {
      const { autoBuild, ...common } = flags;
      setExit(await runServe(configFrom(io, common), autoBuild === true, io));
    });

  return program;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code.
 *
 * @example
 * const code = await main(['search', '核酸检测', '--index', 'index'], processIo());
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    if (isZhsearchError(error)) {
      io.stderr.write(`zhsearch: ${error.code}: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`zhsearch: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`zhsearch: ${String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
