/**
 * corsOrigins in the configuration: a list of web origins, empty by default, settable as a comma
 * list in ZHSEARCH_CORS_ORIGINS, normalized to what browsers send, anything else INVALID_CONFIG.
 */
import { describe, expect, it } from 'vitest';
import { isZhsearchError, resolveConfig } from '../../src/index.js';

const cwd = '/nonexistent-zhsearch-config-test';

function resolveError(input: Parameters<typeof resolveConfig>[0]): { code: string; message: string } {
  try {
    resolveConfig(input);
  } catch (error) {
    if (isZhsearchError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  return { code: 'resolved', message: '' };
}

describe('corsOrigins', () => {
  it('is empty by default: same origin only', () => {
    expect(resolveConfig({ cwd, env: {} }).corsOrigins).toEqual([]);
  });

  it('reads ZHSEARCH_CORS_ORIGINS as a comma-separated list', () => {
    const config = resolveConfig({ cwd, env: { ZHSEARCH_CORS_ORIGINS: 'https://blog.example.com, http://localhost:4000' } });
    expect(config.corsOrigins).toEqual(['https://blog.example.com', 'http://localhost:4000']);
  });

  it('normalizes each origin as browsers send it: lowercase host, no trailing slash, no default port', () => {
    const config = resolveConfig({ cwd, env: {}, flags: { corsOrigins: ['https://Blog.Example.com/', 'https://a.example:443', 'http://b.example:8080'] } });
    expect(config.corsOrigins).toEqual(['https://blog.example.com', 'https://a.example', 'http://b.example:8080']);
  });

  it.each([
    ['*'],
    ['blog.example.com'],
    ['https://blog.example.com/path'],
    ['https://blog.example.com?x=1'],
    ['ftp://blog.example.com'],
    ['https://user:pass@blog.example.com'],
    ['null'],
  ])('rejects %j with INVALID_CONFIG naming corsOrigins', (origin) => {
    const error = resolveError({ cwd, env: {}, flags: { corsOrigins: [origin] } });
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('corsOrigins');
    expect(error.message).toContain('not an origin');
  });

  it('rejects a bad origin given in ZHSEARCH_CORS_ORIGINS too', () => {
    expect(resolveError({ cwd, env: { ZHSEARCH_CORS_ORIGINS: 'https://ok.example,https://bad.example/x' } }).code).toBe('INVALID_CONFIG');
  });
});
