/**
 * Splits a post into its YAML front matter (a mapping, timestamps kept as strings) and its body.
 * Does not interpret fields (see front-matter-fields.ts); `;;;`/JSON front matter is not supported.
 */
import matter from 'gray-matter';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';

export type FrontMatterSplit =
  | { ok: true; data: Record<string, unknown>; body: string }
  | { ok: false; message: string };

// Hexo requires the opening line to be exactly `---`; allowing `---js` would make gray-matter eval it.
const OPENING = /^---[ \t]*\r?\n/;
const LEADING_BLANK_LINES = /^(?:[ \t]*\r?\n)*/;

class NotAMappingError extends Error {}

// CORE_SCHEMA keeps `2022-01-25 13:09:09` a string: dates are read by dates.ts in the configured zone,
// not by js-yaml in UTC.
function parseYaml(source: string): object {
  const value: unknown = load(source, { schema: CORE_SCHEMA });
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new NotAMappingError(`front matter is ${kind}, not a mapping`);
  }
  return value;
}

function refuse(): object {
  throw new NotAMappingError('only YAML front matter is supported');
}

// Options are always passed: called without them, gray-matter caches results by input string forever.
const GRAY_MATTER_OPTIONS = {
  language: 'yaml',
  engines: { yaml: parseYaml, javascript: refuse, coffee: refuse, json: refuse },
};

/**
 * Splits decoded post text. Leading blank lines (all the samples have one) are allowed before the
 * opening `---`; a text without an opening and a closing `---` line has no front matter.
 *
 * @example
 * splitFrontMatter('\n---\ntitle: 你好\n---\n<p>正文</p>')
 * // { ok: true, data: { title: '你好' }, body: '<p>正文</p>' }
 */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const leading = LEADING_BLANK_LINES.exec(text)?.[0] ?? '';
  const rest = text.slice(leading.length);
  // gray-matter takes the first `\n---` after the opening as the closing line; no closing → no front matter.
  if (!OPENING.test(rest) || rest.indexOf('\n---', 3) === -1) return { ok: true, data: {}, body: text };
  try {
    const file = matter(rest, GRAY_MATTER_OPTIONS);
    // parseYaml guarantees a mapping; gray-matter itself turns a missing result into {}.
    return { ok: true, data: file.data as Record<string, unknown>, body: file.content };
  } catch (error) {
    if (error instanceof YAMLException) return { ok: false, message: describeYamlError(error, countLines(leading)) };
    if (error instanceof NotAMappingError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The YAML error with its position in the file (js-yaml's line 0 is the opening `---` line). */
function describeYamlError(error: YAMLException, linesBefore: number): string {
  const reason = error.reason || error.message.split('\n')[0] || 'invalid YAML';
  if (error.mark === undefined || error.mark === null) return `invalid YAML front matter: ${reason}`;
  const line = linesBefore + error.mark.line + 1;
  return `invalid YAML front matter at line ${line}, column ${error.mark.column + 1}: ${reason}`;
}

function countLines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count += 1;
  return count;
}
