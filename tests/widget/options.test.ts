import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, optionsFromDataset, resolveOptions } from '../../src/widget/options.js';

describe('mount options', () => {
  it('reads every agreed data attribute', () => {
    expect(
      optionsFromDataset({
        endpoint: 'https://s.example/',
        mode: 'Modal',
        placeholder: '搜点什么',
        pageSize: '20',
        lang: 'zh-TW',
        initialQuery: '核酸',
        hotkeys: 'false',
      }),
    ).toEqual({ endpoint: 'https://s.example/', mode: 'modal', placeholder: '搜点什么', pageSize: 20, lang: 'zh-TW', initialQuery: '核酸', hotkeys: false });
  });

  it('leaves absent and unknown attributes out', () => {
    expect(optionsFromDataset({ zhsearch: '', mode: 'popup', pageSize: ' ' })).toEqual({});
  });

  it('gives defaults: same origin, inline, 10 per page, language from the page', () => {
    expect(resolveOptions({}, {}, 'zh-Hant-TW')).toEqual({
      endpoint: '',
      placeholder: null,
      pageSize: DEFAULT_PAGE_SIZE,
      lang: 'zh-TW',
      mode: 'inline',
      initialQuery: '',
      hotkeys: true,
    });
  });

  it('lets explicit options win over data attributes', () => {
    const resolved = resolveOptions({ mode: 'page', pageSize: 5 }, { mode: 'modal', pageSize: 20, endpoint: 'https://s.example//' }, null);
    expect(resolved).toMatchObject({ mode: 'page', pageSize: 5, endpoint: 'https://s.example', lang: 'zh-CN' });
  });

  it('falls back to the default page size for nonsense and caps it at the API limit', () => {
    expect(resolveOptions({ pageSize: 0 }, {}, null).pageSize).toBe(DEFAULT_PAGE_SIZE);
    expect(resolveOptions({ pageSize: Number.NaN }, {}, null).pageSize).toBe(DEFAULT_PAGE_SIZE);
    expect(resolveOptions({ pageSize: 2.5 }, {}, null).pageSize).toBe(DEFAULT_PAGE_SIZE);
    expect(resolveOptions({ pageSize: 500 }, {}, null).pageSize).toBe(MAX_PAGE_SIZE);
  });
});
