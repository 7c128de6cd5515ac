/**
 * Validation of HTTP parameters (zod) into the typed values the library takes.
 * Anything off is INVALID_PARAMS, with every problem named; over-long queries QUERY_TOO_LONG.
 */
import { z } from 'zod';
import { ZhsearchError } from '../errors.js';

/** Repeated parameters arrive as arrays: say so rather than "is required". */
const stringError = (issue: { input?: unknown }): string =>
  Array.isArray(issue.input) ? 'must be given once' : issue.input === undefined ? 'is required' : 'must be a string';

const integer = (min: number, max: number, fallback: number) =>
  z
    .string({ error: stringError })
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);

const searchParamsSchema = z.object({
  q: z.string({ error: stringError }).min(1, 'must not be empty'),
  limit: integer(1, 100, 10),
  offset: integer(0, 10_000, 0),
  category: z.string({ error: stringError }).optional(),
  sort: z.enum(['relevance', 'date']).optional().transform((value) => value ?? 'relevance'),
});

export type SearchParams = z.output<typeof searchParamsSchema>;

const suggestParamsSchema = z.object({
  q: z.string({ error: stringError }).min(1, 'must not be empty'),
  limit: integer(1, 20, 8),
});

export type SuggestParams = z.output<typeof suggestParamsSchema>;

function invalid(error: z.ZodError): ZhsearchError {
  const problems = error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`);
  return new ZhsearchError('INVALID_PARAMS', `Invalid parameters: ${problems.join('; ')}.`, { details: { problems } });
}

function assertQueryLength(q: string, maxQueryChars: number): void {
  if ([...q].length > maxQueryChars) {
    throw new ZhsearchError('QUERY_TOO_LONG', `The query is longer than ${maxQueryChars} characters.`);
  }
}

/** Validates `/api/search` query parameters (repeated parameters are invalid). */
export function parseSearchParams(query: Record<string, unknown>, maxQueryChars: number): SearchParams {
  const parsed = searchParamsSchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error);
  assertQueryLength(parsed.data.q, maxQueryChars);
  return parsed.data;
}

/** Validates `/api/suggest` query parameters: `q` as for search, `limit` 1–20 (default 8). */
export function parseSuggestParams(query: Record<string, unknown>, maxQueryChars: number): SuggestParams {
  const parsed = suggestParamsSchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error);
  assertQueryLength(parsed.data.q, maxQueryChars);
  return parsed.data;
}

/** An optional `q` for pages: the first value when repeated, cut to the limit. */
export function pageQuery(query: Record<string, unknown>, maxQueryChars: number): string {
  const raw = Array.isArray(query.q) ? query.q[0] : query.q;
  return typeof raw === 'string' ? [...raw].slice(0, maxQueryChars).join('') : '';
}
