/**
 * The CLI's window on the world, injected so commands run in tests without a terminal.
 */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** ANSI colour only on terminals and when NO_COLOR is unset. */
export function useColor(io: CliIo): boolean {
  return io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
}
