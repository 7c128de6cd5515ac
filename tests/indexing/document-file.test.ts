import { describe, expect, it } from 'vitest';
import { parseDocuments, serializeDocuments } from '../../src/indexing/document-file.js';
import type { StoredDocument } from '../../src/indexing/schema.js';
import { storedDocument } from '../helpers/tiny-index.js';

const documents: StoredDocument[] = [
  storedDocument({ id: 'a', title: '核酸检测', text: '全员核酸检测。\n第二行😀𠀀', tags: ['防疫'], categories: ['新闻/国内'], date: '2022-01-25T05:09:09.000Z' }),
  storedDocument({ id: 'b', title: 'empty', text: '' }),
  storedDocument({ id: 'c', title: 'lone', text: 'x\ud800y', author: '新浪财经', meta: { source: 'x' } }),
];

const plain = (doc: StoredDocument): Record<string, unknown> => ({ ...doc, text: doc.text });

describe('the documents file', () => {
  it('reads back every field of every document, texts exactly (lone surrogates too)', () => {
    const read = parseDocuments(serializeDocuments(documents), documents.length, 'x');
    expect(read.map(plain)).toEqual(documents.map(plain));
  });

  it('writes a read document back as it was (an update re-indexes stored documents)', () => {
    const bytes = serializeDocuments(documents);
    const again = serializeDocuments(parseDocuments(bytes, documents.length, 'x'));
    expect(parseDocuments(again, documents.length, 'x').map(plain)).toEqual(documents.map(plain));
    expect(again.length).toBe(bytes.length);
  });

  it('is INDEX_CORRUPT when the count, the metadata or the texts do not fit', () => {
    const bytes = serializeDocuments(documents);
    const metaEnd = 16 + bytes.readUInt32LE(12);
    const withMeta = (meta: unknown): Buffer => {
      const json = Buffer.from(JSON.stringify(meta), 'utf8');
      const header = Buffer.from(bytes.subarray(0, 16));
      header.writeUInt32LE(json.length, 12);
      return Buffer.concat([header, json, bytes.subarray(metaEnd)]);
    };
    const original = JSON.parse(bytes.toString('utf8', 16, metaEnd)) as Array<Record<string, unknown>>;
    const broken = [
      bytes.subarray(0, bytes.length - 2),
      Buffer.concat([bytes, Buffer.alloc(2)]),
      withMeta(original.map((doc, i) => (i === 0 ? { ...doc, text: 'long' } : doc))),
      withMeta(original.map((doc, i) => (i === 1 ? { ...doc, tags: [1] } : doc))),
      withMeta(original.map((doc, i) => (i === 2 ? { ...doc, id: null } : doc))),
      withMeta(original.slice(1)),
    ];
    for (const bad of broken) expect(() => parseDocuments(bad, documents.length, 'x')).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    expect(() => parseDocuments(bytes, documents.length + 1, 'x')).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});
