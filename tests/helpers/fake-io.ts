/**
 * A CliIo that records stdout and stderr, and a one-call runner for `main(argv, io)`.
 */
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface FakeIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
}

/**
 * Not a terminal (no colour, plain progress lines) unless `stdoutIsTTY`, with an explicit env and
 * cwd. stderr is never a TTY: the progress bar would write to the real process.stderr.
 */
export function createFakeIo(cwd: string, env: Record<string, string | undefined> = {}, stdoutIsTTY = false): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (text: string) => out.push(text), isTTY: stdoutIsTTY },
      stderr: { write: (text: string) => err.push(text) },
      env,
      cwd,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with `argv` (no node, no script). */
export async function runCli(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined>; stdoutIsTTY?: boolean },
): Promise<CliRun> {
  const fake = createFakeIo(options.cwd, options.env ?? {}, options.stdoutIsTTY ?? false);
  const code = await main(argv, fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}
