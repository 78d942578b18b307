import { readFile } from 'node:fs/promises';
import type { Baseline } from '../core/baseline.js';
import type { Column, Dataset, NumericColumn } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Progress } from '../core/progress.js';
import { readDataset } from '../data/read-dataset.js';
import { loadSchemaOverride, overrideFromSchema } from '../data/schema-override.js';
import { parseDriftConfig, type DriftConfig } from '../drift/drift-config.js';
import { TABLE_TESTS, type DriftTestRegistry } from '../drift/drift-test-registry.js';
import { extractEmbeddings } from '../models/onnx-embeddings.js';

/** How to read a data file: the options every command shares. */
export interface DataInputOptions {
  readonly delimiter?: string;
  /** A JSON file mapping column names to kinds, overriding inference. */
  readonly schemaPath?: string;
  /** A .npy file of per-row vectors, joined as an `embedding` column. */
  readonly embeddingsPath?: string;
  /**
   * An ONNX model run on the table's numeric columns (in order, the label left out); its output
   * `onnxOutput` is joined as an `embedding` column, the representation the backdoor detectors use.
   */
  readonly onnxModel?: string;
  /** The model output to take (e.g. the penultimate layer exposed as a graph output). */
  readonly onnxOutput?: string;
  /** The label column: never fed to the ONNX model. */
  readonly label?: string;
  readonly progress?: Progress;
}

/** The name of the column an ONNX model's output is joined as. */
export const ONNX_EMBEDDING_COLUMN = 'embedding';

/**
 * Reads a data file with the user's schema override and, for a batch, the baseline's column kinds,
 * so that a batch is read exactly as the baseline was (a column the batch lacks is left for the
 * schema check to report).
 */
export async function readInput(path: string, options: DataInputOptions, baseline?: Baseline): Promise<Dataset> {
  if (options.onnxModel !== undefined && options.onnxOutput === undefined) {
    throw new AntidoteError('invalid_input', 'an ONNX model needs the name of the output to take (--onnx-output NAME)');
  }
  if (options.onnxOutput !== undefined && options.onnxModel === undefined) {
    throw new AntidoteError('invalid_input', '--onnx-output names an output of an ONNX model: give the model too (--onnx-model FILE)');
  }
  if (options.onnxModel !== undefined && options.embeddingsPath !== undefined) {
    throw new AntidoteError('invalid_input', 'give either embeddings (--embeddings) or an ONNX model to compute them (--onnx-model), not both');
  }
  const schema = options.schemaPath ? await loadSchemaOverride(options.schemaPath) : undefined;
  const ds = await readDataset(path, {
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(schema ? { schema } : {}),
    ...(baseline ? { kindHints: overrideFromSchema(baseline.schema) } : {}),
    ...(options.embeddingsPath ? { embeddings: options.embeddingsPath } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  if (options.onnxModel === undefined) return ds;
  return withOnnxEmbeddings(ds, path, options.onnxModel, options.onnxOutput!, { ...options, ...(options.label === undefined && baseline?.label ? { label: baseline.label } : {}) });
}

/** Runs the ONNX model on the numeric feature columns and appends its output as the `embedding` column. */
async function withOnnxEmbeddings(ds: Dataset, path: string, model: string, output: string, options: DataInputOptions): Promise<Dataset> {
  if (ds.columns.some((c) => c.name === ONNX_EMBEDDING_COLUMN)) {
    throw new AntidoteError('invalid_input', `the data already has a column named "${ONNX_EMBEDDING_COLUMN}", where the ONNX model's output would go; rename it`, { file: path, column: ONNX_EMBEDDING_COLUMN });
  }
  const features = numericFeatureMatrix(ds, path, options.label);
  const emb = await extractEmbeddings(model, features, { output, ...(options.progress ? { progress: options.progress } : {}) });
  const column: Column = { kind: 'embedding', name: ONNX_EMBEDDING_COLUMN, dim: emb.cols, values: emb.data };
  return { rowCount: ds.rowCount, columns: [...ds.columns, column] };
}

/** The numeric columns (the label left out), in table order, as a float32 rows x columns matrix. */
function numericFeatureMatrix(ds: Dataset, path: string, label: string | undefined): Matrix<Float32Array> {
  const cols = ds.columns.filter((c): c is NumericColumn => c.kind === 'numeric' && c.name !== label);
  if (cols.length === 0) {
    throw new AntidoteError('invalid_input', `the ONNX model is fed the numeric columns, and there are none${label !== undefined ? ` besides the label "${label}"` : ''}; columns: ${ds.columns.map((c) => `${c.name} (${c.kind})`).join(', ')}`, { file: path });
  }
  const data = new Float32Array(ds.rowCount * cols.length);
  cols.forEach((c, j) => {
    for (let i = 0; i < ds.rowCount; i++) {
      const v = c.values[i]!;
      if (Number.isNaN(v)) {
        throw new AntidoteError('invalid_input', `row ${i + 1} has no value in "${c.name}"; the ONNX model needs every numeric column filled (the model is fed: ${cols.map((k) => k.name).join(', ')})`, { file: path, column: c.name });
      }
      data[i * cols.length + j] = v;
    }
  });
  return { rows: ds.rowCount, cols: cols.length, data };
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
