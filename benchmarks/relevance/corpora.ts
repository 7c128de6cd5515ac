/**
 * The relevance corpora: Debian Chinese documentation packages written as decorated Hexo posts under
 * benchmarks/.corpus/relevance/<name>/, plus the reference text (title + body blocks) of each. No queries.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fetchDebianPackage } from '../corpus/debian-package.js';
import { dateForKey, renderPost, type PostSource } from '../corpus/hexo-post.js';
import { parseManual } from '../corpus/html-sections.js';
import { BENCHMARKS_DIR, MIN_HAN_CHARS, countHan, listHtmlFiles, readHelpPostSources } from '../corpus/make-corpus.js';
import { decoratePost } from '../corpus/site-boilerplate.js';
import type { ReferencePost } from '../engine/queries.js';

export const CORPUS_NAMES = ['lo-zh-cn', 'lo-zh-tw', 'edu-zh-cn', 'kicad-zh'] as const;
export type CorpusName = (typeof CORPUS_NAMES)[number];

export interface CorpusSpec {
  name: CorpusName;
  packageName: string;
  /** The script of the text: decides which way the `trad` queries are converted. */
  script: 'simplified' | 'traditional';
}

export const CORPORA: Readonly<Record<CorpusName, CorpusSpec>> = {
  'lo-zh-cn': { name: 'lo-zh-cn', packageName: 'libreoffice-help-zh-cn', script: 'simplified' },
  'lo-zh-tw': { name: 'lo-zh-tw', packageName: 'libreoffice-help-zh-tw', script: 'traditional' },
  'edu-zh-cn': { name: 'edu-zh-cn', packageName: 'debian-edu-doc-zh-cn', script: 'simplified' },
  'kicad-zh': { name: 'kicad-zh', packageName: 'kicad-doc-zh', script: 'simplified' },
};

export interface WrittenCorpus {
  spec: CorpusSpec;
  /** Folder of post files (the zhsearch input). */
  dir: string;
  referencePath: string;
  posts: ReferencePost[];
  /** Every source post, before the short ones were dropped. */
  candidates: number;
  skippedFewHan: number;
  postBytes: number;
  withBoilerplate: number;
  withLeadingBlankLine: number;
}

const CACHE_DIR = path.join(BENCHMARKS_DIR, '.work');
const CORPUS_ROOT = path.join(BENCHMARKS_DIR, '.corpus', 'relevance');
const MARKER_FILE = '.relevance-corpus';

/** Section posts of every single-page HTML manual under `docDir` (one post per h2/h3). */
function manualSources(docDir: string, idPrefix: (file: string) => string): PostSource[] {
  const manuals = listHtmlFiles(docDir).map((file) => ({ file, manual: parseManual(readFileSync(path.join(docDir, file), 'utf8')) }));
  const headingCount = new Map<string, number>();
  for (const { manual } of manuals) {
    for (const section of manual.sections) headingCount.set(section.heading, (headingCount.get(section.heading) ?? 0) + 1);
  }
  const sources: PostSource[] = [];
  for (const { file, manual } of manuals) {
    manual.sections.forEach((section, i) => {
      // A heading seen twice (the same chapter in two manuals) is told apart by its manual's title.
      const repeated = (headingCount.get(section.heading) ?? 0) > 1;
      sources.push({
        id: `${idPrefix(file)}-${String(i + 1).padStart(3, '0')}`,
        title: repeated ? `${manual.title}：${section.heading}` : section.heading,
        categories: [manual.title],
        tags: [],
        blocks: section.blocks,
      });
    });
  }
  return sources;
}

function findDir(rootDir: string, relative: string): string {
  const dir = path.join(rootDir, relative);
  if (!existsSync(dir)) throw new Error(`expected ${relative} in the unpacked package at ${rootDir}`);
  return dir;
}

/** The post sources of a corpus, in a fixed order. */
function readSources(spec: CorpusSpec): PostSource[] {
  switch (spec.name) {
    case 'lo-zh-cn':
    case 'lo-zh-tw':
      return readHelpPostSources(spec.packageName).sources.map(({ source }) => source);
    case 'edu-zh-cn': {
      const { rootDir } = fetchDebianPackage(spec.packageName, CACHE_DIR);
      const docDir = findDir(rootDir, 'usr/share/doc/debian-edu-doc-zh-cn');
      // debian-edu-bookworm-manual.html → bookworm
      return manualSources(docDir, (file) => file.replace(/^debian-edu-/, '').replace(/-manual\.html$/, ''));
    }
    case 'kicad-zh': {
      const { rootDir } = fetchDebianPackage(spec.packageName, CACHE_DIR);
      const docDir = findDir(rootDir, 'usr/share/doc/kicad/help/zh');
      return manualSources(docDir, (file) => file.replace(/\.html$/, ''));
    }
  }
}

function prepareOutDir(outDir: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !existsSync(path.join(outDir, MARKER_FILE))) {
    throw new Error(`${outDir} is not empty and was not made by the relevance benchmark`);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, MARKER_FILE), 'made by benchmarks/relevance/corpora.ts\n');
}

/**
 * Downloads (or reuses) the package and writes the corpus: posts with fewer than 50 Han
 * characters of reference text are left out, as in make-corpus.
 *
 * @example
 * writeCorpus(CORPORA['kicad-zh']).posts.length
 */
export function writeCorpus(spec: CorpusSpec): WrittenCorpus {
  const sources = readSources(spec);
  const dir = path.join(CORPUS_ROOT, spec.name);
  const referencePath = path.join(CORPUS_ROOT, `${spec.name}.reference.jsonl`);
  prepareOutDir(dir);
  const posts: ReferencePost[] = [];
  const seen = new Set<string>();
  let postBytes = 0;
  let withBoilerplate = 0;
  let withLeadingBlankLine = 0;
  for (const source of sources) {
    if (seen.has(source.id)) throw new Error(`two posts of ${spec.name} have the id ${source.id}`);
    seen.add(source.id);
    const rendered = renderPost(source, dateForKey(`${spec.name}/${source.id}`));
    if (countHan(`${source.title}\n${rendered.referenceText}`) < MIN_HAN_CHARS) continue;
    const { fileText, decorations } = decoratePost(source.id, rendered.fileText);
    writeFileSync(path.join(dir, `${source.id}.md`), fileText);
    postBytes += Buffer.byteLength(fileText);
    if (decorations.promo || decorations.editor || decorations.style || decorations.comments) withBoilerplate += 1;
    if (decorations.leadingBlankLine) withLeadingBlankLine += 1;
    posts.push({ id: source.id, title: source.title, text: rendered.referenceText });
  }
  writeFileSync(referencePath, posts.map((post) => `${JSON.stringify(post)}\n`).join(''));
  return {
    spec, dir, referencePath, posts, candidates: sources.length, skippedFewHan: sources.length - posts.length,
    postBytes, withBoilerplate, withLeadingBlankLine,
  };
}
