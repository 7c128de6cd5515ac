/**
 * One segment of an index: a batch of documents indexed together (stored documents, word index,
 * n-gram postings, suggestion vocabulary) and its files. A full build writes one segment; an
 * update adds one segment of the changed posts and marks their old copies deleted. Segments are
 * immutable once written, so a new generation can share them with the old one.
 */
import { promisify } from 'node:util';
import { brotliCompressSync, brotliDecompress, constants as zlib, gunzip, gzipSync } from 'node:zlib';
import type { Analyzer } from '../analysis/analyzer.js';
import type { FoldResult } from '../analysis/normalize.js';
import { ZhsearchError } from '../errors.js';
import { parseDocuments, serializeDocuments, type DocumentsWithFolds } from './document-file.js';
import { NgramStore } from './ngram-store.js';
import { NgramStoreBuilder } from './ngram-store-builder.js';
import { SEARCH_FIELDS, type SearchField, type StoredDocument } from './schema.js';
import { analyzeField, SuggestionCollector, type SuggestionLimits } from './suggestion-collector.js';
import { SuggestionData } from './suggestion-data.js';
import { NO_PAUSE, type Pause } from './time-slice.js';
import { DEFAULT_WORD_INDEX, WordIndex, type WordIndexKind } from './word-index.js';

export interface SegmentParts {
  documents: StoredDocument[];
  /** The analyzer's fold of each document's title and text (the text's is stored with the documents). */
  folds: Record<SearchField, FoldResult[]>;
  words: WordIndex;
  ngrams: Record<SearchField, NgramStore>;
  suggestions: SuggestionData;
}

/**
 * A segment as a load reads it: its suggestion vocabulary stays on disk, for the next save's merge
 * (a generation keeps its segments' vocabularies merged in one file of its own).
 */
export type ReadSegmentParts = Omit<SegmentParts, 'suggestions'>;

/**
 * The files of a segment folder, in the order they are written; a segment has one of the two word
 * index files, the one of its word index's kind (WORD_FILES). Those named `.br` are Brotli-compressed
 * and those named `.gz` gzip-compressed, and a load decompresses them on libuv's thread pool, off the
 * event loop. The postings files are not: they are compact already, and a load reads them in place
 * instead of decoding them.
 */
export const SEGMENT_FILES = {
  documents: 'documents.bin.gz',
  words: 'words.json.br',
  wordPostings: 'words.bin',
  titleNgrams: 'ngrams-title.bin',
  textNgrams: 'ngrams-text.bin',
  suggestions: 'suggestions.json.br',
} as const;

/** The word index file of each kind of word index. */
export const WORD_FILES = { minisearch: SEGMENT_FILES.words, postings: SEGMENT_FILES.wordPostings } as const satisfies Record<WordIndexKind, string>;

/**
 * JSON files: Brotli quality 5. Measured on a 5k-post segment against gzip level 1: MiniSearch JSON
 * 18.5 → 14.8 MB for ~1 s more compression in the build worker; qualities 6–7 save 2–3 % more for 2–3×
 * the time. The documents file (texts as UTF-16): gzip level 6, as small as Brotli 5 there (22.35 against
 * 22.22 MB for a 5k-post segment), compressed in half the time (0.76 against 1.53 s) and decompressed
 * 15 % faster (154 against 180 ms).
 */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;
const brotli = promisify(brotliDecompress);
const gunzipped = promisify(gunzip);
/** Output chunk of the thread-pool decompression: the default 16 KiB makes a thousand round trips per file. */
const DECOMPRESS_CHUNK = 1 << 22;

export type SegmentFileName = (typeof SEGMENT_FILES)[keyof typeof SEGMENT_FILES];

const SEGMENT_NAME = /^seg-(\d{6,})$/;

/** `seg-000001`, `seg-000002`, …: the name after the highest of `existing`. */
export function nextSegmentName(existing: readonly string[]): string {
  const highest = Math.max(0, ...existing.map((name) => Number(SEGMENT_NAME.exec(name)?.[1] ?? 0)));
  return `seg-${String(highest + 1).padStart(6, '0')}`;
}

export function isSegmentName(name: string): boolean {
  return SEGMENT_NAME.test(name);
}

/**
 * The files of a segment, in write order, given which of its possible files exist (`has`, asked with
 * the file's name): the word postings file when there is one, else MiniSearch's.
 */
export function segmentFileNames(has: (file: SegmentFileName) => boolean): SegmentFileName[] {
  const words = has(SEGMENT_FILES.wordPostings) ? SEGMENT_FILES.wordPostings : SEGMENT_FILES.words;
  return Object.values(SEGMENT_FILES).filter((file) => file === words || (file !== SEGMENT_FILES.words && file !== SEGMENT_FILES.wordPostings));
}

export interface BuildSegmentOptions {
  onProgress?: (done: number, total: number) => void;
  suggestionLimits?: Partial<SuggestionLimits>;
  /** How the segment holds its word index (config `wordIndex`). */
  wordIndex?: WordIndexKind;
}

/** Indexes `documents` (ids must be unique) with `analyzer` as one segment. */
export function buildSegment(
  documents: readonly StoredDocument[],
  analyzer: Analyzer,
  { onProgress, suggestionLimits, wordIndex = DEFAULT_WORD_INDEX }: BuildSegmentOptions = {},
): SegmentParts {
  const words = WordIndex.create(wordIndex);
  const suggestions = new SuggestionCollector(analyzer, suggestionLimits);
  const builders = { title: new NgramStoreBuilder(), text: new NgramStoreBuilder() };
  const folds: Record<SearchField, FoldResult[]> = { title: [], text: [] };
  const seen = new Set<string>();
  documents.forEach((doc, number) => {
    if (seen.has(doc.id)) throw new Error(`duplicate document id ${doc.id}`);
    seen.add(doc.id);
    // One fold and one jieba pass per field feed the n-grams, the word index and the suggestions.
    const terms = {} as Record<SearchField, string[]>;
    const fields = SEARCH_FIELDS.map((name) => {
      const field = analyzeField(analyzer, doc[name]);
      folds[name].push(field.folded);
      builders[name].startDocument(number);
      analyzer.visitNgrams(field.folded.text, builders[name]);
      terms[name] = analyzer.termsOfWordTokens(field.tokens);
      return field;
    });
    words.add(number, terms);
    suggestions.addPost(fields);
    onProgress?.(number + 1, documents.length);
  });
  const ngrams = { title: builders.title.build(), text: builders.text.build() };
  return { documents: [...documents], folds, words, ngrams, suggestions: suggestions.finish() };
}

/** The bytes of each file of a segment as stored, in write order. */
export function serializeSegment(parts: SegmentParts): Array<[SegmentFileName, Buffer]> {
  const files: Array<[SegmentFileName, Buffer]> = [
    [SEGMENT_FILES.documents, serializeDocuments(parts.documents, parts.folds.text)],
    [WORD_FILES[parts.words.kind], parts.words.serialize()],
    [SEGMENT_FILES.titleNgrams, parts.ngrams.title.serialize()],
    [SEGMENT_FILES.textNgrams, parts.ngrams.text.serialize()],
    [SEGMENT_FILES.suggestions, parts.suggestions.serialize()],
  ];
  return files.map(([name, bytes]) => [name, name.endsWith('.gz') ? gzipSync(bytes, { level: GZIP_LEVEL }) : isCompressed(name) ? compressSegmentFile(bytes) : bytes]);
}

function isCompressed(name: SegmentFileName): boolean {
  return name.endsWith('.br') || name.endsWith('.gz');
}

/** A compressed segment file's bytes as stored. */
export function compressSegmentFile(bytes: Buffer): Buffer {
  return brotliCompressSync(bytes, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
}

/**
 * The output chunk for a gzip file: its whole decompressed size, which gzip records in its last four
 * bytes, so that the output comes as one buffer instead of chunks copied together on the event loop
 * (an eighth of a 100k-post load's main-thread time). A size that cannot be right gets the usual chunk.
 */
function gzipChunk(bytes: Buffer): number {
  const size = bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  return size >= 1 << 16 && size <= MAX_GZIP_CHUNK ? size : DECOMPRESS_CHUNK;
}

/** The largest output chunk asked for (a bigger gzip file decompresses in DECOMPRESS_CHUNK pieces). */
const MAX_GZIP_CHUNK = 1 << 30;

/**
 * Decompresses a segment file as stored, by the ending of its name (`location`): gzip for `.gz`, else
 * Brotli; a file that is not that (or is cut short) is INDEX_CORRUPT.
 */
async function decompressSegmentFile(bytes: Buffer, location: string): Promise<Buffer> {
  const gzip = location.endsWith('.gz');
  try {
    return await (gzip ? gunzipped : brotli)(bytes, { chunkSize: gzip ? gzipChunk(bytes) : DECOMPRESS_CHUNK });
  } catch (error) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index file ${location} is not a complete ${gzip ? 'gzip' : 'Brotli'} file.`, { cause: error });
  }
}

/**
 * Parses a segment's stored documents and their texts' folds (as stored, compressed); anything else than
 * `docCount` documents is INDEX_CORRUPT.
 */
export async function parseSegmentDocuments(stored: Buffer, docCount: number, location: string, pause: Pause = NO_PAUSE): Promise<DocumentsWithFolds> {
  return parseDocuments(await decompressSegmentFile(stored, location), docCount, location, pause);
}

/** A segment's suggestion vocabulary from its file as stored. */
export async function parseSegmentSuggestions(stored: Buffer, location: string): Promise<SuggestionData> {
  return SuggestionData.deserialize(await decompressSegmentFile(stored, location), location);
}

/** A vocabulary as a generation stores it (`GENERATION_SUGGESTIONS_FILE`): compressed like a segment's. */
export function serializeSuggestions(suggestions: SuggestionData): Buffer {
  return compressSegmentFile(suggestions.serialize());
}

/**
 * Reads a segment's files back as stored (checksums are the caller's business): those
 * `segmentFileNames` names but its suggestions. `pause` runs between the steps, each of which is one
 * synchronous block.
 */
export async function deserializeSegment(
  stored: Readonly<Partial<Record<SegmentFileName, Buffer>>>,
  docCount: number,
  segmentName: string,
  pause: () => Promise<void>,
  foldTitle: (title: string) => FoldResult,
): Promise<ReadSegmentParts> {
  const where = (file: string): string => `${segmentName}/${file}`;
  const kind: WordIndexKind = stored[SEGMENT_FILES.wordPostings] === undefined ? 'minisearch' : 'postings';
  const wordFile = WORD_FILES[kind];
  const fileOf = (name: SegmentFileName): Buffer => {
    const bytes = stored[name];
    if (bytes === undefined) throw new ZhsearchError('INDEX_CORRUPT', `The index has no ${where(name)}.`);
    return bytes;
  };
  const readable = (name: SegmentFileName): Promise<Buffer> =>
    isCompressed(name) ? decompressSegmentFile(fileOf(name), where(name)) : Promise.resolve(fileOf(name));
  // The compressed files decompress at once on the thread pool; the documents parse as soon as theirs is done.
  const [{ documents, textFolds }, wordBytes] = await Promise.all([
    parseSegmentDocuments(fileOf(SEGMENT_FILES.documents), docCount, where(SEGMENT_FILES.documents), pause),
    readable(wordFile),
  ]);
  await pause();
  let words: WordIndex;
  try {
    words = await WordIndex.load(wordBytes, kind, where(wordFile), pause);
  } catch (error) {
    if (error instanceof ZhsearchError) throw error;
    throw new ZhsearchError('INDEX_CORRUPT', `The index file ${where(wordFile)} could not be loaded.`, { cause: error });
  }
  await pause();
  const title = NgramStore.open(fileOf(SEGMENT_FILES.titleNgrams), where(SEGMENT_FILES.titleNgrams));
  const text = NgramStore.open(fileOf(SEGMENT_FILES.textNgrams), where(SEGMENT_FILES.textNgrams));
  // Titles are short: folded again rather than stored folded (texts' folds are read from the file).
  const titleFolds = documents.map((doc) => foldTitle(doc.title));
  await pause();
  return { documents, folds: { title: titleFolds, text: textFolds }, words, ngrams: { title, text } };
}
