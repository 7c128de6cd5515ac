#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs dependencies when node_modules is absent or
// older than package.json / package-lock.json (the stamp written by `prepare` differs), rebuilds
// dist/ when a source file is newer than it, and rebuilds the browser box (dist/widget, by
// scripts/build-widget.mjs) when a file of src/widget is newer. Plain JS: it must run before
// anything is installed.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'node_modules', '.zhsearch-install-stamp');
const distStamp = path.join(root, 'dist', '.build-stamp');
const widgetSource = path.join(root, 'src', 'widget');
const widgetStamp = path.join(root, 'dist', 'widget', '.build-stamp');
const widgetBuilder = path.join(root, 'scripts', 'build-widget.mjs');

function dependencyHash() {
  const hash = createHash('sha256');
  for (const name of ['package.json', 'package-lock.json']) {
    const file = path.join(root, name);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

function newestMtime(dir, skip = null) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === skip) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full, skip) : statSync(full).mtimeMs);
  }
  return newest;
}

function run(command) {
  console.error(`[zhsearch] ${command}`);
  execSync(command, { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_yes: 'true' } });
}

export function writeInstallStamp() {
  writeFileSync(stampFile, dependencyHash());
}

export function writeBuildStamp() {
  writeFileSync(distStamp, String(Date.now()));
}

function isInstallStale() {
  if (!existsSync(path.join(root, 'node_modules'))) return 'node_modules is missing';
  if (!existsSync(stampFile)) return 'node_modules was not installed by this project';
  if (readFileSync(stampFile, 'utf8') !== dependencyHash()) return 'package.json or package-lock.json changed';
  return null;
}

function isBuildStale() {
  if (!existsSync(distStamp)) return true;
  const built = statSync(distStamp).mtimeMs;
  // tsc does not compile src/widget (its own bundle below), so widget edits do not make dist/ stale.
  return newestMtime(path.join(root, 'src'), widgetSource) > built || statSync(path.join(root, 'tsconfig.json')).mtimeMs > built;
}

function isWidgetStale() {
  if (!existsSync(widgetStamp)) return true;
  const built = statSync(widgetStamp).mtimeMs;
  return newestMtime(widgetSource) > built || statSync(widgetBuilder).mtimeMs > built;
}

function buildWidget() {
  run('node scripts/build-widget.mjs');
}

const mode = process.argv[2] ?? 'ensure';
if (mode === 'prepare') {
  // `npm install` ran (it calls prepare): record what it installed, then build dist/.
  writeInstallStamp();
  run('npx tsc -p tsconfig.json');
  writeBuildStamp();
  buildWidget();
} else {
  const reason = isInstallStale();
  if (reason !== null) {
    console.error(`[zhsearch] installing dependencies (${reason})`);
    // `npm ci` would delete node_modules; install keeps what is there and fixes the rest.
    run('npm install --no-audit --no-fund');
  }
  if (isBuildStale()) {
    run('npx tsc -p tsconfig.json');
    writeBuildStamp();
  }
  if (isWidgetStale()) buildWidget();
}
