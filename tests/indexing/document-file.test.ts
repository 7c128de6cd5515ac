import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../src/analysis/normalize.js';
import { parseDocuments, serializeDocuments } from '../../src/indexing/document-file.js';
import type { StoredDocument } from '../../src/indexing/schema.js';
import { storedDocument } from '../helpers/tiny-index.js';

const documents: StoredDocument[] = [
  storedDocument({ id: 'a', title: '核酸检测', text: '全员核酸检测。\n第二行😀𠀀', tags: ['防疫'], categories: ['新闻/国内'], date: '2022-01-25T05:09:09.000Z' }),
  storedDocument({ id: 'b', title: 'empty', text: '' }),
  storedDocument({ id: 'c', title: 'lone', text: 'x\ud800y', author: '新浪财经', meta: { source: 'x' } }),
];

const plain = (doc: StoredDocument): Record<string, unknown> => ({ ...doc, text: doc.text });
const foldsOf = (docs: readonly StoredDocument[]) => docs.map((doc) => fold(doc.text));
const saved = (docs: readonly StoredDocument[]): Buffer => serializeDocuments(docs, foldsOf(docs));
const plainFold = ({ text, shifts }: { text: string; shifts: Uint32Array | null }) => ({ text, shifts: shifts === null ? null : Array.from(shifts) });

describe('the documents file', () => {
  it('reads back every field of every document, texts exactly (lone surrogates too), and their folds', async () => {
    const read = await parseDocuments(saved(documents), documents.length, 'x');
    expect(read.documents.map(plain)).toEqual(documents.map(plain));
    expect(read.textFolds.map(plainFold)).toEqual(foldsOf(documents).map(plainFold));
  });

  it('reads back the fold of any text as the analyzer folds it, shifts and all', async () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('核', '檢', '，', '㎏', 'Ａ', 'a', 'e\u0301', '😀', '\ud800', 'ﬁ', '…', '\n'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 4 }), async (texts) => {
        const docs = texts.map((t, i) => storedDocument({ id: `d${i}`, text: t }));
        const read = await parseDocuments(saved(docs), docs.length, 'x');
        expect(read.textFolds.map(plainFold)).toEqual(foldsOf(docs).map(plainFold));
        expect(read.documents.map((doc) => doc.text)).toEqual(texts);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a read document back as it was (an update re-indexes stored documents)', async () => {
    const bytes = saved(documents);
    const again = saved((await parseDocuments(bytes, documents.length, 'x')).documents);
    expect((await parseDocuments(again, documents.length, 'x')).documents.map(plain)).toEqual(documents.map(plain));
    expect(again.length).toBe(bytes.length);
  });

  it('is INDEX_CORRUPT when the count, the metadata or the texts do not fit', async () => {
    const bytes = saved(documents);
    const metaEnd = 20 + bytes.readUInt32LE(12);
    const withMeta = (meta: unknown): Buffer => {
      const json = Buffer.from(JSON.stringify(meta), 'utf8');
      const header = Buffer.from(bytes.subarray(0, 20));
      header.writeUInt32LE(json.length, 12);
      return Buffer.concat([header, json, bytes.subarray(metaEnd)]);
    };
    const original = JSON.parse(bytes.toString('utf8', 20, metaEnd)) as Array<Record<string, unknown>>;
    const broken = [
      bytes.subarray(0, bytes.length - 2),
      Buffer.concat([bytes, Buffer.alloc(2)]),
      withMeta(original.map((doc, i) => (i === 0 ? { ...doc, text: 'long' } : doc))),
      withMeta(original.map((doc, i) => (i === 1 ? { ...doc, tags: [1] } : doc))),
      withMeta(original.map((doc, i) => (i === 2 ? { ...doc, id: null } : doc))),
      withMeta(original.slice(1)),
      // A document's fold claiming more changes than the file holds.
      (() => {
        const copy = Buffer.from(bytes);
        const changesAt = metaEnd + copy.readUInt32LE(16);
        copy[changesAt + 1] = 0x7d;
        return copy;
      })(),
    ];
    for (const bad of broken) await expect(parseDocuments(bad, documents.length, 'x')).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    await expect(parseDocuments(bytes, documents.length + 1, 'x')).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
  });
});
