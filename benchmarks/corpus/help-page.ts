/**
 * Reads one LibreOffice help page (HTML) into a title, keywords and text blocks with cheerio.
 * Keeps only the help content (#DisplayArea); navigation, scripts, related-topic links are dropped.
 */
import { load } from 'cheerio';

export interface TextBlock {
  /**
   * `chrome`: a label of the help viewer or manual template (LibreOffice's `要访问此命令...` header,
   * an admonition's `Note` icon label). It goes into the post as site chrome, like the promo block,
   * and is not part of the reference text.
   */
  kind: 'heading' | 'paragraph' | 'chrome';
  /** Whitespace collapsed to single spaces, trimmed, never empty. */
  text: string;
}

export interface HelpPage {
  title: string;
  /** Index terms of the page's `<meta itemprop="keywords">`, first seen first, no duplicates. */
  keywords: string[];
  blocks: TextBlock[];
}

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCK_SELECTOR = 'h1, h2, h3, h4, h5, h6, p, pre, li, td, th, dt, dd';
const DROPPED_SELECTOR = 'script, style, noscript, nav, meta, img, button, input, .relatedtopics, #SearchFrame, #DonationFrame';
const TITLE_FALLBACK_CHARS = 30;
/** Template labels repeated on hundreds of pages: site chrome, not article text. */
export const CHROME_SELECTOR = '.howtogetheader, td.icon';
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(text: string): string {
  return text.replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
}

/**
 * Parses a help page. Blocks are the innermost block elements in document order (a table cell that
 * holds paragraphs gives its paragraphs); the heading that repeats the title is left out. The title
 * is `<title>`, else the first heading, else the first words of the first block.
 *
 * @example
 * parseHelpPage('<title>数据库函数</title><div id="DisplayArea"><h1>数据库函数</h1><p>求和</p></div>')
 * // { title: '数据库函数', keywords: [], blocks: [{ kind: 'paragraph', text: '求和' }] }
 */
export function parseHelpPage(html: string): HelpPage {
  const $ = load(html);
  const area = $('#DisplayArea').first();
  const content = area.length > 0 ? area : $('body');

  const keywords: string[] = [];
  content.find('meta[itemprop="keywords"]').each((_, meta) => {
    for (const part of ($(meta).attr('content') ?? '').split(/[,，]/)) {
      const keyword = clean(part);
      if (keyword !== '' && !keywords.includes(keyword)) keywords.push(keyword);
    }
  });

  content.find(DROPPED_SELECTOR).remove();
  // <br> separates words on screen; cheerio's text() would glue them together.
  content.find('br').replaceWith(' ');

  const heading = clean(content.find('h1, h2, h3, h4, h5, h6').first().text());
  const title = clean($('title').first().text()) || heading;
  const blocks: TextBlock[] = [];
  content.find(BLOCK_SELECTOR).each((_, element) => {
    const node = $(element);
    if (node.find(BLOCK_SELECTOR).length > 0) return;
    const text = clean(node.text());
    if (text === '') return;
    const kind = node.is(CHROME_SELECTOR) || node.closest(CHROME_SELECTOR).length > 0
      ? 'chrome'
      : HEADINGS.has(element.tagName.toLowerCase()) ? 'heading' : 'paragraph';
    if (kind === 'heading' && text === title) return;
    blocks.push({ kind, text });
  });
  // A handful of pages have neither <title> nor a heading: their first words stand in for one.
  const fallback = title === '' ? [...(blocks[0]?.text ?? '')].slice(0, TITLE_FALLBACK_CHARS).join('') : title;
  return { title: fallback, keywords, blocks };
}
