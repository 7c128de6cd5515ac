/**
 * The build half of the scale benchmark, run in a child process by run.ts: buildIndex (or, with
 * `--mode update`, updateIndex) through the public API, with progress lines on stdout (the parent watches memory per phase) and one JSON
 * BuildPhaseResult as the last line. Nothing is printed for people here.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIndex, resolveConfig, updateIndex, type BuildPhase, type UpdateReport } from '../../src/index.js';
import { folderBytes, MB, procRssMB, rssMB } from '../engine/measure.js';
import type { ProgressEvent } from './child.js';

export interface BuildPhaseResult {
  /** Worker threads the build used (1: in-process). */
  workers?: number;
  /** What an update did (only with --mode update). */
  update?: Pick<UpdateReport, 'mode' | 'added' | 'changed' | 'removed' | 'writtenBytes' | 'segments'>;
  indexed: number;
  skipped: number;
  warnings: number;
  boilerplateLines: number;
  inputBytes: number;
  buildMs: number;
  /** User + system CPU of the whole process (all threads) during the build. */
  buildCpuMs: number;
  /** Split of buildMs by the time each phase first reported ('read' includes listing and jieba's load). */
  phaseMs: Record<BuildPhase, number>;
  generationBytes: number;
  /** Bytes of each file of the new generation. */
  generationFiles: Record<string, number>;
  rssAfterBuildMB: number;
  heapUsedAfterBuildMB: number;
  /** VmHWM of this process at the end of the build (null off Linux). */
  peakRssMB: number | null;
}

const PROGRESS_EVERY = 500;

function emit(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * V8's sampling heap profiler through an in-thread inspector session (whose replies arrive
 * synchronously): `save(name)` writes `<dir>/<name>.heapprofile`, the sampled objects live at that
 * moment with their allocation sites. Typed-array contents live outside the V8 heap and are not in it.
 */
function startHeapSampling(dir: string): { save: (name: string) => void; stop: () => void } {
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}): unknown => {
    let reply: unknown;
    let failure: Error | null = null;
    session.post(method, params, (error, result) => {
      failure = error;
      reply = result;
    });
    if (failure !== null) throw failure;
    return reply;
  };
  post('HeapProfiler.enable');
  post('HeapProfiler.startSampling', { samplingInterval: 256 * 1024 });
  return {
    save: (name) => {
      const { profile } = post('HeapProfiler.getSamplingProfile') as { profile: object };
      writeFileSync(path.join(dir, `${name}.heapprofile`), JSON.stringify(profile));
    },
    stop: () => {
      post('HeapProfiler.stopSampling');
      session.disconnect();
    },
  };
}

function progressEvent(phase: string, done: number, total: number): ProgressEvent {
  const memory = process.memoryUsage();
  return {
    event: 'progress',
    phase,
    done,
    total,
    heapUsedMB: memory.heapUsed / MB,
    heapTotalMB: memory.heapTotal / MB,
    externalMB: memory.external / MB,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cwd: { type: 'string' },
      input: { type: 'string' },
      index: { type: 'string' },
      'heap-prof': { type: 'string' },
      mode: { type: 'string', default: 'build' },
      workers: { type: 'string' },
    },
    strict: true,
  });
  const { cwd, input, index } = values;
  if (cwd === undefined || input === undefined || index === undefined) throw new Error('build-phase needs --cwd, --input and --index');
  const workers = values.workers === undefined ? {} : { buildWorkers: Number(values.workers) };
  const config = resolveConfig({ cwd, env: {}, flags: { input, index, ...workers } });
  const firstSeenMs = new Map<BuildPhase, number>();
  // Two moments: the last document indexed (the n-gram builders and everything else still alive,
  // near the build's peak) and the start of the save (the finished index alone).
  const heapSampling = values['heap-prof'] === undefined ? null : startHeapSampling(values['heap-prof']);
  const onProgress = (phase: BuildPhase, done: number, total: number): void => {
    const isNew = !firstSeenMs.has(phase);
    if (isNew) firstSeenMs.set(phase, performance.now());
    if (phase === 'index' && done === total) heapSampling?.save('index-end');
    if (isNew && phase === 'save') {
      heapSampling?.save('save-start');
      heapSampling?.stop();
    }
    // stdout to a pipe is synchronous on Linux, so these lines get out even from synchronous loops.
    if (isNew || done === total || done % PROGRESS_EVERY === 0) emit(progressEvent(phase, done, total));
  };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  emit(progressEvent('start', 0, 0));
  const updated: UpdateReport | null = values.mode === 'update' ? await updateIndex(config, { onProgress }) : null;
  const report = updated ?? (await buildIndex(config, { onProgress }));
  const ended = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const indexStarted = firstSeenMs.get('index') ?? ended;
  const saveStarted = firstSeenMs.get('save') ?? ended;
  const generationFiles: Record<string, number> = {};
  for (const name of readdirSync(report.generationDir, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(path.join(report.generationDir, name));
    if (stat.isFile()) generationFiles[name] = stat.size;
  }
  const result: BuildPhaseResult = {
    workers: report.workers,
    ...(updated === null
      ? {}
      : {
          update: {
            mode: updated.mode,
            added: updated.added,
            changed: updated.changed,
            removed: updated.removed,
            writtenBytes: updated.writtenBytes,
            segments: updated.segments,
          },
        }),
    indexed: report.indexed,
    skipped: report.skipped,
    warnings: report.warnings.length,
    boilerplateLines: report.boilerplate.length,
    inputBytes: report.inputBytes,
    buildMs: ended - started,
    buildCpuMs: (cpu.user + cpu.system) / 1000,
    phaseMs: { read: indexStarted - started, index: saveStarted - indexStarted, save: ended - saveStarted },
    generationBytes: folderBytes(report.generationDir),
    generationFiles,
    rssAfterBuildMB: rssMB(),
    heapUsedAfterBuildMB: process.memoryUsage().heapUsed / MB,
    peakRssMB: procRssMB('self')?.peakRssMB ?? null,
  };
  emit(result);
}

main().catch((error: unknown) => {
  process.stderr.write(`build-phase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
