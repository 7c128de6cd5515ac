/**
 * `zhsearch build`: full build with progress, then a report of posts, skips, time and size.
 */
import { buildIndex, type BuildOptions, type BuildReport, type Config, type SaveStep } from '../../index.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Test-only failpoint (like TiKV's fail-rs): `ZHSEARCH_FAILPOINT=switch:before` kills the
 * process at that save step, so tests can prove a killed build leaves the old index serving.
 */
function failpoint(io: CliIo): ((step: SaveStep) => void) | undefined {
  const spec = io.env.ZHSEARCH_FAILPOINT;
  if (spec === undefined || spec === '') return undefined;
  return (step) => {
    if (`${step.action}:${step.phase}` === spec) process.kill(process.pid, 'SIGKILL');
  };
}

export function renderBuildReport(report: BuildReport): string {
  const lines = [
    `indexed ${report.indexed} posts, skipped ${report.skipped}, ${report.warnings.length} warnings${report.workers > 1 ? `, ${report.workers} workers` : ''}`,
    ...report.skips.map((skip) => `  skipped ${skip.path}: ${skip.code} ${skip.message}`),
    ...report.warnings.map((warning) => `  warning ${warning.path}: ${warning.code} ${warning.message}`),
    ...report.saveWarnings.map((warning) => `  warning: ${warning}`),
    ...(report.boilerplate.length === 0
      ? []
      : [
          `boilerplate: ${report.boilerplate.length} lines found in too many posts, not indexed`,
          ...report.boilerplate.slice(0, 20).map((b) => `  ${b.posts} posts: ${b.line.length > 60 ? `${b.line.slice(0, 60)}…` : b.line}`),
        ]),
    `time ${(report.durationMs / 1000).toFixed(2)} s, posts ${formatBytes(report.inputBytes)}, index ${formatBytes(report.indexBytes)}`,
    `index written to ${report.generationDir}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs a build or an update with a progress bar and the failpoint, then prints its report. */
export async function runWithProgress<R>(
  io: CliIo,
  work: (options: BuildOptions) => Promise<R>,
  render: (report: R) => string,
): Promise<number> {
  const progress = createProgress(io);
  const onSaveStep = failpoint(io);
  let report: R;
  try {
    report = await work({
      onProgress: (phase, done, total) => progress.update(phase, done, total),
      ...(onSaveStep === undefined ? {} : { onSaveStep }),
    });
  } finally {
    progress.stop();
  }
  io.stdout.write(render(report));
  return 0;
}

export function runBuild(config: Config, io: CliIo): Promise<number> {
  return runWithProgress(io, (options) => buildIndex(config, options), renderBuildReport);
}
