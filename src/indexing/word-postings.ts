/**
 * A segment's word index held as compact postings: one NgramStore per field, keyed by analyzer terms
 * instead of n-grams (the store does not care what its keys are). It answers the word index's one
 * question with sorted list intersections, and loads as two byte buffers read in place instead of
 * MiniSearch's millions of Maps.
 *
 * File: magic 'ZHWP', format, the byte length of the title store; then the title store's bytes and
 * the text store's (ngram-store.ts format), each checked by its own header and read in place.
 */
import { ZhsearchError } from '../errors.js';
import { NgramStore, type Postings } from './ngram-store.js';
import { NgramStoreBuilder } from './ngram-store-builder.js';
import { SEARCH_FIELDS, type SearchField } from './schema.js';
import { intersectDocs, unionDocs } from './sorted-docs.js';
import type { FieldTerms, WordStore } from './word-store.js';

const MAGIC = 0x5057485a; // 'ZHWP' little-endian
const FORMAT = 2;
const HEADER_BYTES = 12;
const EMPTY = new Uint32Array(0);

type Stores = Record<SearchField, NgramStore>;

export class PostingsWords implements WordStore {
  readonly kind = 'postings';
  private builders: Record<SearchField, NgramStoreBuilder> | null;
  private frozen: Stores | null;

  constructor(stores: Stores | null = null) {
    this.frozen = stores;
    this.builders = stores === null ? { title: new NgramStoreBuilder(), text: new NgramStoreBuilder() } : null;
  }

  /**
   * Opens what `serialize` wrote, in place (the stores read their postings from `saved` as lookups ask).
   * @throws ZhsearchError INDEX_CORRUPT when `saved` is not such a file.
   */
  static open(saved: Buffer, fileName: string): PostingsWords {
    if (saved.length < HEADER_BYTES || saved.readUInt32LE(0) !== MAGIC) throw corrupt(fileName, 'bad header');
    if (saved.readUInt32LE(4) !== FORMAT) throw corrupt(fileName, 'unknown word postings format');
    const titleEnd = HEADER_BYTES + saved.readUInt32LE(8);
    if (titleEnd > saved.length) throw corrupt(fileName, 'cut short');
    const title = NgramStore.open(saved.subarray(HEADER_BYTES, titleEnd), fileName);
    const text = NgramStore.open(saved.subarray(titleEnd), fileName);
    return new PostingsWords({ title, text });
  }

  /** Documents must arrive in ascending order, as a segment's do. */
  add(docNumber: number, terms: FieldTerms): void {
    if (this.builders === null) throw new Error('a word index cannot take documents once it has been read or saved');
    for (const field of SEARCH_FIELDS) {
      // As n-grams: the builder counts short keys within the document, cheaper than a Map of the terms.
      const builder = this.builders[field];
      builder.startDocument(docNumber);
      for (const term of terms[field]) {
        if (term.length > 2) builder.long(term);
        else if (term.length > 0) builder.short(term.charCodeAt(0), term.length === 2 ? term.charCodeAt(1) : -1);
      }
    }
  }

  /** The stores; a segment being built turns its builders into them the first time it is read or saved. */
  private stores(): Stores {
    if (this.frozen === null) {
      const builders = this.builders!;
      this.frozen = { title: builders.title.build(), text: builders.text.build() };
      this.builders = null;
    }
    return this.frozen;
  }

  docsWithAll(terms: readonly string[], fields: readonly SearchField[], accept: (local: number) => boolean): number[] {
    const stores = this.stores();
    const holdings = terms.map((term) => fields.map((field) => stores[field].lookup(term).docs).reduce(unionDocs, EMPTY));
    return intersectDocs(holdings).filter(accept);
  }

  postingsOf(term: string, field: SearchField): Postings {
    return this.stores()[field].lookup(term);
  }

  serialize(): Buffer {
    const { title, text } = this.stores();
    const titleBytes = title.serialize();
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(FORMAT, 4);
    header.writeUInt32LE(titleBytes.length, 8);
    return Buffer.concat([header, titleBytes, text.serialize()]);
  }
}

function corrupt(fileName: string, why: string): ZhsearchError {
  return new ZhsearchError('INDEX_CORRUPT', `Index file ${fileName} is corrupt: ${why}.`);
}
