#!/usr/bin/env node
// Proves the two-command rule in CI: `npm start` on this checkout installs/builds what is
// missing, builds the sample index, serves it, and answers 核酸检测 with the five samples.
// Bounded: gives up after 10 minutes, always stops the server it started.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn('npm', ['start'], {
  cwd: root,
  env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});

const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {}
};
const deadline = setTimeout(() => {
  console.error('start-smoke: npm start did not serve within 10 minutes');
  stop();
  process.exit(1);
}, 10 * 60_000);

let output = '';
child.stdout.on('data', async (chunk) => {
  process.stdout.write(chunk);
  output += chunk;
  const match = /serving .* at (http:\/\/\S+)/.exec(output);
  if (match === null || child.served) return;
  child.served = true;
  try {
    const res = await fetch(new URL('/api/search?q=' + encodeURIComponent('核酸检测'), match[1]));
    const body = await res.json();
    const page = await fetch(match[1]);
    const ok = res.status === 200 && body.total === 5 && page.status === 200;
    console.log(`start-smoke: ${ok ? 'ok' : 'FAILED'}: /api/search total=${body.total}, / status=${page.status}`);
    process.exitCode = ok ? 0 : 1;
  } catch (error) {
    console.error('start-smoke: request failed', error);
    process.exitCode = 1;
  }
  clearTimeout(deadline);
  stop();
});
child.on('exit', (code, signal) => {
  clearTimeout(deadline);
  if (!child.served) {
    console.error(`start-smoke: npm start exited early (${code ?? signal})`);
    process.exitCode = 1;
  }
});
