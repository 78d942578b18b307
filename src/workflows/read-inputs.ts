import { readFile } from 'node:fs/promises';
import type { Baseline } from '../core/baseline.js';
import type { Dataset } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import type { Progress } from '../core/progress.js';
import { readDataset } from '../data/read-dataset.js';
import { loadSchemaOverride, overrideFromSchema } from '../data/schema-override.js';
import { parseDriftConfig, type DriftConfig } from '../drift/drift-config.js';
import { TABLE_TESTS, type DriftTestRegistry } from '../drift/drift-test-registry.js';

/** How to read a data file: the options every command shares. */
export interface DataInputOptions {
  readonly delimiter?: string;
  /** A JSON file mapping column names to kinds, overriding inference. */
  readonly schemaPath?: string;
  /** A .npy file of per-row vectors, joined as an `embedding` column. */
  readonly embeddingsPath?: string;
  readonly progress?: Progress;
}

/**
 * Reads a data file with the user's schema override and, for a batch, the baseline's column kinds,
 * so that a batch is read exactly as the baseline was (a column the batch lacks is left for the
 * schema check to report).
 */
export async function readInput(path: string, options: DataInputOptions, baseline?: Baseline): Promise<Dataset> {
  const schema = options.schemaPath ? await loadSchemaOverride(options.schemaPath) : undefined;
  return readDataset(path, {
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(schema ? { schema } : {}),
    ...(baseline ? { kindHints: overrideFromSchema(baseline.schema) } : {}),
    ...(options.embeddingsPath ? { embeddings: options.embeddingsPath } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
}

/** Throws `invalid_input` naming the file and the columns it has when `label` is not one of them. */
export function requireLabelColumn(ds: Dataset, label: string, file: string): void {
  if (!ds.columns.some((c) => c.name === label)) {
    throw new AntidoteError('invalid_input', `label column "${label}" does not exist; columns: ${ds.columns.map((c) => c.name).join(', ')}`, { file });
  }
}

/** Reads and validates a drift configuration file. */
export async function readDriftConfig(path: string, registry: DriftTestRegistry): Promise<DriftConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AntidoteError(code === 'ENOENT' ? 'not_found' : 'invalid_input', code === 'ENOENT' ? 'no such file' : `not valid JSON: ${(e as Error).message}`, { file: path });
  }
  return parseDriftConfig(raw, [...registry.keys(), ...TABLE_TESTS], path);
}
