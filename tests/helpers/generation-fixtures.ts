/**
 * Hand-made index generations for reload tests: a copy of the current generation, edited (a flipped byte,
 * another analyzer's fingerprint), published the way a build publishes (CURRENT replaced by a rename).
 */
import { cp, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Copies the generation CURRENT names to the next free number, lets `edit` change the copy, then switches CURRENT to it. */
export async function publishEditedCopy(indexDir: string, edit: (generationDir: string) => Promise<void>): Promise<number> {
  const current = (await readFile(path.join(indexDir, 'CURRENT'), 'utf8')).trim();
  const numbers = (await readdir(indexDir)).map((name) => /^gen-(\d+)$/.exec(name)).flatMap((m) => (m === null ? [] : [Number(m[1])]));
  const generation = Math.max(...numbers) + 1;
  const name = `gen-${String(generation).padStart(6, '0')}`;
  const target = path.join(indexDir, name);
  await cp(path.join(indexDir, current), target, { recursive: true });
  const manifestFile = path.join(target, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
  await writeFile(manifestFile, JSON.stringify({ ...manifest, generation }, null, 2));
  await edit(target);
  const temp = path.join(indexDir, `CURRENT.tmp-test-${generation}`);
  await writeFile(temp, `${name}\n`);
  await rename(temp, path.join(indexDir, 'CURRENT'));
  return generation;
}

/** Flips one byte in the middle of `file` (same size: only the checksum can tell). */
export async function flipByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  await writeFile(file, bytes);
}

/** Makes the generation claim another analyzer built it (the manifest is not checksummed; it holds the checksums). */
export async function setAnalyzerFingerprint(generationDir: string, fingerprint: string): Promise<void> {
  const manifestFile = path.join(generationDir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
  await writeFile(manifestFile, JSON.stringify({ ...manifest, analyzerFingerprint: fingerprint }, null, 2));
}
