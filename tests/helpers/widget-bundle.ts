/**
 * The built browser box (dist/widget/widget.js and widget.css) for the real-browser tests: builds it
 * with scripts/build-widget.mjs when it is missing or older than src/widget, once even when several
 * test files start at the same time (a lock directory in the OS temp folder).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WIDGET_DIR = path.join(ROOT, 'dist', 'widget');
const SOURCES = [path.join(ROOT, 'src', 'widget'), path.join(ROOT, 'src', 'api', 'contract.ts')];
/** A lock older than this was left by a killed run. */
const STALE_LOCK_MS = 60_000;

/** The two files of the built box. */
export interface WidgetBundle {
  js: Buffer;
  css: Buffer;
}

const widgetFile = (name: 'widget.js' | 'widget.css'): string => path.join(WIDGET_DIR, name);

function newestMtimeMs(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newestMtimeMs(path.join(target, name))));
}

function needsBuild(): boolean {
  const files = [widgetFile('widget.js'), widgetFile('widget.css')];
  if (!files.every((file) => existsSync(file))) return true;
  const built = Math.min(...files.map((file) => statSync(file).mtimeMs));
  return Math.max(...SOURCES.map(newestMtimeMs)) > built;
}

/** Builds dist/widget when it is missing or stale; resolves once it is current. */
export async function ensureWidgetBuilt(): Promise<void> {
  if (!needsBuild()) return;
  const lock = path.join(os.tmpdir(), `zhsearch-widget-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 2 * STALE_LOCK_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`could not take ${lock} to build the widget`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    if (needsBuild()) await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build-widget.mjs')], { cwd: ROOT });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

let loaded: Promise<WidgetBundle> | null = null;

/** The current bundle's bytes (built first when needed); read once per process. */
export function loadWidgetBundle(): Promise<WidgetBundle> {
  loaded ??= ensureWidgetBuilt().then(() => ({ js: readFileSync(widgetFile('widget.js')), css: readFileSync(widgetFile('widget.css')) }));
  return loaded;
}
