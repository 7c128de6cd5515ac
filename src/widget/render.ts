/**
 * Builds the box's result, recent-search and suggestion elements from API data. Text goes in as
 * text nodes; the only markup taken from the server is <mark>, rebuilt from sanitize.ts segments;
 * links only where url-safety.ts allows. No event wiring and no state here.
 */
import type { ApiHit, ApiSuggestion } from '../api/contract.js';
import { h } from './element.js';
import { formatDate, type Lang, type Strings } from './i18n.js';
import { highlightSegments, segmentsText, type HighlightSegment } from './sanitize.js';
import { safeHref } from './url-safety.js';

export interface RenderContext {
  lang: Lang;
  strings: Strings;
  /** Base for relative hit URLs: the endpoint (the server's URLs are relative to it). */
  linkBase: string;
}

/** Parses highlight HTML in an inert <template> (no scripts run, nothing loads) and keeps text and <mark>. */
export function parseHighlight(html: string): HighlightSegment[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  return highlightSegments(template.content);
}

function appendSegments(parent: HTMLElement, segments: readonly HighlightSegment[]): void {
  for (const segment of segments) {
    parent.append(segment.marked ? h('mark', { class: 'zhs-mark' }, [segment.text]) : document.createTextNode(segment.text));
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * One result as a listbox option: an `<a role="option">` (so middle-click and "open in new tab"
 * work) when the url is safe, else a `<div role="option">` without a link.
 */
export function renderHitOption(hit: ApiHit, id: string, context: RenderContext): HTMLElement {
  const href = safeHref(text(hit.url), context.linkBase);
  let titleSegments = parseHighlight(text(hit.titleHtml));
  if (segmentsText(titleSegments).trim() === '') {
    titleSegments = [{ text: text(hit.title).trim() || context.strings.untitled, marked: false }];
  }
  const title = h('span', { class: 'zhs-hit-title', id: `${id}-title` });
  appendSegments(title, titleSegments);

  const date = formatDate(typeof hit.date === 'string' ? hit.date : null, context.lang);
  // Each entry is one category path (`金融/新浪财经`); a post may have several.
  const categories = (Array.isArray(hit.categories) ? hit.categories : [])
    .filter((category) => typeof category === 'string' && category !== '')
    .join(context.strings.listSeparator);
  const meta =
    date === '' && categories === ''
      ? null
      : h('span', { class: 'zhs-hit-meta', id: `${id}-meta` }, [
          date === '' ? null : h('time', { class: 'zhs-hit-date', datetime: text(hit.date) }, [date]),
          date === '' || categories === '' ? null : h('span', { class: 'zhs-hit-sep' }, [' · ']),
          categories === '' ? null : h('span', { class: 'zhs-hit-category' }, [categories]),
        ]);

  const snippetSegments = parseHighlight(text(hit.snippetHtml));
  const snippet = snippetSegments.length === 0 ? null : h('span', { class: 'zhs-hit-snippet', id: `${id}-snippet` });
  if (snippet !== null) appendSegments(snippet, snippetSegments);

  const attributes = {
    id,
    role: 'option',
    class: 'zhs-option zhs-hit',
    'aria-selected': 'false',
    'aria-labelledby': meta === null ? `${id}-title` : `${id}-title ${id}-meta`,
    'aria-describedby': snippet === null ? null : `${id}-snippet`,
    'data-zhs-kind': 'hit',
  };
  const children = [title, meta, snippet];
  return href === null
    ? h('div', attributes, children)
    : h('a', { ...attributes, href, tabindex: -1 }, children);
}

/** A recent search as a listbox option; choosing it searches for it again. */
export function renderRecentOption(query: string, id: string): HTMLElement {
  return h(
    'div',
    { id, role: 'option', class: 'zhs-option zhs-recent', 'aria-selected': 'false', 'data-zhs-kind': 'recent', 'data-zhs-query': query },
    [h('span', { class: 'zhs-recent-icon', 'aria-hidden': 'true' }, ['↺']), h('span', { class: 'zhs-recent-text' }, [query])],
  );
}

/** A suggestion chip: a plain button in the Tab order, outside the arrow-key order of the listbox. */
export function renderChip(suggestion: ApiSuggestion): HTMLButtonElement {
  return h('button', { type: 'button', class: 'zhs-chip', 'data-zhs-kind': suggestion.kind, 'data-zhs-query': suggestion.text }, [
    suggestion.text,
  ]);
}
