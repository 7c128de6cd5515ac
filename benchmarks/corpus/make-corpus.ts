/**
 * Builds a benchmark corpus of Hexo-style posts from a Debian LibreOffice help package, plus the
 * reference text of each post (JSON lines). Deterministic: the same package gives the same bytes.
 * Usage: npx tsx benchmarks/corpus/make-corpus.ts [--package libreoffice-help-zh-cn] [--out DIR]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fetchDebianPackage } from './debian-package.js';
import { parseHelpPage } from './help-page.js';
import { dateForKey, renderPost, type PostSource } from './hexo-post.js';

export const DEFAULT_PACKAGE = 'libreoffice-help-zh-cn';
export const BENCHMARKS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE_DIR = path.join(BENCHMARKS_DIR, '.work');
const MARKER_FILE = '.make-corpus';
export const MIN_HAN_CHARS = 50;
const MAX_TAGS = 8;
const MODULE_NAMES: Record<string, string> = {
  sbasic: 'Basic', scalc: 'Calc', schart: 'Chart', sdatabase: 'Base', sdraw: 'Draw',
  simpress: 'Impress', smath: 'Math', swriter: 'Writer', shared: '通用',
};

export interface CorpusOptions {
  packageName: string;
  outDir: string;
}

export interface CorpusSummary {
  outDir: string;
  referencePath: string;
  pages: number;
  written: number;
  skippedFewHan: number;
  postBytes: number;
}

/** `benchmarks/.corpus/libreoffice-zh-cn` for `libreoffice-help-zh-cn`. */
export function defaultOutDir(packageName: string): string {
  return path.join(BENCHMARKS_DIR, '.corpus', packageName.replace('-help-', '-'));
}

/** The reference JSON lines file that belongs to a corpus folder. */
export function referencePathFor(outDir: string): string {
  return `${path.resolve(outDir)}.reference.jsonl`;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function listHtmlFiles(dir: string, relative = ''): string[] {
  const found: string[] = [];
  const entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => compareCodeUnits(a.name, b.name))) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...listHtmlFiles(dir, child));
    else if (entry.isFile() && entry.name.endsWith('.html')) found.push(child);
  }
  return found;
}

/** The `text/` folder of the package's only help language (zh-CN, zh-TW, …). */
function findHelpTextDir(rootDir: string): string {
  const helpDir = path.join(rootDir, 'usr/share/libreoffice/help');
  const languages = existsSync(helpDir)
    ? readdirSync(helpDir).filter((name) => existsSync(path.join(helpDir, name, 'text')))
    : [];
  if (languages.length !== 1) {
    throw new Error(`expected one help language under ${helpDir}, found ${JSON.stringify(languages)}`);
  }
  return path.join(helpDir, languages[0] ?? '', 'text');
}

export function countHan(text: string): number {
  return text.match(/\p{Script=Han}/gu)?.length ?? 0;
}

function categoriesFor(relativePath: string): string[] {
  const folders = relativePath.split('/').slice(0, -1);
  const [module, ...rest] = folders;
  if (module === undefined) return [];
  return [MODULE_NAMES[module] ?? module, ...rest];
}

/** Empties `outDir`, refusing to touch a non-empty folder this script did not make. */
function prepareOutDir(outDir: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !existsSync(path.join(outDir, MARKER_FILE))) {
    throw new Error(`${outDir} is not empty and was not made by make-corpus; choose another --out`);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, MARKER_FILE), 'made by benchmarks/corpus/make-corpus.ts\n');
}

export interface HelpPostSource {
  /** The page's path under the help `text/` folder, e.g. `scalc/01/04060101.html`. */
  relativePath: string;
  source: PostSource;
}

/**
 * Downloads (or reuses) the package and reads every help page into a post source, pages in
 * code-unit order. Pages are not filtered here: the caller decides what is too short.
 *
 * @example
 * readHelpPostSources('libreoffice-help-zh-tw').sources.length // 2560
 */
export function readHelpPostSources(packageName: string): { pages: number; sources: HelpPostSource[] } {
  const { rootDir } = fetchDebianPackage(packageName, CACHE_DIR);
  const textDir = findHelpTextDir(rootDir);
  const pages = listHtmlFiles(textDir);
  const seenIds = new Map<string, string>();
  const sources = pages.map((relativePath): HelpPostSource => {
    const page = parseHelpPage(readFileSync(path.join(textDir, relativePath), 'utf8'));
    const id = relativePath.replace(/\.html$/, '').replaceAll('/', '-');
    const clash = seenIds.get(id);
    if (clash !== undefined) throw new Error(`${relativePath} and ${clash} both map to post id ${id}`);
    seenIds.set(id, relativePath);
    const tags = page.keywords.slice(0, MAX_TAGS);
    return { relativePath, source: { id, title: page.title, categories: categoriesFor(relativePath), tags, blocks: page.blocks } };
  });
  return { pages: pages.length, sources };
}

/**
 * Downloads (or reuses) the package and writes the corpus and its reference file.
 *
 * @example
 * makeCorpus({ packageName: 'libreoffice-help-zh-tw', outDir: defaultOutDir('libreoffice-help-zh-tw') });
 */
export function makeCorpus(options: CorpusOptions): CorpusSummary {
  const outDir = path.resolve(options.outDir);
  const referencePath = referencePathFor(outDir);
  const { pages, sources } = readHelpPostSources(options.packageName);
  prepareOutDir(outDir);

  const references: string[] = [];
  let skippedFewHan = 0;
  let postBytes = 0;
  for (const { relativePath, source } of sources) {
    const post = renderPost(source, dateForKey(relativePath));
    if (countHan(post.referenceText) < MIN_HAN_CHARS) {
      skippedFewHan += 1;
      continue;
    }
    writeFileSync(path.join(outDir, `${source.id}.md`), post.fileText);
    postBytes += Buffer.byteLength(post.fileText);
    references.push(JSON.stringify({ id: source.id, title: source.title, text: post.referenceText }));
  }
  writeFileSync(referencePath, references.map((line) => `${line}\n`).join(''));
  return { outDir, referencePath, pages, written: references.length, skippedFewHan, postBytes };
}

function main(): void {
  const { values } = parseArgs({
    options: { package: { type: 'string', default: DEFAULT_PACKAGE }, out: { type: 'string' } },
    strict: true,
  });
  const packageName = values.package;
  const summary = makeCorpus({ packageName, outDir: values.out ?? defaultOutDir(packageName) });
  process.stdout.write(
    `${packageName}: ${summary.pages} help pages, ${summary.written} posts written ` +
      `(${(summary.postBytes / 1e6).toFixed(2)} MB), ${summary.skippedFewHan} skipped (< ${MIN_HAN_CHARS} Han characters)\n` +
      `posts:     ${summary.outDir}\nreference: ${summary.referencePath}\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`make-corpus: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
