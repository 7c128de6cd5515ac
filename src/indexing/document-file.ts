/**
 * The stored documents of a segment as one file: their metadata as JSON, their texts as one run of
 * UTF-16 code units. A load turns each text into a string by copying its units (no UTF-8 decoding,
 * which took four times as long as the JSON parse for Chinese text). It does not compress or check sums.
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
  const documents = meta as Array<Record<string, unknown>>;
  for (const doc of documents) {
    if (typeof doc !== 'object' || doc === null) throw corrupt('a document is not an object');
    const units = doc['text'];
    if (typeof units !== 'number' || !Number.isInteger(units) || units < 0) throw corrupt('a document has no text length');
    if (at + 2 * units > bytes.length) throw corrupt('a text runs past the file');
    doc['text'] = bytes.toString('utf16le', at, at + 2 * units);
    at += 2 * units;
  }
  if (at !== bytes.length) throw corrupt('bytes after the texts');
  return documents as unknown as StoredDocument[];
}
