/**
 * Resolves the configuration once: defaults < `zhsearch.config.json` < `ZHSEARCH_*` env
 * (plus `PORT`/`HOST`) < flags, validated with one error naming every bad key.
 * Paths are resolved against `cwd`. It reads the config file; it never exits the process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ZhsearchError } from '../errors.js';
import { DEFAULT_CONFIG, configSchema, type Config } from './schema.js';

export const CONFIG_FILE = 'zhsearch.config.json';

export interface ResolveConfigInput {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Values from command-line flags (already parsed), keyed like the config. */
  flags?: Partial<Record<keyof Config, unknown>>;
  /** Explicit config file; otherwise `zhsearch.config.json` in cwd when present. */
  configFile?: string;
}

const KEYS = Object.keys(DEFAULT_CONFIG) as Array<keyof Config>;
const PATH_KEYS = ['input', 'index', 'userDict', 'stopwords'] as const;

function envName(key: string): string {
  return `ZHSEARCH_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Turns an env string into the type the default has (numbers, booleans, lists, null). */
function fromEnv(key: keyof Config, raw: string): unknown {
  const sample = DEFAULT_CONFIG[key];
  if (typeof sample === 'number') return raw.trim() === '' ? Number.NaN : Number(raw);
  if (typeof sample === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  if (Array.isArray(sample)) {
    if (raw.trim().startsWith('[')) {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    }
    return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  if (raw === '' && (key === 'permalink' || key === 'userDict' || key === 'stopwords')) return null;
  return raw;
}

function readConfigFile(file: string, required: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!required) return {};
    throw new ZhsearchError('INVALID_CONFIG', `Cannot read config file ${file}.`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ZhsearchError('INVALID_CONFIG', `Config file ${file} is not valid JSON.`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ZhsearchError('INVALID_CONFIG', `Config file ${file} must hold a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/**
 * @example
 * const config = resolveConfig({ cwd: process.cwd(), env: process.env, flags: { port: 8080 } });
 */
export function resolveConfig(input: ResolveConfigInput): Config {
  const fileValues = readConfigFile(path.resolve(input.cwd, input.configFile ?? CONFIG_FILE), input.configFile !== undefined);
  const envValues: Record<string, unknown> = {};
  if (input.env.PORT !== undefined) envValues.port = fromEnv('port', input.env.PORT);
  if (input.env.HOST !== undefined) envValues.host = input.env.HOST;
  for (const key of KEYS) {
    const raw = input.env[envName(key)];
    if (raw !== undefined) envValues[key] = fromEnv(key, raw);
  }
  const flagValues = Object.fromEntries(Object.entries(input.flags ?? {}).filter(([, v]) => v !== undefined));
  const merged = { ...DEFAULT_CONFIG, ...fileValues, ...envValues, ...flagValues };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.length > 0 ? issue.path.join('.') : (issue as { keys?: string[] }).keys?.join(', ') ?? '(root)';
      return `${key}: ${issue.message}`;
    });
    throw new ZhsearchError('INVALID_CONFIG', `Invalid configuration: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  const config = parsed.data;
  for (const key of PATH_KEYS) {
    const value = config[key];
    if (value !== null) (config as Record<string, unknown>)[key] = path.resolve(input.cwd, value);
  }
  return config;
}
