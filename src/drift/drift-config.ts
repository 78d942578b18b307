import { AntidoteError } from '../core/errors.js';

/** Thresholds and switches for one test. */
export interface TestSettings {
  readonly enabled?: boolean;
  readonly alpha?: number;
  readonly minEffect?: number;
}

/**
 * Drift-check configuration, from a JSON file (`--config`). Everything is optional.
 *
 * ```json
 * { "alpha": 0.01,
 *   "tests": { "psi": { "minEffect": 0.25 }, "mmd": { "enabled": false } },
 *   "columns": { "age": { "tests": { "ks": { "alpha": 0.001 } } }, "id": { "ignore": true } },
 *   "mmd": { "permutations": 1000, "batchRows": 500 },
 *   "rejectDriftedColumnShare": 0.5 }
 * ```
 */
export interface DriftConfig {
  /** Default alpha for every p-valued test (after Benjamini–Hochberg); default 0.01. */
  readonly alpha?: number;
  readonly tests?: Readonly<Record<string, TestSettings>>;
  readonly columns?: Readonly<Record<string, { readonly ignore?: boolean; readonly tests?: Readonly<Record<string, TestSettings>> }>>;
  readonly mmd?: { readonly permutations?: number; readonly batchRows?: number };
  /** The verdict is `reject` when at least this share of the columns drifted; default 0.5. */
  readonly rejectDriftedColumnShare?: number;
}

/**
 * Validates parsed JSON as a {@link DriftConfig}; every problem names its field path.
 * `knownTests` lists the valid test names.
 */
export function parseDriftConfig(raw: unknown, knownTests: readonly string[], source = 'config'): DriftConfig {
  const obj = expectObject(raw, [source]);
  allowKeys(obj, ['alpha', 'tests', 'columns', 'mmd', 'rejectDriftedColumnShare'], [source]);
  if (obj['alpha'] !== undefined) probability(obj['alpha'], [source, 'alpha']);
  if (obj['rejectDriftedColumnShare'] !== undefined) probability(obj['rejectDriftedColumnShare'], [source, 'rejectDriftedColumnShare']);
  if (obj['tests'] !== undefined) testMap(obj['tests'], knownTests, [source, 'tests']);
  if (obj['columns'] !== undefined) {
    const cols = expectObject(obj['columns'], [source, 'columns']);
    for (const [name, v] of Object.entries(cols)) {
      const c = expectObject(v, [source, 'columns', name]);
      allowKeys(c, ['ignore', 'tests'], [source, 'columns', name]);
      if (c['ignore'] !== undefined && typeof c['ignore'] !== 'boolean') fail('must be true or false', [source, 'columns', name, 'ignore']);
      if (c['tests'] !== undefined) testMap(c['tests'], knownTests, [source, 'columns', name, 'tests']);
    }
  }
  if (obj['mmd'] !== undefined) {
    const m = expectObject(obj['mmd'], [source, 'mmd']);
    allowKeys(m, ['permutations', 'batchRows'], [source, 'mmd']);
    for (const k of ['permutations', 'batchRows'] as const) {
      const v = m[k];
      if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= 10 && v <= 100000)) fail('must be a whole number from 10 to 100000', [source, 'mmd', k]);
    }
  }
  return obj as DriftConfig;
}

function testMap(raw: unknown, known: readonly string[], path: string[]): void {
  const tests = expectObject(raw, path);
  for (const [name, v] of Object.entries(tests)) {
    if (!known.includes(name)) fail(`unknown test "${name}"; available: ${known.join(', ')}`, path);
    const s = expectObject(v, [...path, name]);
    allowKeys(s, ['enabled', 'alpha', 'minEffect'], [...path, name]);
    if (s['enabled'] !== undefined && typeof s['enabled'] !== 'boolean') fail('must be true or false', [...path, name, 'enabled']);
    if (s['alpha'] !== undefined) probability(s['alpha'], [...path, name, 'alpha']);
    if (s['minEffect'] !== undefined && !(typeof s['minEffect'] === 'number' && s['minEffect'] >= 0 && Number.isFinite(s['minEffect']))) fail('must be a number >= 0', [...path, name, 'minEffect']);
  }
}

function expectObject(v: unknown, path: string[]): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`must be an object, got ${JSON.stringify(v)}`, path);
  return v as Record<string, unknown>;
}

function allowKeys(obj: Record<string, unknown>, keys: readonly string[], path: string[]): void {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) fail(`unknown field "${k}"; allowed: ${keys.join(', ')}`, path);
}

function probability(v: unknown, path: string[]): void {
  if (!(typeof v === 'number' && v > 0 && v < 1)) fail(`must be a number between 0 and 1 (exclusive), got ${JSON.stringify(v)}`, path);
}

function fail(message: string, path: string[]): never {
  const [file, ...rest] = path;
  throw new AntidoteError('invalid_input', message, { file, path: rest });
}
