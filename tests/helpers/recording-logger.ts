/**
 * A Logger that keeps every entry, for tests that check what the service logged.
 */
import type { Logger } from '../../src/index.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}

export interface RecordingLogger extends Logger {
  readonly entries: LogEntry[];
  /** The entries of one level. */
  at(level: LogEntry['level']): LogEntry[];
}

export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      entries.push({ level, obj, msg });
    };
  return {
    entries,
    at: (level) => entries.filter((entry) => entry.level === level),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}
