/**
 * Run in a child process (`node --import tsx tests/helpers/print-answers.ts <index> <query>…`):
 * opens the index with the analyzer of this process's ZHSEARCH_* settings and prints its answers
 * as JSON. Tests of another user dictionary need it: jieba holds one dictionary per thread.
 */
import { openEngine, resolveConfig } from '../../src/index.js';
import { answersOf } from './answers.js';

const [index, ...queries] = process.argv.slice(2);
if (index === undefined) throw new Error('usage: print-answers.ts <index> <query>…');
const engine = await openEngine(resolveConfig({ cwd: process.cwd(), env: process.env, flags: { index } }));
process.stdout.write(JSON.stringify(answersOf(engine, queries)));
