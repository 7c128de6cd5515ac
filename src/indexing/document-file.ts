/**
 * The stored documents of a segment as one file: their metadata as JSON, their texts as one run of
 * UTF-16 code units, and the analyzer's fold of each text as the changes it makes. A loaded document
 * reads its text from that run when asked (a copy of its units, no UTF-8 decoding): a served index
 * holds each text once, as bytes, not as a string the garbage collector copies and traces, and only a
 * hit's snippet or a post page makes a string of it. The folds are applied, not computed again: a
 * copy of the units with the few changed ones written over (fullwidth punctuation, traditional
 * characters), about a third of a fold's time. It does not compress or check sums.
 *
 * File: magic 'ZHDC', format, document count, the byte length of the metadata, the byte length of
 * the texts; the metadata (UTF-8 JSON: the documents, each with `text` replaced by its length in
 * UTF-16 units); the texts, UTF-16LE, in document order; then per text its fold's changes as varints:
 * the number of spans, then per span its distance from the end of the span before × 2 + 1 when it
 * turns one unit into one (then that unit follows), × 2 otherwise (then its original length, its
 * folded length and the folded units).
 */
import type { FoldResult } from '../analysis/normalize.js';
import { foldChanges } from '../analysis/normalize.js';
import { ZhsearchError } from '../errors.js';
import type { StoredDocument } from './schema.js';
import { NO_PAUSE, type Pause } from './time-slice.js';
import { VarintReader, VarintWriter } from './varint.js';

const MAGIC = 0x4344485a; // 'ZHDC' little-endian
const FORMAT = 2;
const HEADER_BYTES = 20;

type DocumentMeta = Omit<StoredDocument, 'text'> & { text: number };

/** The documents of a segment with the folds of their texts. */
export interface DocumentsWithFolds {
  documents: StoredDocument[];
  /** `textFolds[i]` is the analyzer's fold of `documents[i].text`. */
  textFolds: FoldResult[];
}

/** The file of `documents` and their texts' folds (`textFolds[i]` of `documents[i]`), uncompressed. */
export function serializeDocuments(documents: readonly StoredDocument[], textFolds: readonly FoldResult[]): Buffer {
  const json = JSON.stringify(documents.map((doc): DocumentMeta => ({ ...doc, text: doc.text.length })));
  // Padded to an even length (JSON allows trailing space): with the 20-byte header, the texts start on a
  // two-byte boundary, so a load can view them as UTF-16 units and copy them whole.
  const meta = Buffer.from(Buffer.byteLength(json, 'utf8') % 2 === 0 ? json : `${json} `, 'utf8');
  const texts = documents.map((doc) => Buffer.from(doc.text, 'utf16le'));
  const changes = new VarintWriter();
  documents.forEach((doc, i) => {
    const { spans, numbers } = foldChanges(doc.text, textFolds[i]!);
    changes.next(spans);
    let end = 0;
    for (let at = 0; at < numbers.length; ) {
      const [originalAt, originalLength, foldedLength] = [numbers[at]!, numbers[at + 1]!, numbers[at + 2]!];
      const simple = originalLength === 1 && foldedLength === 1;
      changes.next((originalAt - end) * 2 + (simple ? 1 : 0));
      if (!simple) {
        changes.next(originalLength);
        changes.next(foldedLength);
      }
      for (let k = 0; k < foldedLength; k++) changes.next(numbers[at + 3 + k]!);
      end = originalAt + originalLength;
      at += 3 + foldedLength;
    }
  });
  const textBytes = texts.reduce((sum, text) => sum + text.length, 0);
  const header = Buffer.alloc(HEADER_BYTES);
  [MAGIC, FORMAT, documents.length, meta.length, textBytes].forEach((value, i) => header.writeUInt32LE(value, 4 * i));
  return Buffer.concat([header, meta, ...texts, changes.result()]);
}

/** A stored document whose text stays in its file's bytes until read. */
// The interface lends the class the document's other fields, which the constructor copies from the metadata.
interface StoredDocumentInFile extends Omit<StoredDocument, 'text'> {}
class StoredDocumentInFile implements StoredDocument {
  // Private fields: neither spread nor JSON-serialized with the document.
  readonly #bytes: Buffer;
  readonly #from: number;
  readonly #to: number;

  constructor(fields: DocumentMeta, bytes: Buffer, from: number, to: number) {
    const { text: _units, ...rest } = fields;
    Object.assign(this, rest);
    this.#bytes = bytes;
    this.#from = from;
    this.#to = to;
  }

  get text(): string {
    return this.#bytes.toString('utf16le', this.#from, this.#to);
  }
}

/**
 * The documents of a file `serializeDocuments` wrote, and their texts' folds; anything else, or another
 * number of documents than `docCount`, is INDEX_CORRUPT. `pause` runs after each document: a segment's
 * folds are tens of milliseconds of work, which a reload should not spend in one block.
 */
export async function parseDocuments(bytes: Buffer, docCount: number, location: string, pause: Pause = NO_PAUSE): Promise<DocumentsWithFolds> {
  const corrupt = (why: string, cause?: unknown): ZhsearchError =>
    new ZhsearchError('INDEX_CORRUPT', `The index file ${location} is corrupt: ${why}.`, cause === undefined ? {} : { cause });
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) throw corrupt('bad header');
  if (bytes.readUInt32LE(4) !== FORMAT) throw corrupt('unknown documents format');
  if (bytes.readUInt32LE(8) !== docCount) throw corrupt('its document count does not match the manifest');
  const metaEnd = HEADER_BYTES + bytes.readUInt32LE(12);
  const textsEnd = metaEnd + bytes.readUInt32LE(16);
  if (textsEnd > bytes.length) throw corrupt('cut short');
  let meta: unknown;
  try {
    meta = JSON.parse(bytes.toString('utf8', HEADER_BYTES, metaEnd));
  } catch (error) {
    throw corrupt('its metadata is not JSON', error);
  }
  if (!Array.isArray(meta) || meta.length !== docCount) throw corrupt('its documents do not match the manifest');
  let at = metaEnd;
  const documents: StoredDocument[] = [];
  const changes = new VarintReader(bytes, textsEnd, bytes.length, corrupt);
  const folded = new FoldedTexts((textsEnd - metaEnd) / 2);
  for (const doc of meta as unknown[]) {
    if (!isDocumentMeta(doc)) throw corrupt('a document is not one of ours');
    const units = doc.text;
    if (at + 2 * units > textsEnd) throw corrupt('a text runs past the texts');
    documents.push(new StoredDocumentInFile(doc, bytes, at, at + 2 * units));
    readFold(changes, unitsOf(bytes, at, units), folded, corrupt);
    at += 2 * units;
    await pause();
  }
  if (at !== textsEnd) throw corrupt('the texts are not the length the header gives');
  if (changes.at !== bytes.length) throw corrupt('bytes after the folds');
  return { documents, textFolds: folded.finish() };
}

/**
 * The folded texts of a segment's documents, written one after the other into one run of units that
 * becomes one string, each text a slice of it. One string of tens of megabytes is allocated where the
 * collector never moves it, and its slices are small objects pointing into it; thousands of texts of a
 * few kilobytes each were each copied by the collector, once or twice, as a load kept them.
 */
class FoldedTexts {
  private units: Uint16Array;
  private length = 0;
  private readonly ends: number[] = [];
  private readonly shifts: Array<Uint32Array | null> = [];

  constructor(expectedUnits: number) {
    this.units = new Uint16Array(expectedUnits + 1024);
  }

  /** Room for `more` units after those written; the run they go to (valid until the next reserve). */
  reserve(more: number): Uint16Array {
    if (this.length + more > this.units.length) {
      const grown = new Uint16Array(Math.max(this.length + more, Math.ceil(this.units.length * 1.25)));
      grown.set(this.units.subarray(0, this.length));
      this.units = grown;
    }
    return this.units;
  }

  /** Appends units (`reserve` made room). */
  append(from: Uint16Array): void {
    this.units.set(from, this.length);
    this.length += from.length;
  }

  push(unit: number): void {
    this.units[this.length++] = unit;
  }

  /** Drops what was written after `length` units. */
  truncate(length: number): void {
    this.length = length;
  }

  get written(): number {
    return this.length;
  }

  /** Ends the current text, whose fold changed lengths at `shifts` (offsets from its start). */
  endText(shifts: number[] | null): void {
    this.ends.push(this.length);
    this.shifts.push(shifts === null ? null : Uint32Array.from(shifts));
  }

  finish(): FoldResult[] {
    const all = Buffer.from(this.units.buffer, this.units.byteOffset, this.length * 2).toString('utf16le');
    return this.ends.map((end, i) => ({ text: all.slice(i === 0 ? 0 : this.ends[i - 1]!, end), shifts: this.shifts[i]! }));
  }
}

/**
 * The fold of a text (`original`, its units), from its changes in `changes` (see the file layout),
 * appended to `folded`: the original units copied whole, the changed spans written over. Shifts are the
 * spans whose length changed, as the analyzer's fold records them.
 */
function readFold(changes: VarintReader, original: Uint16Array, folded: FoldedTexts, corrupt: (why: string) => ZhsearchError): void {
  const units = original.length;
  const start = folded.written;
  const changesAt = changes.at;
  const spans = changes.next();
  // Most folds keep every length (a unit for a unit): the original goes in whole and the changed units
  // are written over it. A span that changes length sends the text through the general path below.
  const target = folded.reserve(units);
  folded.append(original);
  let end = 0;
  let span = 0;
  for (; span < spans; span++) {
    const packed = changes.next();
    if (packed % 2 === 0) break;
    const originalAt = end + (packed - 1) / 2;
    if (originalAt >= units) throw corrupt('a fold does not fit its text');
    const unit = changes.next();
    if (unit > 0xffff) throw corrupt('a folded unit is not a UTF-16 unit');
    target[start + originalAt] = unit;
    end = originalAt + 1;
  }
  if (span === spans) {
    folded.endText(null);
    return;
  }
  folded.truncate(start);
  changes.at = changesAt;
  changes.next();
  let copied = 0;
  let shifts: number[] | null = null;
  for (let span = 0; span < spans; span++) {
    const packed = changes.next();
    const originalAt = copied + Math.floor(packed / 2);
    const simple = packed % 2 === 1;
    const originalLength = simple ? 1 : changes.next();
    const foldedLength = simple ? 1 : changes.next();
    if (originalAt + originalLength > units) throw corrupt('a fold does not fit its text');
    folded.reserve(originalAt - copied + foldedLength + (units - originalAt - originalLength));
    folded.append(original.subarray(copied, originalAt));
    if (foldedLength !== originalLength) (shifts ??= []).push(folded.written - start, foldedLength, originalAt, originalLength);
    for (let i = 0; i < foldedLength; i++) {
      const unit = changes.next();
      if (unit > 0xffff) throw corrupt('a folded unit is not a UTF-16 unit');
      folded.push(unit);
    }
    copied = originalAt + originalLength;
  }
  folded.reserve(units - copied);
  folded.append(original.subarray(copied, units));
  folded.endText(shifts);
}

/** The UTF-16 units of `bytes` from byte `at`: a view when aligned (the file aligns them), else a copy. */
function unitsOf(bytes: Buffer, at: number, units: number): Uint16Array {
  const offset = bytes.byteOffset + at;
  if (offset % 2 === 0) return new Uint16Array(bytes.buffer, offset, units);
  const copy = new Uint16Array(units);
  for (let i = 0; i < units; i++) copy[i] = bytes.readUInt16LE(at + 2 * i);
  return copy;
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
