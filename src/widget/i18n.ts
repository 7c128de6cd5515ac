/**
 * The box's words in zh-CN, zh-TW and en, and the choice among them (option, else the page's
 * <html lang>). Pure: formatting uses Intl only; nothing here touches the DOM.
 */

export type Lang = 'zh-CN' | 'zh-TW' | 'en';

/** What went wrong with a request, as the user is told. */
export type ErrorKind = 'network' | 'tooLong' | 'unavailable' | 'generic';

export interface Strings {
  placeholder: string;
  label: string;
  results: string;
  suggestions: string;
  recent: string;
  clearRecent: string;
  loading: string;
  loadingMore: string;
  retry: string;
  more: string;
  close: string;
  untitled: string;
  /** Between list items (several categories of one post). */
  listSeparator: string;
  errors: Record<ErrorKind, string>;
  count(total: number): string;
  empty(query: string): string;
  shown(shown: number, total: number): string;
}

const number = (lang: Lang, value: number): string => new Intl.NumberFormat(lang).format(value);

const TABLE: Record<Lang, Strings> = {
  'zh-CN': {
    placeholder: '搜索文章',
    label: '搜索',
    results: '搜索结果',
    suggestions: '搜索建议',
    recent: '最近搜索',
    clearRecent: '清除',
    loading: '正在搜索…',
    loadingMore: '正在加载…',
    retry: '重试',
    more: '更多结果',
    close: '关闭',
    untitled: '无标题',
    listSeparator: '、',
    errors: {
      network: '无法连接到搜索服务。',
      tooLong: '搜索词太长了，请缩短后再试。',
      unavailable: '搜索服务暂时不可用。',
      generic: '搜索出错了。',
    },
    count: (total) => (total === 0 ? '没有找到结果' : `${number('zh-CN', total)} 条结果`),
    empty: (query) => `没有找到与“${query}”相关的结果`,
    shown: (shown, total) => `已显示 ${number('zh-CN', shown)} / ${number('zh-CN', total)} 条结果`,
  },
  'zh-TW': {
    placeholder: '搜尋文章',
    label: '搜尋',
    results: '搜尋結果',
    suggestions: '搜尋建議',
    recent: '最近搜尋',
    clearRecent: '清除',
    loading: '正在搜尋…',
    loadingMore: '正在載入…',
    retry: '重試',
    more: '更多結果',
    close: '關閉',
    untitled: '無標題',
    listSeparator: '、',
    errors: {
      network: '無法連線到搜尋服務。',
      tooLong: '搜尋字詞太長了，請縮短後再試。',
      unavailable: '搜尋服務暫時無法使用。',
      generic: '搜尋時發生錯誤。',
    },
    count: (total) => (total === 0 ? '找不到結果' : `${number('zh-TW', total)} 筆結果`),
    empty: (query) => `找不到與「${query}」相關的結果`,
    shown: (shown, total) => `已顯示 ${number('zh-TW', shown)} / ${number('zh-TW', total)} 筆結果`,
  },
  en: {
    placeholder: 'Search posts',
    label: 'Search',
    results: 'Search results',
    suggestions: 'Suggestions',
    recent: 'Recent searches',
    clearRecent: 'Clear',
    loading: 'Searching…',
    loadingMore: 'Loading…',
    retry: 'Retry',
    more: 'More results',
    close: 'Close',
    untitled: 'Untitled',
    listSeparator: ', ',
    errors: {
      network: 'Cannot reach the search service.',
      tooLong: 'The search is too long; please shorten it.',
      unavailable: 'Search is temporarily unavailable.',
      generic: 'Something went wrong with the search.',
    },
    count: (total) =>
      total === 0 ? 'No results' : `${number('en', total)} ${total === 1 ? 'result' : 'results'}`,
    empty: (query) => `No results for “${query}”`,
    shown: (shown, total) => `Showing ${number('en', shown)} of ${number('en', total)} results`,
  },
};

/**
 * Maps a BCP 47 tag to a supported language: Traditional Chinese tags (zh-TW, zh-HK, zh-MO, zh-Hant…)
 * to zh-TW, other Chinese to zh-CN, anything else non-empty to en; null for an empty or missing tag.
 */
export function normalizeLang(tag: string | null | undefined): Lang | null {
  const lower = (tag ?? '').trim().toLowerCase().replace(/_/g, '-');
  if (lower === '') return null;
  const parts = lower.split('-');
  if (parts[0] !== 'zh') return 'en';
  if (parts.includes('hant') || parts.some((part) => part === 'tw' || part === 'hk' || part === 'mo')) {
    return parts.includes('hans') ? 'zh-CN' : 'zh-TW';
  }
  return 'zh-CN';
}

/**
 * The option wins, then the page's <html lang>, then zh-CN (the posts are Chinese).
 *
 * @example chooseLang(undefined, 'zh-Hant-HK') // 'zh-TW'
 */
export function chooseLang(option: string | null | undefined, pageLang: string | null | undefined): Lang {
  return normalizeLang(option) ?? normalizeLang(pageLang) ?? 'zh-CN';
}

export function stringsFor(lang: Lang): Strings {
  return TABLE[lang];
}

/** How an ISO 8601 date is shown in `lang` (`2022年1月25日`, `Jan 25, 2022`); '' when absent or invalid. */
export function formatDate(iso: string | null, lang: Lang): string {
  if (iso === null || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: lang === 'en' ? 'short' : 'long', day: 'numeric' }).format(date);
}
