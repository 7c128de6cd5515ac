/**
 * Splits one single-page HTML manual (DocBook, Asciidoctor) into sections at its h2/h3 headings,
 * each with the innermost text blocks up to the next h2/h3. Tables of contents and scripts are dropped.
 */
import { load } from 'cheerio';
import { CHROME_SELECTOR, type TextBlock } from './help-page.js';

export interface ManualSection {
  /** The h2/h3 text, whitespace collapsed. */
  heading: string;
  /** Sub-headings (h4–h6) and paragraphs in document order; the section heading itself is not one. */
  blocks: TextBlock[];
}

export interface Manual {
  /** `<title>`, else the h1. */
  title: string;
  sections: ManualSection[];
}

const SECTION_HEADINGS = new Set(['h2', 'h3']);
const SUB_HEADINGS = new Set(['h1', 'h4', 'h5', 'h6']);
const BLOCK_SELECTOR = 'h1, h2, h3, h4, h5, h6, p, pre, li, td, th, dt, dd';
const DROPPED_SELECTOR = 'script, style, noscript, nav, meta, img, button, input, #toc, .toc, .list-of-figures, .list-of-tables, #footer, .navheader, .navfooter';
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function clean(text: string): string {
  return text.replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
}

/**
 * Reads a manual. Text before the first h2/h3 belongs to no section and is left out; a block
 * that holds other blocks gives its inner blocks instead (a list item's paragraphs, a cell's lines).
 *
 * @example
 * parseManual('<title>手册</title><h2>1. 简介</h2><p>欢迎</p><h3>1.1. 安装</h3><p>运行</p>').sections
 * // [{ heading: '1. 简介', blocks: [{ kind: 'paragraph', text: '欢迎' }] }, { heading: '1.1. 安装', blocks: [...] }]
 */
export function parseManual(html: string): Manual {
  const $ = load(html);
  const body = $('body');
  body.find(DROPPED_SELECTOR).remove();
  body.find('br').replaceWith(' ');
  const title = clean($('title').first().text()) || clean(body.find('h1').first().text());

  const sections: ManualSection[] = [];
  let current: ManualSection | null = null;
  body.find(BLOCK_SELECTOR).each((_, element) => {
    const node = $(element);
    const tag = element.tagName.toLowerCase();
    const text = clean(node.text());
    if (SECTION_HEADINGS.has(tag)) {
      current = { heading: text, blocks: [] };
      sections.push(current);
      return;
    }
    if (current === null || text === '' || node.find(BLOCK_SELECTOR).length > 0) return;
    const chrome = node.is(CHROME_SELECTOR) || node.closest(CHROME_SELECTOR).length > 0;
    current.blocks.push({ kind: chrome ? 'chrome' : SUB_HEADINGS.has(tag) ? 'heading' : 'paragraph', text });
  });
  return { title, sections: sections.filter((section) => section.heading !== '') };
}
