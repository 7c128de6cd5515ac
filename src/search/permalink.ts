/**
 * A hit's URL: the post's own `permalink`/`url`, else a Hexo-style permalink template with a
 * base URL, else the service's page `/posts/<id>`. No I/O.
 */
import type { StoredDocument } from '../indexing/schema.js';

export interface PermalinkOptions {
  /** Hexo-style template such as `:year/:month/:day/:title/`, or null. */
  template: string | null;
  /** Prefix for template URLs, e.g. `https://blog.example.com/`. */
  baseUrl: string;
  /** IANA zone for the date parts of the template. */
  timezone: string;
}

/** Front-matter URLs are used only when http(s) or site-relative: never `javascript:` and the like. */
const SAFE_URL = /^(https?:\/\/|\/(?!\/))/i;

function dateParts(iso: string, timezone: string): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const out: Record<string, string> = {};
  for (const part of parts) out[part.type] = part.value;
  return out;
}

function encodePath(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

/** The service's own page for a post: ids percent-encoded as one path segment. */
export function servicePostUrl(id: string): string {
  return `/posts/${encodeURIComponent(id)}`;
}

/** Resolves the URL shown for `doc`. */
export function resolvePostUrl(doc: StoredDocument, options: PermalinkOptions): string {
  if (doc.url !== null && SAFE_URL.test(doc.url.trim())) return doc.url.trim();
  if (options.template === null) return servicePostUrl(doc.id);
  const date = doc.date === null ? null : dateParts(doc.date, options.timezone);
  const name = doc.id.split('/').at(-1) ?? doc.id;
  const values: Record<string, string> = {
    year: date?.year ?? 'undated',
    month: date?.month ?? '00',
    day: date?.day ?? '00',
    i_month: String(Number(date?.month ?? 0)),
    i_day: String(Number(date?.day ?? 0)),
    hour: date?.hour ?? '00',
    minute: date?.minute ?? '00',
    second: date?.second ?? '00',
    title: encodePath(doc.id),
    name: encodeURIComponent(name),
    post_title: encodeURIComponent(doc.title),
    category: encodePath(doc.categories[0] ?? ''),
  };
  const pathPart = options.template.replace(/:(i_month|i_day|post_title|year|month|day|hour|minute|second|title|name|category)/g, (_, key: string) => values[key]!);
  const base = options.baseUrl.endsWith('/') || options.baseUrl === '' ? options.baseUrl : `${options.baseUrl}/`;
  return base + pathPart.replace(/^\//, '');
}
