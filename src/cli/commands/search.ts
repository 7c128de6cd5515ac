/**
 * `zhsearch search "<query>"`: ranked hits with highlighted snippets (terminal colours for
 * marks), or the API's JSON body with --json.
 */
import { openEngine, type Config, type SearchResponse } from '../../index.js';
import { useColor, type CliIo } from '../io.js';

export interface SearchCommandOptions {
  limit: number;
  offset: number;
  category: string | null;
  sort: 'relevance' | 'date';
  json: boolean;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

// Posts may carry ESC, BEL, … (YAML "\e" in a title): printed raw they would drive the terminal.
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function stripControls(text: string): string {
  return text.replace(CONTROL_CHARS, '');
}

/** Turns our highlight HTML (escaped text + <mark>) into terminal text. */
export function markupToTerminal(html: string, color: boolean): string {
  const marked = stripControls(html).replace(/<mark>/g, color ? '\u001b[1;33m' : '[').replace(/<\/mark>/g, color ? '\u001b[0m' : ']');
  return marked.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);
}

function renderText(result: SearchResponse, tookMs: number, color: boolean): string {
  const lines = [`${result.total} results (${tookMs.toFixed(1)} ms)`];
  result.hits.forEach((hit, i) => {
    lines.push('');
    lines.push(`${i + 1}. ${markupToTerminal(hit.titleHtml, color)}`);
    lines.push(`   ${stripControls([hit.date?.slice(0, 10) ?? '', hit.categories.join(' · '), hit.url].filter((s) => s !== '').join(' | '))}`);
    lines.push(`   ${markupToTerminal(hit.snippetHtml, color)}`);
  });
  return `${lines.join('\n')}\n`;
}

export async function runSearch(config: Config, query: string, options: SearchCommandOptions, io: CliIo): Promise<number> {
  const engine = await openEngine(config);
  const started = performance.now();
  const result = engine.searcher.search({
    q: query,
    limit: options.limit,
    offset: options.offset,
    category: options.category,
    sort: options.sort,
  });
  const tookMs = performance.now() - started;
  if (options.json) {
    const body = { query: result.query, total: result.total, tookMs: Math.round(tookMs * 1000) / 1000, hits: result.hits };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    io.stdout.write(renderText(result, tookMs, useColor(io)));
  }
  return 0;
}
