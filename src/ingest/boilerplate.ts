/**
 * Site boilerplate found by repetition: lines of cleaned text that occur in more than a share of
 * the posts (promo slogans, copyright footers the CSS selectors missed). It finds and strips
 * lines; it does not decide thresholds (config does) or read files.
 */

export interface BoilerplateOptions {
  /** A line is boilerplate when more than this share of the posts hold it (0–1). */
  minShare: number;
  /** …and at least this many posts hold it. */
  minPosts: number;
}

export interface BoilerplateLine {
  line: string;
  /** Number of posts holding the line. */
  posts: number;
}

export const DEFAULT_BOILERPLATE_OPTIONS: BoilerplateOptions = { minShare: 0.2, minPosts: 5 };

/**
 * Lines held by more than `minShare` of `texts` and by at least `minPosts` of them, most
 * frequent first. Each text counts a line once, however often it repeats it.
 *
 * @example
 * detectBoilerplate(['a\n推广', 'b\n推广', …], { minShare: 0.2, minPosts: 5 });
 * // [{ line: '推广', posts: 5 }]
 */
export function detectBoilerplate(texts: readonly string[], options: BoilerplateOptions): BoilerplateLine[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const line of new Set(text.split('\n'))) {
      if (line.trim() === '') continue;
      counts.set(line, (counts.get(line) ?? 0) + 1);
    }
  }
  const threshold = Math.max(options.minPosts, Math.floor(texts.length * options.minShare) + 1);
  return [...counts]
    .filter(([, posts]) => posts >= threshold && posts > texts.length * options.minShare)
    .map(([line, posts]) => ({ line, posts }))
    .sort((a, b) => b.posts - a.posts || (a.line < b.line ? -1 : 1));
}

/** `text` without the lines in `boilerplate`. */
export function stripLines(text: string, boilerplate: ReadonlySet<string>): string {
  if (boilerplate.size === 0) return text;
  return text
    .split('\n')
    .filter((line) => !boilerplate.has(line))
    .join('\n');
}
