/**
 * Turns a post body into HTML: Hexo `{% … %}` tags removed, Markdown rendered with markdown-it,
 * HTML bodies passed through untouched. Does not extract text (html-to-text.ts does).
 */
import MarkdownIt from 'markdown-it';

// html: true keeps inline HTML in Markdown posts as markup for cheerio, not escaped text.
const markdown = new MarkdownIt({ html: true });

const HTML_EXTENSIONS = new Set(['.html', '.htm']);

/**
 * True when the body is HTML: `.html`/`.htm`, or any body whose first non-blank character is `<`.
 * Such a body is never rendered as Markdown, which would turn its indented lines into code blocks.
 */
export function isHtmlBody(body: string, extension: string): boolean {
  if (HTML_EXTENSIONS.has(extension.toLowerCase())) return true;
  return /^\s*</.test(body);
}

/**
 * Removes Hexo tag syntax (`{% note %}`, `{% endnote %}`, spanning lines too), keeping what lies
 * between an opening and a closing tag. A `{%` without a closing `%}` is left as text.
 * A linear scan rather than a lazy regex, which is quadratic on many unclosed `{%`.
 */
export function stripHexoTags(body: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = body.indexOf('{%', from);
    if (open === -1) break;
    const close = body.indexOf('%}', open + 2);
    if (close === -1) break;
    out += body.slice(from, open);
    from = close + 2;
  }
  return from === 0 ? body : out + body.slice(from);
}

/**
 * The body as HTML, ready for html-to-text.
 *
 * @example
 * bodyToHtml('# 标题\n\n正文', '.md') // '<h1>标题</h1>\n<p>正文</p>\n'
 */
export function bodyToHtml(body: string, extension: string): string {
  const withoutTags = stripHexoTags(body);
  return isHtmlBody(withoutTags, extension) ? withoutTags : markdown.render(withoutTags);
}
