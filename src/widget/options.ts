/**
 * Mount options: the public MountOptions, their data-attribute spelling (data-endpoint, data-mode,
 * data-placeholder, data-page-size, data-lang, data-initial-query, data-hotkeys) and the defaults.
 * Pure: the caller passes the element's dataset and the page's <html lang>.
 */
import { chooseLang, type Lang } from './i18n.js';
import { normalizeEndpoint } from './api.js';

export type Mode = 'inline' | 'modal' | 'page';

/** Options of `Zhsearch.mount(element, options)`; every field is optional. */
export interface MountOptions {
  /** Base URL of the search service; '' (default) is the page's own origin. */
  endpoint?: string;
  /** Input placeholder; default from the language ("搜索文章"). */
  placeholder?: string;
  /** Results per page, 1–100 (default 10). */
  pageSize?: number;
  /** `zh-CN`, `zh-TW` or `en` (other tags are mapped); default from <html lang>. */
  lang?: string;
  /** `inline` (default): results under the input; `modal`: a launcher opens a dialog; `page`: full-page results with `?q=` in the URL. */
  mode?: Mode;
  /** Query to search at mount (in page mode the URL's `?q=` wins). */
  initialQuery?: string;
  /** Ctrl/Cmd+K and `/` focus this box (default true; the first mounted box with hotkeys gets them). */
  hotkeys?: boolean;
}

export interface ResolvedOptions {
  endpoint: string;
  placeholder: string | null;
  pageSize: number;
  lang: Lang;
  mode: Mode;
  initialQuery: string;
  hotkeys: boolean;
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;
const MODES: readonly Mode[] = ['inline', 'modal', 'page'];

const isMode = (value: unknown): value is Mode => typeof value === 'string' && (MODES as readonly string[]).includes(value);

/** MountOptions from data attributes (`element.dataset`); absent attributes stay absent. */
export function optionsFromDataset(dataset: Readonly<Record<string, string | undefined>>): MountOptions {
  const options: MountOptions = {};
  if (dataset.endpoint !== undefined) options.endpoint = dataset.endpoint;
  if (dataset.placeholder !== undefined) options.placeholder = dataset.placeholder;
  if (dataset.pageSize !== undefined && dataset.pageSize.trim() !== '') options.pageSize = Number(dataset.pageSize);
  if (dataset.lang !== undefined) options.lang = dataset.lang;
  const mode = dataset.mode?.trim().toLowerCase();
  if (isMode(mode)) options.mode = mode;
  if (dataset.initialQuery !== undefined) options.initialQuery = dataset.initialQuery;
  if (dataset.hotkeys !== undefined) options.hotkeys = dataset.hotkeys.trim().toLowerCase() !== 'false';
  return options;
}

/** Explicit options over data attributes, then defaults; out-of-range values fall back to the default. */
export function resolveOptions(
  explicit: MountOptions,
  fromDataset: MountOptions,
  pageLang: string | null,
): ResolvedOptions {
  const pick = <K extends keyof MountOptions>(key: K): MountOptions[K] =>
    explicit[key] !== undefined ? explicit[key] : fromDataset[key];
  const pageSize = Number(pick('pageSize'));
  const placeholder = pick('placeholder');
  return {
    endpoint: normalizeEndpoint(pick('endpoint') ?? ''),
    placeholder: placeholder === undefined || placeholder.trim() === '' ? null : placeholder,
    pageSize: Number.isInteger(pageSize) && pageSize >= 1 ? Math.min(pageSize, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE,
    lang: chooseLang(pick('lang'), pageLang),
    mode: isMode(pick('mode')) ? (pick('mode') as Mode) : 'inline',
    initialQuery: (pick('initialQuery') ?? '').trim(),
    hotkeys: pick('hotkeys') !== false,
  };
}
