/**
 * The text of a CSV/TSV file as the attack workflow rewrites it: the header, every record's
 * cells exactly as written, the delimiter and the line ending, so that rows the attack leaves
 * alone are written back unchanged. Also the label column as class codes and numeric feature
 * columns as a matrix, each error naming the column and row.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { parseNumberCell } from '../data/cell-parsers.js';
import { detectDelimiter } from '../data/csv-reader.js';
import { CsvTokenizer } from '../data/csv-tokenizer.js';
import { fileError } from '../data/file-error.js';
import { detectDataFormat } from '../data/file-format.js';
import { isMissingValue } from '../data/missing-value.js';

/** A CSV file as text cells. */
export interface RawTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly records: readonly (readonly string[])[];
  readonly delimiter: string;
  readonly eol: '\r\n' | '\n';
  /** The extension, lower case (`.csv`, `.tsv`, `.txt`). */
  readonly ext: string;
}

/**
 * Reads a CSV or TSV file into text cells (delimiter: the option, tab for `.tsv`, else detected).
 *
 * @throws AntidoteError `unsupported` for another format, `invalid_input` for a ragged or headerless file.
 */
export async function readRawTable(path: string, delimiterOption?: string): Promise<RawTable> {
  const format = await detectDataFormat(path);
  if (format !== 'csv') {
    throw new AntidoteError('unsupported', `antidote attack reads and writes CSV or TSV files; ${path} is ${format}. Convert it to CSV first`, { file: path });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileError(e, path);
  }
  const ext = extname(path).toLowerCase();
  const delimiter = delimiterOption ?? (ext === '.tsv' ? '\t' : detectDelimiter(bytes));
  const records: string[][] = [];
  const t = new CsvTokenizer(delimiter, (fields) => records.push(fields), path);
  t.push(bytes);
  t.end();
  const header = records.shift();
  if (header === undefined) throw new AntidoteError('invalid_input', 'holds no header row', { file: path });
  records.forEach((r, i) => {
    if (r.length !== header.length) throw new AntidoteError('invalid_input', `data row ${i} (line ${i + 2}) has ${r.length} fields, expected ${header.length} like the header`, { file: path });
  });
  const nl = bytes.indexOf(0x0a);
  const eol = nl > 0 && bytes[nl - 1] === 0x0d ? '\r\n' : '\n';
  return { file: path, header, records, delimiter, eol, ext };
}

/** The index of column `name`; throws `invalid_input` naming the flag and the columns there are. */
export function columnIndex(table: RawTable, name: string, what: string): number {
  const at = table.header.indexOf(name);
  if (at < 0) throw new AntidoteError('invalid_input', `${what} "${name}" is not a column; columns: ${table.header.join(', ')}`, { file: table.file });
  return at;
}

/** The label column as codes into `classNames` (its distinct non-missing values, sorted); -1 for a missing label. */
export interface TableLabels {
  readonly codes: Int32Array;
  readonly classNames: readonly string[];
}

/** Reads the label column as class codes. */
export function tableLabels(table: RawTable, labelAt: number): TableLabels {
  const names = new Set<string>();
  for (const r of table.records) if (!isMissingValue(r[labelAt])) names.add(r[labelAt]!);
  const classNames = [...names].sort();
  const index = new Map(classNames.map((c, k) => [c, k] as const));
  const codes = new Int32Array(table.records.length);
  table.records.forEach((r, i) => {
    codes[i] = index.get(r[labelAt]!) ?? -1;
  });
  return { codes, classNames };
}

/**
 * The given columns as a float64 matrix (rows x columns). With `allowMissing`, a missing cell is
 * NaN; otherwise every cell must be a finite number.
 *
 * @throws AntidoteError `invalid_input` naming the column, the row and the cell that is not a number.
 */
export function numericMatrix(table: RawTable, columns: readonly number[], why: string, allowMissing = false): Matrix<Float64Array> {
  const n = table.records.length;
  const d = columns.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = table.records[i]!;
    for (let k = 0; k < d; k++) {
      const cell = r[columns[k]!]!;
      const v = isMissingValue(cell) ? (allowMissing ? NaN : undefined) : parseNumberCell(cell);
      if (v === undefined || (!allowMissing && !Number.isFinite(v))) {
        throw new AntidoteError('invalid_input', `data row ${i} (line ${i + 2}) holds ${JSON.stringify(cell)} in column "${table.header[columns[k]!]}", not a number: ${why}`, { file: table.file, column: table.header[columns[k]!]! });
      }
      data[i * d + k] = v;
    }
  }
  return { rows: n, cols: d, data };
}
