/**
 * `zhsearch update`: incremental update with progress, then what changed and what it cost.
 */
import { updateIndex, type Config, type UpdateReport } from '../../index.js';
import type { CliIo } from '../io.js';
import { renderBuildReport, runWithProgress } from './build.js';

export function renderUpdateReport(report: UpdateReport): string {
  const head =
    report.mode === 'full'
      ? `full build instead of an update: ${report.reason ?? 'no reason given'}`
      : `${report.mode === 'unchanged' ? 'index unchanged' : 'index updated'}: added ${report.added}, changed ${report.changed}, ` +
        `removed ${report.removed}, skipped ${report.skipped}, unchanged ${report.unchanged}, re-analyzed ${report.reanalyzed}, ` +
        `merged ${report.merged}; ${report.segments} segments, wrote ${(report.writtenBytes / 1e6).toFixed(2)} MB`;
  return `${head}\n${renderBuildReport(report)}`;
}

export function runUpdate(config: Config, io: CliIo): Promise<number> {
  return runWithProgress(io, (options) => updateIndex(config, options), renderUpdateReport);
}
