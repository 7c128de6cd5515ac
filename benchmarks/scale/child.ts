/**
 * Runs one benchmark phase in a child Node process with a V8 heap limit and a time limit, watching
 * its memory from outside (/proc every 100 ms: the child's own timers stall during synchronous
 * work) and its progress lines, so a crash or a timeout becomes a recorded failure, not a lost run.
 */
import { spawn } from 'node:child_process';
import { procRssMB } from '../engine/measure.js';

/** A line a phase script prints on stdout while it works: `{"event":"progress",...}`. */
export interface ProgressEvent {
  event: 'progress';
  phase: string;
  done: number;
  total: number;
  /** V8 heap in use (garbage not yet collected included), V8 heap reserved, and memory outside the heap (typed arrays). */
  heapUsedMB?: number;
  heapTotalMB?: number;
  externalMB?: number;
}

export interface ChildOutcome<T> {
  ok: boolean;
  /** The last JSON line on stdout that is not a progress event. */
  result: T | null;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  elapsedMs: number;
  /** Kernel peak RSS (VmHWM) at the last reading before the child ended; null when never read. */
  peakRssMB: number | null;
  /** RSS at the last reading before the child ended. */
  lastRssMB: number | null;
  /** Highest RSS seen while each phase was the last one the child reported. */
  peakRssByPhaseMB: Record<string, number>;
  lastProgress: ProgressEvent | null;
  /** Elapsed ms when each phase first reported. */
  phaseStartMs: Record<string, number>;
  /** The end of stderr, for the error that ended the child. */
  stderrTail: string[];
}

export interface ChildOptions {
  script: string;
  args: readonly string[];
  heapMB: number;
  timeoutMs: number;
  /** Extra Node flags such as `--cpu-prof`. */
  nodeArgs?: readonly string[];
  /** Prefix of the progress line echoed on stderr. */
  label: string;
}

const POLL_MS = 100;
const STDERR_TAIL_LINES = 40;

/** The parent's loader flags (tsx) without its own heap or profiler settings. */
function inheritedNodeArgs(): string[] {
  return process.execArgv.filter((arg) => !arg.startsWith('--max-old-space-size') && !arg.startsWith('--cpu-prof'));
}

function isProgress(value: unknown): value is ProgressEvent {
  return typeof value === 'object' && value !== null && (value as { event?: unknown }).event === 'progress';
}

/**
 * Spawns `node <loader flags> --max-old-space-size=<heapMB> <script> <args>` and resolves when it
 * ends (never rejects for the child's own failure: `ok` is false and the facts say why).
 *
 * @example
 * const outcome = await runChild<BuildPhaseResult>({ script, args, heapMB: 8192, timeoutMs: 20 * 60_000, label: '10000 build' });
 */
export function runChild<T>(options: ChildOptions): Promise<ChildOutcome<T>> {
  const nodeArgs = [...inheritedNodeArgs(), `--max-old-space-size=${options.heapMB}`, ...(options.nodeArgs ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, options.script, ...options.args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = performance.now();
  const outcome: ChildOutcome<T> = {
    ok: false,
    result: null,
    exitCode: null,
    signal: null,
    timedOut: false,
    elapsedMs: 0,
    peakRssMB: null,
    lastRssMB: null,
    peakRssByPhaseMB: {},
    lastProgress: null,
    phaseStartMs: {},
    stderrTail: [],
  };
  let lastEchoMs = 0;
  const poll = (): void => {
    if (child.pid === undefined) return;
    const reading = procRssMB(child.pid);
    if (reading === null) return;
    outcome.lastRssMB = reading.rssMB;
    outcome.peakRssMB = Math.max(outcome.peakRssMB ?? 0, reading.peakRssMB);
    const phase = outcome.lastProgress?.phase ?? 'start';
    outcome.peakRssByPhaseMB[phase] = Math.max(outcome.peakRssByPhaseMB[phase] ?? 0, reading.rssMB);
  };
  const timer = setInterval(poll, POLL_MS);
  const deadline = setTimeout(() => {
    outcome.timedOut = true;
    poll();
    child.kill('SIGKILL');
  }, options.timeoutMs);

  let stdoutRest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (stdoutRest + chunk).split('\n');
    stdoutRest = lines.pop() ?? '';
    for (const line of lines) handleLine(line);
  });
  const handleLine = (line: string): void => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // Not one of ours (a library printing on stdout): pass it on rather than lose it.
      process.stderr.write(`  [${options.label}] ${line}\n`);
      return;
    }
    if (!isProgress(value)) {
      outcome.result = value as T;
      return;
    }
    const elapsed = performance.now() - started;
    if (outcome.phaseStartMs[value.phase] === undefined) outcome.phaseStartMs[value.phase] = elapsed;
    outcome.lastProgress = value;
    if (elapsed - lastEchoMs > 1000 || value.done === value.total) {
      lastEchoMs = elapsed;
      const rss = outcome.lastRssMB === null ? '' : `, RSS ${outcome.lastRssMB.toFixed(0)} MB`;
      process.stderr.write(`\r  ${options.label}: ${value.phase} ${value.done}/${value.total} (${(elapsed / 1000).toFixed(0)} s${rss})      `);
    }
  };
  let stderrRest = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const lines = (stderrRest + chunk).split('\n');
    stderrRest = lines.pop() ?? '';
    for (const line of lines) {
      outcome.stderrTail.push(line);
      if (outcome.stderrTail.length > STDERR_TAIL_LINES) outcome.stderrTail.shift();
      if (!line.includes('npm warn')) process.stderr.write(`\n  [${options.label}] ${line}`);
    }
  });

  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(timer);
      clearTimeout(deadline);
      if (stdoutRest !== '') handleLine(stdoutRest);
      if (stderrRest !== '') outcome.stderrTail.push(stderrRest);
      outcome.exitCode = code;
      outcome.signal = signal;
      outcome.elapsedMs = performance.now() - started;
      outcome.ok = code === 0 && !outcome.timedOut && outcome.result !== null;
      process.stderr.write('\n');
      resolve(outcome);
    });
  });
}

/** The line of the child's stderr that best names what ended it. */
export function failureMessage(outcome: ChildOutcome<unknown>, timeoutMs: number): string {
  if (outcome.timedOut) return `killed after the ${(timeoutMs / 60_000).toFixed(0)} min time limit`;
  const telling = [...outcome.stderrTail]
    .reverse()
    .find((line) => /FATAL ERROR|RangeError|Error:|heap out of memory|Killed/.test(line));
  const how = outcome.signal !== null ? `signal ${outcome.signal}` : `exit code ${String(outcome.exitCode)}`;
  if (telling !== undefined) return `${telling.trim()} (${how})`;
  return outcome.result === null && outcome.exitCode === 0 ? 'no result printed' : how;
}
