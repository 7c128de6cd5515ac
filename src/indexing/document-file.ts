/**
 * The stored documents of a segment as one file: their metadata as JSON, their texts as one run of
 * UTF-16 code units. A loaded document reads its text from that run when asked (a copy of its units,
 * no UTF-8 decoding): a served index holds each text once, as bytes, not as a string the garbage
 * collector copies and traces, and only a hit's snippet or a post page makes a string of it.
 * It does not compress or check sums.
 *
 * File: magic 'ZHDC', format, document count, the byte length of the metadata; the metadata (UTF-8
 * JSON: the documents, each with `text` replaced by its length in UTF-16 units); the texts, UTF-16LE,
 * in document order.
 */
import { ZhsearchError } from '../errors.js';
import type { StoredDocument } from './schema.js';

const MAGIC = 0x4344485a; // 'ZHDC' little-endian
const FORMAT = 1;
const HEADER_BYTES = 16;

type DocumentMeta = Omit<StoredDocument, 'text'> & { text: number };

/** The file of `documents`, uncompressed. */
export function serializeDocuments(documents: readonly StoredDocument[]): Buffer {
  const meta = Buffer.from(JSON.stringify(documents.map((doc): DocumentMeta => ({ ...doc, text: doc.text.length }))), 'utf8');
  const texts = documents.map((doc) => Buffer.from(doc.text, 'utf16le'));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(FORMAT, 4);
  header.writeUInt32LE(documents.length, 8);
  header.writeUInt32LE(meta.length, 12);
  return Buffer.concat([header, meta, ...texts]);
}

/** A stored document whose text stays in its file's bytes until read. */
class StoredDocumentInFile implements StoredDocument {
  id: string;
  path: string;
  title: string;
  date: string | null;
  categories: string[];
  tags: string[];
  author: string | null;
  url: string | null;
  editor: string | null;
  meta: Record<string, unknown>;
  contentHash: string;
  // Private fields: neither spread nor JSON-serialized with the document.
  readonly #bytes: Buffer;
  readonly #from: number;
  readonly #to: number;

  constructor(fields: DocumentMeta, bytes: Buffer, from: number, to: number) {
    this.id = fields.id;
    this.path = fields.path;
    this.title = fields.title;
    this.date = fields.date;
    this.categories = fields.categories;
    this.tags = fields.tags;
    this.author = fields.author;
    this.url = fields.url;
    this.editor = fields.editor;
    this.meta = fields.meta;
    this.contentHash = fields.contentHash;
    this.#bytes = bytes;
    this.#from = from;
    this.#to = to;
  }

  get text(): string {
    return this.#bytes.toString('utf16le', this.#from, this.#to);
  }
}

/**
 * The documents of a file `serializeDocuments` wrote; anything else, or another number of documents
 * than `docCount`, is INDEX_CORRUPT.
 */
export function parseDocuments(bytes: Buffer, docCount: number, location: string): StoredDocument[] {
  const corrupt = (why: string, cause?: unknown): ZhsearchError =>
    new ZhsearchError('INDEX_CORRUPT', `The index file ${location} is corrupt: ${why}.`, cause === undefined ? {} : { cause });
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) throw corrupt('bad header');
  if (bytes.readUInt32LE(4) !== FORMAT) throw corrupt('unknown documents format');
  if (bytes.readUInt32LE(8) !== docCount) throw corrupt('its document count does not match the manifest');
  const metaEnd = HEADER_BYTES + bytes.readUInt32LE(12);
  if (metaEnd > bytes.length) throw corrupt('cut short');
  let meta: unknown;
  try {
    meta = JSON.parse(bytes.toString('utf8', HEADER_BYTES, metaEnd));
  } catch (error) {
    throw corrupt('its metadata is not JSON', error);
  }
  if (!Array.isArray(meta) || meta.length !== docCount) throw corrupt('its documents do not match the manifest');
  let at = metaEnd;
  const documents: StoredDocument[] = [];
  for (const doc of meta as unknown[]) {
    if (!isDocumentMeta(doc)) throw corrupt('a document is not one of ours');
    const units = doc.text;
    if (at + 2 * units > bytes.length) throw corrupt('a text runs past the file');
    documents.push(new StoredDocumentInFile(doc, bytes, at, at + 2 * units));
    at += 2 * units;
  }
  if (at !== bytes.length) throw corrupt('bytes after the texts');
  return documents;
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isTextOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** The metadata of one document as serializeDocuments wrote it (so that every field is what its type says). */
function isDocumentMeta(value: unknown): value is DocumentMeta {
  if (typeof value !== 'object' || value === null) return false;
  const doc = value as Record<string, unknown>;
  return (
    [doc['id'], doc['path'], doc['title'], doc['contentHash']].every(isText) &&
    [doc['date'], doc['author'], doc['url'], doc['editor']].every(isTextOrNull) &&
    Array.isArray(doc['categories']) &&
    doc['categories'].every(isText) &&
    Array.isArray(doc['tags']) &&
    doc['tags'].every(isText) &&
    typeof doc['meta'] === 'object' &&
    doc['meta'] !== null &&
    typeof doc['text'] === 'number' &&
    Number.isInteger(doc['text']) &&
    doc['text'] >= 0
  );
}
