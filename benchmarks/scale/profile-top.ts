/**
 * Summarizes V8 `.cpuprofile` files (from `node --cpu-prof`): top functions by self time and by
 * total time (callees included, recursion counted once), and self time by source file; and V8
 * sampling heap profiles (`.heapprofile`, build-phase.ts `--heap-prof`): live bytes by allocating function.
 * Usage: npx tsx benchmarks/scale/profile-top.ts FILE.cpuprofile|FILE.heapprofile... [--top 25]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time spent working, all files together (idle samples left out). */
  totalMs: number;
  selfByFunction: Array<[string, number]>;
  totalByFunction: Array<[string, number]>;
  selfByFile: Array<[string, number]>;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `src/analysis/normalize.ts`, `minisearch/dist/es/index.js`, or `(native)` for VM frames. */
function shortFile(url: string): string {
  if (url === '') return '(native)';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) return file.slice(modules + 'node_modules/'.length);
  return path.isAbsolute(file) ? path.relative(REPO_ROOT, file) : file;
}

function functionKey(frame: CallFrame): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  // Code compiled by tsx reports line 0 for every function: the name and file must do.
  return frame.lineNumber > 0 ? `${name} ${shortFile(frame.url)}:${frame.lineNumber + 1}` : `${name} ${shortFile(frame.url)}`;
}

/** Samples of a thread waiting (the tsx loader thread is idle nearly all the time) are not work. */
const NOT_WORK = new Set(['(idle)', '(root)']);

function sorted(map: Map<string, number>, top: number): Array<[string, number]> {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

/** Adds up one or more profiles (one per thread, say) by function and by file. */
export function summarizeProfiles(files: readonly string[], top: number): ProfileSummary {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const selfMs = new Map<number, number>();
    // timeDeltas[i + 1] is the time until the next sample: the time sample i stands for.
    for (const [i, id] of profile.samples.entries()) {
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
    }
    for (const [id, ms] of selfMs) {
      const node = byId.get(id);
      if (node === undefined || NOT_WORK.has(node.callFrame.functionName)) continue;
      totalMs += ms;
      add(self, functionKey(node.callFrame), ms);
      add(byFile, shortFile(node.callFrame.url), ms);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        if (frame === undefined) break;
        const key = functionKey(frame);
        if (seen.has(key) || NOT_WORK.has(frame.functionName)) continue;
        seen.add(key);
        add(total, key, ms);
      }
    }
  }
  return { totalMs, selfByFunction: sorted(self, top), totalByFunction: sorted(total, top), selfByFile: sorted(byFile, top) };
}

export function renderSummary(summary: ProfileSummary): string {
  const rows = (entries: Array<[string, number]>): string[] =>
    entries.map(([key, ms]) => `  ${(ms / 1000).toFixed(2).padStart(8)} s ${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)} %  ${key}`);
  return [
    `Profiled ${(summary.totalMs / 1000).toFixed(1)} s of work (idle samples left out; % of that work).`,
    'Self time by function:',
    ...rows(summary.selfByFunction),
    'Total time by function (callees included):',
    ...rows(summary.totalByFunction),
    'Self time by file:',
    ...rows(summary.selfByFile),
    '',
  ].join('\n');
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

/** Live bytes (sampled) by the function that allocated them, alone and with its callees, and by file. */
export function summarizeHeapProfile(file: string, top: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const byFile = new Map<string, number>();
  let totalBytes = 0;
  const walk = (node: HeapNode, stack: readonly string[]): void => {
    const key = functionKey(node.callFrame);
    const path = stack.includes(key) ? stack : [...stack, key];
    if (node.selfSize > 0) {
      totalBytes += node.selfSize;
      add(self, key, node.selfSize);
      add(byFile, shortFile(node.callFrame.url), node.selfSize);
      for (const onPath of path) add(total, onPath, node.selfSize);
    }
    for (const child of node.children) walk(child, path);
  };
  walk(profile.head, []);
  const rows = (entries: Array<[string, number]>): string[] =>
    entries.map(([key, bytes]) => `  ${(bytes / 1e6).toFixed(0).padStart(8)} MB ${((100 * bytes) / totalBytes).toFixed(1).padStart(5)} %  ${key}`);
  return [
    `Sampled live heap: ${(totalBytes / 1e6).toFixed(0)} MB.`,
    'Allocated by function (self):',
    ...rows(sorted(self, top)),
    'Allocated under function (callees included):',
    ...rows(sorted(total, top)),
    'Allocated by file:',
    ...rows(sorted(byFile, top)),
    '',
  ].join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true, strict: true });
  if (positionals.length === 0) throw new Error('usage: profile-top.ts FILE.cpuprofile|FILE.heapprofile... [--top 25]');
  const top = Number(values.top);
  const heap = positionals.filter((file) => file.endsWith('.heapprofile'));
  const cpu = positionals.filter((file) => !file.endsWith('.heapprofile'));
  if (cpu.length > 0) process.stdout.write(renderSummary(summarizeProfiles(cpu, top)));
  for (const file of heap) process.stdout.write(summarizeHeapProfile(file, top));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
