/**
 * The build lock of an index folder: `index/LOCK`, created exclusively, naming the holder.
 * A lock whose process is gone (same host) is stale and taken over. It does not order readers:
 * readers never need it, since generations are immutable and CURRENT switches atomically.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { ZhsearchError } from '../errors.js';
import { isProcessAlive, removeLeftoversOfGoneProcesses } from './process-alive.js';

export const LOCK_FILE = 'LOCK';
/** A lock file we cannot read is taken as stale only after this long (a crash mid-write). */
const UNREADABLE_LOCK_STALE_MS = 10 * 60_000;
const LOCK_TEMP = /^LOCK\.tmp-(\d+)-[0-9a-f]+$/;

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export interface IndexLock {
  release(): Promise<void>;
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const value = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.startedAt === 'string') {
      return { pid: value.pid, host: value.host, startedAt: value.startedAt };
    }
  } catch {
    // unreadable or half-written: judged by its age below
  }
  return null;
}

async function isStale(file: string, owner: LockOwner | null): Promise<boolean> {
  if (owner !== null) return owner.host === hostname() && !isProcessAlive(owner.pid);
  try {
    const stat = await fs.stat(file);
    return Date.now() - stat.mtimeMs > UNREADABLE_LOCK_STALE_MS;
  } catch {
    return true;
  }
}

/**
 * Creates `file` holding `owner`, or returns false if it exists. The owner is written to a temp file
 * first and hard-linked into place: `LOCK` never exists without its owner, so a build killed while
 * taking the lock leaves no unreadable lock (which would block the index for UNREADABLE_LOCK_STALE_MS).
 * Where hard links are refused, it falls back to an exclusive create and write.
 */
async function createLockFile(file: string, owner: LockOwner): Promise<boolean> {
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(temp, JSON.stringify(owner));
  try {
    await fs.link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
  try {
    await fs.writeFile(file, JSON.stringify(owner), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes the build lock of `indexDir`, or fails with INDEX_LOCKED naming the holder.
 * A stale lock (its process is gone) is removed and taken.
 */
export async function acquireIndexLock(indexDir: string): Promise<IndexLock> {
  await fs.mkdir(indexDir, { recursive: true });
  const file = path.join(indexDir, LOCK_FILE);
  // Temp files of takers killed between writing and linking.
  await removeLeftoversOfGoneProcesses(indexDir, LOCK_TEMP);
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createLockFile(file, me)) {
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await fs.rm(file, { force: true });
        },
      };
    }
    const owner = await readOwner(file);
    if (attempt === 0 && (await isStale(file, owner))) {
      await fs.rm(file, { force: true });
      continue;
    }
    const who = owner === null ? 'another build' : `process ${owner.pid} on ${owner.host}, since ${owner.startedAt}`;
    throw new ZhsearchError(
      'INDEX_LOCKED',
      `The index ${indexDir} is being written by ${who}. Wait for it to finish, or remove ${file} if that build is gone.`,
      { details: { owner } },
    );
  }
  throw new ZhsearchError('INDEX_LOCKED', `Could not take the build lock of ${indexDir}.`);
}

/** Runs `work` holding the build lock of `indexDir`, and releases it whatever happens. */
export async function withIndexLock<T>(indexDir: string, work: () => Promise<T>): Promise<T> {
  const lock = await acquireIndexLock(indexDir);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
