/**
 * Processes on this host that made something an index holds (a lock, a temp file or folder of a
 * save): whether they still run, and removing what the gone ones left behind.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Whether a process id on this host is still running: decides when a lock or a temp file is abandoned. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the entries of `directory` whose name matches `pattern` (its first group: the pid of the
 * process that made them) and whose process is gone: temp files and folders of killed builds.
 */
export async function removeLeftoversOfGoneProcesses(directory: string, pattern: RegExp): Promise<void> {
  for (const name of await fs.readdir(directory)) {
    const match = pattern.exec(name);
    if (match === null || isProcessAlive(Number(match[1]))) continue;
    await fs.rm(path.join(directory, name), { recursive: true, force: true });
  }
}
