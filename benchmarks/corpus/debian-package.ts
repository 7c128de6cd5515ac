/**
 * Fetches one Debian package into a cache folder (`apt-get download`, `apt-get update` only when the
 * first try fails) and unpacks it with `dpkg -x`. Knows nothing about what the package holds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

export interface UnpackedPackage {
  /** The .deb file in the cache. */
  debPath: string;
  /** Folder that `dpkg -x` filled (holds usr/…). */
  rootDir: string;
}

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

function run(command: string, args: readonly string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function findDeb(folder: string, name: string): string | null {
  const debs = readdirSync(folder)
    .filter((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'))
    .sort();
  const last = debs.at(-1);
  return last === undefined ? null : path.join(folder, last);
}

function download(name: string, debDir: string): string {
  try {
    run('apt-get', ['download', name], debDir);
  } catch (first) {
    process.stderr.write(`apt-get download ${name} failed; running apt-get update and trying again\n`);
    run('apt-get', ['update'], debDir);
    try {
      run('apt-get', ['download', name], debDir);
    } catch (second) {
      throw new Error(`cannot download ${name}: ${String(second)}`, { cause: first });
    }
  }
  const deb = findDeb(debDir, name);
  if (deb === null) throw new Error(`apt-get download ${name} left no .deb in ${debDir}`);
  return deb;
}

/**
 * The unpacked package `name`, downloaded and extracted under `cacheDir` on first use, reused after.
 *
 * @example
 * const { rootDir } = fetchDebianPackage('libreoffice-help-zh-cn', 'benchmarks/.work');
 */
export function fetchDebianPackage(name: string, cacheDir: string): UnpackedPackage {
  if (!PACKAGE_NAME.test(name)) throw new Error(`not a Debian package name: ${JSON.stringify(name)}`);
  const debDir = path.join(cacheDir, 'debs');
  mkdirSync(debDir, { recursive: true });
  const debPath = findDeb(debDir, name) ?? download(name, debDir);
  const rootDir = path.join(cacheDir, 'unpacked', path.basename(debPath, '.deb'));
  if (!existsSync(rootDir)) {
    // Unpack beside the final folder and rename: an interrupted run never leaves half a tree behind.
    const partial = `${rootDir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    run('dpkg', ['-x', debPath, partial], cacheDir);
    renameSync(partial, rootDir);
  }
  return { debPath, rootDir };
}
