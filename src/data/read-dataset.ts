/**
 * The one entry point for loading data: picks the reader from the file's extension (after
 * checking its first bytes agree), applies a schema override, and optionally joins a `.npy` file
 * of per-row embeddings as an extra column.
 */
import type { Column, Dataset } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { readCsv } from './csv-reader.js';
import { detectDataFormat } from './file-format.js';
import { readJsonl } from './jsonl-reader.js';
import { readNpy } from './npy-reader.js';
import { readParquet } from './parquet-reader.js';
import type { TableReadOptions } from './table-read-options.js';

/** Options for {@link readDataset}. */
export interface ReadDatasetOptions extends TableReadOptions {
  /** CSV field delimiter (CSV only; default: tab for `.tsv`, else detected from the header). */
  readonly delimiter?: string;
  /** A `.npy` file with one row per table row, joined as an embedding column. */
  readonly embeddings?: string;
  /** Name of the joined embedding column, and of the column a 2-D `.npy` data file is read into (default `embedding`). */
  readonly embeddingColumn?: string;
}

/** The default name of an embedding column made from a `.npy` file. */
export const DEFAULT_EMBEDDING_COLUMN = 'embedding';

function matrixColumn(m: Matrix<Float32Array>, name: string): Column {
  return { kind: 'embedding', name, dim: m.cols, values: m.data };
}

/**
 * Reads a data set from `.csv`/`.tsv`, `.jsonl`/`.ndjson`, `.parquet` or `.npy`.
 *
 * A `.npy` data file becomes one column: `value` (numeric) when it has a single column, else an
 * embedding column named `embeddingColumn`. Schema overrides apply to table formats only.
 * Every mistake in the input is an `AntidoteError` (`invalid_input`, `not_found`, `unsupported`)
 * whose `location` names the file and, where there is one, the line and column.
 *
 * @example
 * const schema = await loadSchemaOverride('schema.json');
 * const ds = await readDataset('reviews.csv', { schema, embeddings: 'reviews.npy', progress });
 * ds.rowCount; // 10000
 * ds.columns.map((c) => `${c.name}:${c.kind}`); // ['id:numeric', 'text:text', 'label:boolean', 'embedding:embedding']
 */
export async function readDataset(path: string, options: ReadDatasetOptions = {}): Promise<Dataset> {
  const format = await detectDataFormat(path);
  const embeddingName = options.embeddingColumn ?? DEFAULT_EMBEDDING_COLUMN;
  let dataset: Dataset;
  switch (format) {
    case 'csv':
      dataset = await readCsv(path, options);
      break;
    case 'jsonl':
      dataset = await readJsonl(path, options);
      break;
    case 'parquet':
      dataset = await readParquet(path, options);
      break;
    case 'npy': {
      const m = await readNpy(path, options);
      const column: Column = m.cols === 1 ? { kind: 'numeric', name: 'value', values: Float64Array.from(m.data) } : matrixColumn(m, embeddingName);
      dataset = { rowCount: m.rows, columns: [column] };
      break;
    }
  }
  if (options.embeddings === undefined) return dataset;

  const embeddingsFormat = await detectDataFormat(options.embeddings);
  if (embeddingsFormat !== 'npy') {
    throw new AntidoteError('invalid_input', `embeddings file ${options.embeddings} must be a NumPy .npy file, not ${embeddingsFormat}`, { file: options.embeddings });
  }
  if (dataset.columns.some((c) => c.name === embeddingName)) {
    throw new AntidoteError(
      'invalid_input',
      `${path} already has a column named "${embeddingName}"; choose another name for the joined embeddings (embeddingColumn)`,
      { file: path, column: embeddingName },
    );
  }
  const m = await readNpy(options.embeddings, options);
  if (m.rows !== dataset.rowCount) {
    throw new AntidoteError(
      'invalid_input',
      `embeddings file ${options.embeddings} has ${m.rows} rows but ${path} has ${dataset.rowCount}; row i of the embeddings must belong to row i of the table`,
      { file: options.embeddings },
    );
  }
  return { rowCount: dataset.rowCount, columns: [...dataset.columns, matrixColumn(m, embeddingName)] };
}
