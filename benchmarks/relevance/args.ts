/**
 * The command-line options shared by the relevance scripts (run.ts, tune.ts): which corpora,
 * how many queries per kind, and the seed.
 */
import { parseArgs } from 'node:util';
import { CORPUS_NAMES } from './corpora.js';

export interface RelevanceArgs {
  names: string[];
  perKind: number;
  seed: number;
}

/** Parses `--corpus all|a,b --per-kind N --seed N` from process.argv, failing on anything else. */
export function parseRelevanceArgs(): RelevanceArgs {
  const { values } = parseArgs({
    options: { corpus: { type: 'string', default: 'all' }, 'per-kind': { type: 'string', default: '200' }, seed: { type: 'string', default: '1' } },
    strict: true,
  });
  const names = values.corpus === 'all' ? [...CORPUS_NAMES] : values.corpus.split(',');
  for (const name of names) {
    if (!(CORPUS_NAMES as readonly string[]).includes(name)) throw new Error(`unknown corpus ${name}; one of ${CORPUS_NAMES.join(', ')} or all`);
  }
  const perKind = Number(values['per-kind']);
  const seed = Number(values.seed);
  if (!Number.isInteger(perKind) || perKind < 1 || !Number.isInteger(seed)) throw new Error('--per-kind and --seed must be integers');
  return { names, perKind, seed };
}
