/**
 * Reload benchmark: how long the service's event loop stalls while it loads a new index generation
 * (what a zero-downtime reload costs the requests answered meanwhile). Loads the same index again and
 * again, as the reloader does (the process's analyzer reused), with perf_hooks.monitorEventLoopDelay on.
 * Usage: npx tsx benchmarks/reload.ts (--index DIR | --input DIR) [--runs 9]
 *   --input builds that folder's posts into a temp index first (removed afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex, openEngine, resolveConfig } from '../src/index.js';
import { timedWithStall } from './engine/measure.js';

const { values } = parseArgs({
  options: { index: { type: 'string' }, input: { type: 'string' }, runs: { type: 'string', default: '9' } },
});
if ((values.index === undefined) === (values.input === undefined)) {
  process.stderr.write('usage: npx tsx benchmarks/reload.ts (--index DIR | --input DIR) [--runs 9]\n');
  process.exit(2);
}

const temp = values.input === undefined ? null : mkdtempSync(path.join(os.tmpdir(), 'zhsearch-reload-'));
const index = values.index ?? path.join(temp!, 'index');
const config = resolveConfig({ cwd: process.cwd(), env: {}, flags: { index, ...(values.input === undefined ? {} : { input: values.input }) } });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

try {
  if (values.input !== undefined) await buildIndex(config);
  const served = await openEngine(config);
  const loadMs: number[] = [];
  const stallMs: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const reload = await timedWithStall(() => openEngine(config, { analyzer: served.index.analyzer }));
    loadMs.push(reload.ms);
    stallMs.push(reload.stallMs);
  }
  const fmt = (ms: number): string => ms.toFixed(1);
  process.stdout.write(
    `| index | posts | runs | load ms (median) | longest stall ms (median) | longest stall ms (min–max) |\n` +
      `| --- | --- | --- | --- | --- | --- |\n` +
      `| ${values.input ?? values.index} | ${served.index.docCount} | ${stallMs.length} | ${fmt(median(loadMs))} | ` +
      `${fmt(median(stallMs))} | ${fmt(Math.min(...stallMs))}–${fmt(Math.max(...stallMs))} |\n`,
  );
} finally {
  if (temp !== null) rmSync(temp, { recursive: true, force: true });
}
