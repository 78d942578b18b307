/**
 * Reads Apache Parquet files with hyparquet (uncompressed and Snappy-compressed files), one row
 * group at a time, into a {@link Dataset}. Booleans, numbers (ints, floats, decimals), timestamps
 * and dates keep the kind their Parquet type declares; string columns go through schema
 * inference (categorical, text, or an ISO timestamp); `list<float|double|int>` columns become
 * embeddings. Nested structs and maps are not supported.
 */
import { basename } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaTree } from 'hyparquet';
import type { Dataset } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import { silentProgress } from '../core/progress.js';
import type { ColumnSchema } from '../core/schema.js';
import { fileError } from './file-error.js';
import { TableAssembler } from './table-assembler.js';
import type { TableReadOptions } from './table-read-options.js';

/** Options for {@link readParquet}. */
export type ParquetReadOptions = TableReadOptions;

const NUMERIC_LEAVES = new Set(['INT32', 'INT64', 'FLOAT', 'DOUBLE']);

/** The kind a Parquet column's type declares, or undefined when its strings must be inferred. */
function declaredSchema(node: SchemaTree, file: string): ColumnSchema | undefined {
  const el = node.element;
  const name = el.name;
  if (node.children.length > 0) {
    const isList = el.converted_type === 'LIST' || el.logical_type?.type === 'LIST';
    let leaf = node;
    while (leaf.children.length === 1) leaf = leaf.children[0]!;
    if (isList && leaf.children.length === 0 && leaf.element.type !== undefined && NUMERIC_LEAVES.has(leaf.element.type)) {
      return { name, kind: 'embedding' };
    }
    throw new AntidoteError(
      'unsupported',
      `column "${name}" of ${file} is a nested ${isList ? 'list of non-numbers' : el.converted_type ?? el.logical_type?.type ?? 'group'}; only flat columns and lists of numbers (embeddings) are supported`,
      { file, column: name },
    );
  }
  const logical = el.logical_type?.type;
  const converted = el.converted_type;
  if (logical === 'TIMESTAMP' || logical === 'DATE' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || converted === 'DATE' || el.type === 'INT96') {
    return { name, kind: 'timestamp' };
  }
  if (el.type === 'BOOLEAN') return { name, kind: 'boolean' };
  if ((el.type !== undefined && NUMERIC_LEAVES.has(el.type)) || logical === 'FLOAT16' || converted === 'DECIMAL' || logical === 'DECIMAL') {
    return { name, kind: 'numeric' };
  }
  if (logical === 'UUID') return { name, kind: 'categorical' };
  return undefined;
}

function decodeError(e: unknown, file: string): AntidoteError {
  if (e instanceof AntidoteError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (/compress|codec/i.test(detail)) {
    return new AntidoteError('unsupported', `${file} uses a compression codec this reader does not support (${detail}); rewrite it uncompressed or with Snappy`, { file }, { cause: e });
  }
  return new AntidoteError('invalid_input', `${file} is not a readable Parquet file: ${detail}`, { file }, { cause: e });
}

/**
 * Reads a Parquet file.
 *
 * @example
 * const ds = await readParquet('train.parquet', { schema: { label: 'categorical' } });
 */
export async function readParquet(path: string, options: ParquetReadOptions = {}): Promise<Dataset> {
  const progress = options.progress ?? silentProgress;
  let file: AsyncBuffer;
  try {
    file = await asyncBufferFromFile(path);
  } catch (e) {
    throw fileError(e, path);
  }
  if (file.byteLength === 0) throw new AntidoteError('invalid_input', `${path} is empty`, { file: path });
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw decodeError(e, path);
  }
  const top = parquetSchema(metadata).children;
  const names = top.map((c) => c.element.name);
  const declared = top.map((c) => declaredSchema(c, path));
  if (Number(metadata.num_rows) === 0) throw new AntidoteError('invalid_input', `${path} has no rows`, { file: path });

  const assembler = new TableAssembler(path, names, {
    override: options.schema,
        hints: options.kindHints,
    declared,
    allowNonFinite: options.allowNonFinite,
    inferenceRows: options.inferenceRows,
    rowNoun: 'row',
  });
  progress.start(`read ${basename(path)}`, file.byteLength);
  let rowStart = 0;
  let bytesDone = 0;
  try {
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const chunks = new Map<string, { start: number; data: ArrayLike<unknown> }[]>();
      await parquetRead({
        file,
        metadata,
        rowStart,
        rowEnd,
        onChunk: (c) => {
          const list = chunks.get(c.columnName) ?? [];
          list.push({ start: c.rowStart, data: c.columnData as ArrayLike<unknown> });
          chunks.set(c.columnName, list);
        },
      });
      const columns = names.map((n) => (chunks.get(n) ?? []).sort((a, b) => a.start - b.start));
      const cursors = columns.map(() => 0);
      for (let r = rowStart; r < rowEnd; r++) {
        const row = new Array<unknown>(names.length);
        for (let j = 0; j < names.length; j++) {
          const list = columns[j]!;
          let k = cursors[j]!;
          while (k < list.length && r >= list[k]!.start + list[k]!.data.length) k++;
          cursors[j] = k;
          const chunk = list[k];
          row[j] = chunk && r >= chunk.start ? chunk.data[r - chunk.start] : null;
        }
        assembler.addRow(row, r + 1);
      }
      rowStart = rowEnd;
      bytesDone += Number(group.total_compressed_size ?? group.total_byte_size);
      progress.update(Math.min(bytesDone, file.byteLength));
    }
  } catch (e) {
    throw decodeError(e, path);
  } finally {
    progress.finish();
  }
  return assembler.finish();
}
