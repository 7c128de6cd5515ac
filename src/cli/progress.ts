/**
 * Build progress: a cli-progress bar on a terminal, plain lines otherwise (CI, pipes), at most
 * one line per tenth of the work so logs stay short.
 */
import cliProgress from 'cli-progress';
import type { BuildPhase } from '../index.js';
import type { CliIo } from './io.js';

const LABELS: Record<BuildPhase, string> = { read: 'reading posts', index: 'indexing', save: 'saving' };

export interface Progress {
  update(phase: BuildPhase, done: number, total: number): void;
  stop(): void;
}

export function createProgress(io: CliIo): Progress {
  if (io.stderr.isTTY === true && io.env.CI === undefined) {
    const bar = new cliProgress.SingleBar(
      { format: ' {phase} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let current: BuildPhase | null = null;
    return {
      update(phase, done, total) {
        if (phase !== current) {
          if (current !== null) bar.stop();
          bar.start(total, done, { phase: LABELS[phase].padEnd(13) });
          current = phase;
        } else bar.update(done);
      },
      stop() {
        if (current !== null) bar.stop();
      },
    };
  }
  let lastPhase: BuildPhase | null = null;
  let lastTenth = -1;
  return {
    update(phase, done, total) {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (phase === lastPhase && tenth === lastTenth) return;
      lastPhase = phase;
      lastTenth = tenth;
      io.stderr.write(`${LABELS[phase]}: ${done}/${total}\n`);
    },
    stop() {},
  };
}
