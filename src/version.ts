/**
 * zhsearch's own version, read from package.json (one folder above both src/ and dist/).
 */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  const json = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof json.version === 'string' ? json.version : '0.0.0';
}

export const ZHSEARCH_VERSION = readVersion();
