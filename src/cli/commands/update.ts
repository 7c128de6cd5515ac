/**
 * `zhsearch update`: incremental update with progress, then what changed and what it cost.
 */
import { updateIndex, type Config, type UpdateReport } from '../../index.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { failpoint, renderBuildReport } from './build.js';

export function renderUpdateReport(report: UpdateReport): string {
  const head =
    report.mode === 'full'
      ? `full build instead of an update: ${report.reason ?? 'no reason given'}`
      : `${report.mode === 'unchanged' ? 'index unchanged' : 'index updated'}: added ${report.added}, changed ${report.changed}, ` +
        `removed ${report.removed}, skipped ${report.skipped}, unchanged ${report.unchanged}, re-analyzed ${report.reanalyzed}, ` +
        `merged ${report.merged}; ${report.segments} segments, wrote ${(report.writtenBytes / 1e6).toFixed(2)} MB`;
  return `${head}\n${renderBuildReport(report)}`;
}

export async function runUpdate(config: Config, io: CliIo): Promise<number> {
  const progress = createProgress(io);
  const onSaveStep = failpoint(io);
  let report: UpdateReport;
  try {
    report = await updateIndex(config, {
      onProgress: (phase, done, total) => progress.update(phase, done, total),
      ...(onSaveStep === undefined ? {} : { onSaveStep }),
    });
  } finally {
    progress.stop();
  }
  io.stdout.write(renderUpdateReport(report));
  return 0;
}
