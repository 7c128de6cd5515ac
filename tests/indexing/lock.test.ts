import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireIndexLock, LOCK_FILE } from '../../src/indexing/lock.js';

const dirs: string[] = [];
async function tempIndex(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zhsearch-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the build lock', () => {
  it('refuses a second holder with INDEX_LOCKED naming the first', async () => {
    const dir = await tempIndex();
    const lock = await acquireIndexLock(dir);
    await expect(acquireIndexLock(dir)).rejects.toMatchObject({
      code: 'INDEX_LOCKED',
      message: expect.stringContaining(`process ${process.pid}`),
    });
    await lock.release();
    const again = await acquireIndexLock(dir);
    await again.release();
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = await tempIndex();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid, host: hostname(), startedAt: '2020-01-01T00:00:00Z' }));
    const lock = await acquireIndexLock(dir);
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('keeps a lock held by a live process on another host', async () => {
    const dir = await tempIndex();
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: '2020-01-01T00:00:00Z' }));
    await expect(acquireIndexLock(dir)).rejects.toMatchObject({ code: 'INDEX_LOCKED' });
  });

  it('keeps a freshly written unreadable lock (a build may be writing it)', async () => {
    const dir = await tempIndex();
    await writeFile(path.join(dir, LOCK_FILE), '{"pid":');
    await expect(acquireIndexLock(dir)).rejects.toMatchObject({ code: 'INDEX_LOCKED' });
  });

  it('leaves nothing but a complete LOCK while held, and removes the temp files of a taker that was killed', async () => {
    const dir = await tempIndex();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(path.join(dir, `${LOCK_FILE}.tmp-${Number(gone.stdout)}-0badc0de`), '{"pid":');
    const lock = await acquireIndexLock(dir);
    expect(await readdir(dir)).toEqual([LOCK_FILE]);
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });
});
