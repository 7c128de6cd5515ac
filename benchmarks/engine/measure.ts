/**
 * Small measuring helpers for the benchmarks: percentiles, bytes of a folder on disk, machine facts.
 * No engine code here.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';

/** CPU time (user + system, all threads of the process) of synchronous `work`, in ms: less sensitive than wall time to a busy machine. */
export function cpuMsOf(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Nearest-rank percentile (`p` in 0–100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sum of the sizes of the regular files under `dir`, recursively (apparent size, not blocks). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(child);
    else if (entry.isFile()) total += statSync(child).size;
  }
  return total;
}

export interface MachineFacts {
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  /** 1-minute load average when the facts were taken: other work on the machine skews timings. */
  loadAverage: string;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    node: process.version,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: (os.loadavg()[0] ?? 0).toFixed(2),
  };
}

export const MB = 1e6;

export function rssMB(): number {
  return process.memoryUsage().rss / MB;
}

/**
 * Resident-set figures of a process from /proc/<pid>/status (Linux): `VmRSS` now and `VmHWM`, the
 * kernel's own peak RSS since the process started (all threads). Null when unreadable (gone, not Linux).
 */
export function procRssMB(pid: number | 'self'): { rssMB: number; peakRssMB: number } | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // The process has exited, or there is no /proc: the caller keeps its last reading.
    return null;
  }
  const rss = kBFieldMB(status, 'VmRSS');
  const peak = kBFieldMB(status, 'VmHWM');
  return rss === null || peak === null ? null : { rssMB: rss, peakRssMB: peak };
}

/** `MemAvailable` of /proc/meminfo (Linux): what the kernel could give without swapping. Null off Linux. */
export function memAvailableMB(): number | null {
  try {
    return kBFieldMB(readFileSync('/proc/meminfo', 'utf8'), 'MemAvailable');
  } catch {
    return null;
  }
}

/**
 * Runs `work` with perf_hooks.monitorEventLoopDelay on: its wall time and the longest stall of the
 * event loop meanwhile, which is how long a request arriving during it could have waited.
 */
export async function timedWithStall<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  // The last stall is recorded when the delayed timer fires, after the work returned.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  return { value, ms, stallMs: delay.max / 1e6 };
}

/** A `Field:   123 kB` line of a /proc file, in MB. */
function kBFieldMB(text: string, field: string): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match?.[1] === undefined ? null : (Number(match[1]) * 1024) / MB;
}

/** `abc1234` or `abc1234+dirty` for the git checkout at `dir`; 'unknown' outside git. */
export function sourceRevision(dir: string): string {
  const git = (args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const commit = git(['rev-parse', '--short', 'HEAD']);
    // `:/src` is the repository's src/, whatever folder `dir` is (a bare `src` is relative to it).
    return git(['status', '--porcelain', '--', ':/src']) === '' ? commit : `${commit}+dirty`;
  } catch {
    // Not a git checkout (or no git): the report says so instead of failing the benchmark.
    return 'unknown';
  }
}
