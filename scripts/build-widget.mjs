#!/usr/bin/env node
// Builds the browser search box: src/widget/index.ts → dist/widget/widget.js (one minified
// ES2019 IIFE defining the `Zhsearch` global) and src/widget/widget.css → dist/widget/widget.css
// (minified), prints their gzip sizes and writes dist/widget/.build-stamp. The server serves
// both files as /widget.js and /widget.css; this script never touches the rest of dist/.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src', 'widget');
const outDir = path.join(root, 'dist', 'widget');
/** Budget for widget.js + widget.css together, gzipped. */
const GZIP_BUDGET_BYTES = 15 * 1024;
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

mkdirSync(outDir, { recursive: true });
const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', absWorkingDir: root };
await build({
  ...common,
  entryPoints: [path.join(source, 'index.ts')],
  outfile: path.join(outDir, 'widget.js'),
  format: 'iife',
  globalName: 'Zhsearch',
  target: 'es2019',
  platform: 'browser',
  tsconfig: path.join(source, 'tsconfig.json'),
  define: { __ZHSEARCH_VERSION__: JSON.stringify(version) },
});
await build({
  ...common,
  entryPoints: [path.join(source, 'widget.css')],
  outfile: path.join(outDir, 'widget.css'),
  // The browsers an ES2019 script runs in; esbuild lowers newer CSS syntax for them.
  target: ['chrome80', 'edge80', 'firefox78', 'safari13.1'],
});

const sizes = ['widget.js', 'widget.css'].map((name) => {
  const bytes = readFileSync(path.join(outDir, name));
  return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const { name, raw, gzip } of sizes) console.error(`[zhsearch] dist/widget/${name}: ${kb(raw)}, ${kb(gzip)} gzip`);
const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
const verdict = total <= GZIP_BUDGET_BYTES ? 'within' : 'OVER';
console.error(`[zhsearch] widget total ${kb(total)} gzip (${verdict} the ${kb(GZIP_BUDGET_BYTES)} budget)`);
writeFileSync(path.join(outDir, '.build-stamp'), String(Date.now()));
