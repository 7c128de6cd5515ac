/**
 * The configuration schema (zod) and defaults. Values only; resolution order lives in resolve.ts.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The dictionaries shipped in data/ (one folder above both src/ and dist/). */
const BUNDLED_USER_DICT = fileURLToPath(new URL('../../data/user-dict.txt', import.meta.url));
const BUNDLED_STOPWORDS = fileURLToPath(new URL('../../data/stopwords.txt', import.meta.url));

/**
 * One web origin allowed to call the API from its pages (CORS): scheme, host and optional port, as a
 * browser sends it in `Origin`. A trailing `/` is accepted and dropped; a path, query or `*` is not.
 */
const originSchema = z.string().transform((value, ctx) => {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  const isOrigin =
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    !value.endsWith('?') &&
    !value.endsWith('#');
  if (!isOrigin) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not an origin such as https://blog.example.com` });
    return z.NEVER;
  }
  return url!.origin;
});

export const configSchema = z
  .object({
    /** Folder of posts to index. */
    input: z.string().min(1),
    /** Index folder (holds CURRENT and gen-NNNNNN/). */
    index: z.string().min(1),
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    /** IANA zone for dates without an offset and for permalink dates. */
    timezone: z.string().refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not a known IANA time zone'),
    drafts: z.boolean(),
    maxPostBytes: z.number().int().positive(),
    boilerplateSelectors: z.array(z.string().min(1)),
    editorSelector: z.string().min(1),
    /** Lines in more than this share of the posts (and in boilerplateMinPosts) are not indexed. */
    boilerplateMinShare: z.number().min(0).max(1),
    boilerplateMinPosts: z.number().int().min(1),
    snippetChars: z.number().int().min(20).max(2000),
    maxQueryChars: z.number().int().min(1).max(10_000),
    permalink: z.string().min(1).nullable(),
    baseUrl: z.string(),
    userDict: z.string().min(1).nullable(),
    stopwords: z.string().min(1).nullable(),
    keepGenerations: z.number().int().min(0).max(100),
    /** Worker threads that read and analyze posts in a build; 0: one per core. */
    buildWorkers: z.number().int().min(0).max(64),
    /**
     * Posts per segment a build writes at most. A worker holds one segment's index while it builds it
     * (~0.8 MB per post of 3,000 characters), so this, not the site's size, bounds a build's memory.
     */
    segmentPosts: z.number().int().min(1).max(1_000_000),
    /**
     * How segments a build or update writes hold their word index: `postings` (the default: compact
     * postings read in place) or `minisearch` (MiniSearch: same answers, ~9× the memory and far slower
     * to build and load; see docs/design.md "Index").
     */
    wordIndex: z.enum(['minisearch', 'postings']),
    /** Origins whose pages may call /api/* (CORS); empty: same origin only. */
    corsOrigins: z.array(originSchema),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG: Config = {
  input: 'data/posts',
  index: 'index',
  host: '127.0.0.1',
  port: 3000,
  timezone: 'Asia/Shanghai',
  drafts: false,
  maxPostBytes: 5 * 1024 * 1024,
  boilerplateSelectors: ['.appendQr_wrap'],
  editorSelector: '.article-editor',
  boilerplateMinShare: 0.2,
  boilerplateMinPosts: 5,
  snippetChars: 120,
  maxQueryChars: 256,
  permalink: null,
  baseUrl: '',
  userDict: BUNDLED_USER_DICT,
  stopwords: BUNDLED_STOPWORDS,
  keepGenerations: 1,
  buildWorkers: 0,
  segmentPosts: 5000,
  wordIndex: 'postings',
  corsOrigins: [],
};
