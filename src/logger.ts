/**
 * The logging interface the library takes by injection. The library never picks a
 * logging backend; shells pass pino, tests pass the silent logger.
 */

export interface Logger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

const noop = (): void => undefined;

/** A logger that drops everything: the default inside the library and in tests. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
