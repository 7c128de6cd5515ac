/**
 * Writes a help page as a Hexo-style post (blank line, YAML front matter, HTML body) and as the
 * reference text the body holds. Pure: no file system, no clock; the date comes from a hash.
 */
import { createHash } from 'node:crypto';
import { dump } from 'js-yaml';
import type { TextBlock } from './help-page.js';

export interface PostSource {
  /** Post id: the file name without `.md`. */
  id: string;
  title: string;
  categories: string[];
  tags: string[];
  blocks: TextBlock[];
}

export interface RenderedPost {
  /** The whole post file. */
  fileText: string;
  /** Block texts joined with '\n', exactly as they stand in the body. */
  referenceText: string;
}

const FIRST_SECOND = Date.UTC(2015, 0, 1) / 1000;
const LAST_SECOND = Date.UTC(2024, 0, 1) / 1000 - 1;

/**
 * A wall-clock time in 2015–2023 (`YYYY-MM-DD HH:mm:ss`, no zone) chosen by the SHA-256 of `key`.
 *
 * @example
 * dateForKey('text/scalc/01/04060101.html') // the same string on every run
 */
export function dateForKey(key: string): string {
  const digest = createHash('sha256').update(key).digest();
  const span = LAST_SECOND - FIRST_SECOND + 1;
  const seconds = FIRST_SECOND + (digest.readUInt32BE(0) % span);
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Renders a post. The front matter is written by js-yaml's dump, so any title is quoted safely.
 *
 * @example
 * renderPost({ id: 'a', title: '求和', categories: ['Calc'], tags: [], blocks: [{ kind: 'paragraph', text: 'x' }] }, '2019-05-01 10:00:00')
 * // { fileText: "\n---\ntitle: 求和\ndate: '2019-05-01 10:00:00'\n…---\n<p>x</p>\n", referenceText: 'x' }
 */
export function renderPost(source: PostSource, date: string): RenderedPost {
  const frontMatter = dump(
    { title: source.title, date, categories: source.categories, tags: source.tags },
    { lineWidth: -1, noRefs: true, sortKeys: false },
  );
  const body = source.blocks
    .map((block) =>
      block.kind === 'heading'
        ? `<h2>${escapeText(block.text)}</h2>`
        : block.kind === 'chrome'
          ? `<p class="template-label">${escapeText(block.text)}</p>`
          : `<p>${escapeText(block.text)}</p>`,
    )
    .join('\n');
  return {
    fileText: `\n---\n${frontMatter}---\n${body}\n`,
    referenceText: source.blocks
      .filter((block) => block.kind !== 'chrome')
      .map((block) => block.text)
      .join('\n'),
  };
}
