/**
 * Turns text plus match ranges into escaped HTML with `<mark>` around the matches. The only
 * place in zhsearch that produces markup.
 */
import type { Snippet, TextRange } from './snippet.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** `text` escaped, with each range (sorted, non-overlapping) wrapped in `<mark>`. */
export function highlightRanges(text: string, ranges: readonly TextRange[]): string {
  let html = '';
  let at = 0;
  for (const range of ranges) {
    html += escapeHtml(text.slice(at, range.start));
    html += `<mark>${escapeHtml(text.slice(range.start, range.end))}</mark>`;
    at = range.end;
  }
  return html + escapeHtml(text.slice(at));
}

/** A snippet as HTML, with `…` where the text was cut. */
export function highlightSnippet(snippet: Snippet): string {
  return `${snippet.cutBefore ? '…' : ''}${highlightRanges(snippet.text, snippet.ranges)}${snippet.cutAfter ? '…' : ''}`;
}
