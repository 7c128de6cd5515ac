/**
 * HTML → cleaned plain text with cheerio: blocks become lines, inline markup never splits words,
 * scripts/styles/comments/boilerplate are dropped, and the editor credit line is read out.
 * Does not know about front matter or Markdown.
 */
import { load } from 'cheerio';

export interface HtmlToTextOptions {
  /** CSS selectors whose elements are removed before extraction (site boilerplate). */
  boilerplateSelectors?: readonly string[];
  /** CSS selector of the editor credit (`责任编辑：张亚楠`); removed, its name returned as `editor`. */
  editorSelector?: string;
}

export interface HtmlText {
  /** Lines joined with '\n'; no empty lines, no leading or trailing spaces on a line. */
  text: string;
  /** Name from the editor credit, or null. */
  editor: string | null;
  /** Text of the first h1–h6, or null. */
  heading: string | null;
  /** Text of `<title>` when the HTML is a whole document, or null. */
  documentTitle: string | null;
}

/** The shape of cheerio's (domhandler's) nodes that the walk reads; domhandler is not imported directly. */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: readonly DomNode[];
}

// Contents never shown as article text.
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'math', 'head', 'title',
  'object', 'embed', 'noembed', 'noframes', 'textarea', 'select', 'button', 'canvas',
]);
const DROPPED_SELECTOR = [...DROPPED].join(', ');
// Elements that end a line before and after them.
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog',
  'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'listing', 'main', 'menu', 'nav', 'ol',
  'p', 'plaintext', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'xmp',
  'audio', 'video', 'br',
]);
// Table cells only need to keep words of neighbouring cells apart.
const CELLS = new Set(['td', 'th']);
// Whitespace inside these is kept as line breaks.
const PREFORMATTED = new Set(['pre', 'listing', 'plaintext', 'xmp']);

const EDITOR_LABEL = /^(?:责任编辑|编辑)\s*[:：]\s*/;
const CONTROL_CHARS = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
// CSS Text 3's segment-break rule: a source line break between two wide (CJK) characters is removed,
// not turned into a space, so `核酸\n检测` in a Markdown paragraph stays one word.
const WIDE = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3001-\\u303f\\uff01-\\uff60\\uffe0-\\uffe6]';
const CJK_SEGMENT_BREAK = new RegExp(`(?<=${WIDE})[^\\S\\n]*\\n\\s*(?=${WIDE})`, 'gu');

/**
 * Extracts the readable text of an HTML body or document.
 *
 * @example
 * const html = '<p>核<b>酸</b>检测</p><p class="article-editor">责任编辑：张亚楠 </p>';
 * htmlToText(html, { editorSelector: '.article-editor' })
 * // { text: '核酸检测', editor: '张亚楠', heading: null, documentTitle: null }
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): HtmlText {
  const $ = load(html);
  const documentTitle = nonEmpty(collapseLine($('head > title').first().text()));

  let editor: string | null = null;
  if (options.editorSelector) {
    const credits = $(options.editorSelector);
    const credit = credits[0];
    if (credit !== undefined) editor = nonEmpty(extractLines(credit).join(' ').replace(EDITOR_LABEL, '').trim());
    credits.remove();
  }
  for (const selector of options.boilerplateSelectors ?? []) $(selector).remove();

  const body = $('body')[0] ?? $.root()[0];
  // Stop at the first heading that is not inside dropped markup: checking every heading costs
  // a selector match each, which showed in build profiles of heading-rich posts.
  const headingNode = $('body')
    .find('h1, h2, h3, h4, h5, h6')
    .toArray()
    .find((element) => $(element).closest(DROPPED_SELECTOR).length === 0);
  const heading = headingNode === undefined ? null : nonEmpty(extractLines(headingNode).join(' '));
  return { text: body === undefined ? '' : extractLines(body).join('\n'), editor, heading, documentTitle };
}

/**
 * Throws the selector engine's error for an invalid CSS selector, so a bad configuration fails once,
 * up front, instead of once per post.
 */
export function assertValidSelectors(selectors: readonly string[]): void {
  const $ = load('');
  for (const selector of selectors) $(selector);
}

// Void elements never nest; these close themselves when a sibling opens (`<p>a<p>b`).
const NOT_NESTING = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rt', 'rp',
  'caption', 'colgroup',
]);

/**
 * Markup nesting beyond this is refused: the HTML parser's scope checks are quadratic in depth
 * (50,000 nested divs take seconds), and browsers stop nesting at 512 anyway.
 */
export const MAX_NESTING_DEPTH = 1000;

/**
 * A linear upper estimate of how deep `html` nests: opening minus closing tags, ignoring void and
 * self-closing-by-sibling elements. Only the tag name is matched, so unclosed `<` cannot make it quadratic.
 */
export function estimateNestingDepth(html: string): number {
  let depth = 0;
  let max = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g)) {
    if (NOT_NESTING.has((match[2] ?? '').toLowerCase())) continue;
    depth = match[1] === '/' ? Math.max(0, depth - 1) : depth + 1;
    if (depth > max) max = depth;
  }
  return max;
}

/** Cleaned, non-empty lines of a subtree. Iterative: deeply nested markup must not overflow the stack. */
function extractLines(root: DomNode): string[] {
  const rawLines: string[] = [];
  let current = '';
  let preDepth = 0;
  const lineBreak = (): void => {
    rawLines.push(current);
    current = '';
  };
  type Step = { node: DomNode; exit: false } | { node: DomNode; exit: true };
  const stack: Step[] = [{ node: root, exit: false }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    const { node } = step;
    const name = node.name?.toLowerCase() ?? '';
    if (step.exit) {
      if (PREFORMATTED.has(name)) preDepth -= 1;
      if (BLOCKS.has(name)) lineBreak();
      else if (CELLS.has(name)) current += ' ';
      continue;
    }
    if (node.type === 'text') {
      const data = node.data ?? '';
      if (preDepth > 0) {
        const parts = data.split(/\r\n?|\n/);
        parts.forEach((part, index) => {
          if (index > 0) lineBreak();
          current += part;
        });
      } else {
        current += data;
      }
    }
    if (node.type === 'text' || node.type === 'comment' || node.type === 'directive') continue;
    if (DROPPED.has(name)) continue;
    if (BLOCKS.has(name)) lineBreak();
    else if (CELLS.has(name)) current += ' ';
    if (PREFORMATTED.has(name)) preDepth += 1;
    stack.push({ node, exit: true });
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child !== undefined) stack.push({ node: child, exit: false });
    }
  }
  lineBreak();
  const lines: string[] = [];
  for (const raw of rawLines) {
    const line = collapseLine(raw);
    if (line !== '') lines.push(line);
  }
  return lines;
}

/** Collapses whitespace (NBSP and U+3000 included) to single spaces and trims; drops control characters. */
function collapseLine(raw: string): string {
  const clean = raw.replace(CONTROL_CHARS, '');
  // The segment-break pattern (a lookbehind at every character) needs a newline: most lines hold none.
  const joined = clean.includes('\n') ? clean.replace(CJK_SEGMENT_BREAK, '') : clean;
  return joined.replace(/\s+/g, ' ').trim();
}

function nonEmpty(value: string): string | null {
  return value === '' ? null : value;
}
