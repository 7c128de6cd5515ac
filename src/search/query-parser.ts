/**
 * Parses a raw query string into parts (AND), exclusions, title-only parts and metadata
 * filters, with each part's span in the raw query. Forgiving: it never throws; an unmatched
 * quote is text. It does not normalize or segment (the analyzer does, in the searcher).
 */

export type FilterField = 'category' | 'tag' | 'author';

export interface QueryPart {
  /** The part's raw text (quotes removed). */
  text: string;
  /** `-word`: documents containing it are excluded. */
  negated: boolean;
  /** `"…"`: one part, spaces included. */
  quoted: boolean;
  /** `title:word` restricts the match to titles. */
  titleOnly: boolean;
  /** UTF-16 span of the whole part in the raw query. */
  start: number;
  end: number;
}

export interface QueryFilter {
  field: FilterField;
  value: string;
  negated: boolean;
}

export interface Query {
  raw: string;
  parts: QueryPart[];
  filters: QueryFilter[];
}

const FIELD_PREFIX = /^(title|category|tag|author)[:：]/i;
const SPACE = /\s/u;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

/**
 * @example
 * parseQuery('核酸检测 -北京 "新冠 疫情" title:绥芬河').parts.map((p) => p.text);
 * // ['核酸检测', '北京', '新冠 疫情', '绥芬河']
 */
export function parseQuery(raw: string): Query {
  const parts: QueryPart[] = [];
  const filters: QueryFilter[] = [];
  let i = 0;
  while (i < raw.length) {
    if (isSpace(raw[i])) {
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (raw[i] === '-' && i + 1 < raw.length && !isSpace(raw[i + 1])) {
      negated = true;
      i++;
    }
    let field: string | null = null;
    const prefix = FIELD_PREFIX.exec(raw.slice(i));
    if (prefix !== null && i + prefix[0].length < raw.length && !isSpace(raw[i + prefix[0].length])) {
      field = prefix[1]!.toLowerCase();
      i += prefix[0].length;
    }
    let text: string;
    let quoted = false;
    const close = raw[i] === '"' ? raw.indexOf('"', i + 1) : -1;
    if (close > i) {
      text = raw.slice(i + 1, close);
      quoted = true;
      i = close + 1;
    } else {
      const from = i;
      while (i < raw.length && !isSpace(raw[i])) i++;
      text = raw.slice(from, i);
    }
    if (field === 'category' || field === 'tag' || field === 'author') {
      filters.push({ field, value: text, negated });
    } else {
      parts.push({ text, negated, quoted, titleOnly: field === 'title', start, end: i });
    }
  }
  return { raw, parts, filters };
}
