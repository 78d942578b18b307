/**
 * The server keeps uploaded tables as rows of text cells (what the CSV said, untouched), so a
 * snapshot read back writes the same cells. The column order lives beside the rows (in the
 * version's metadata), because rows are stored as canonical JSON with sorted keys.
 */
import { AntidoteError } from '../core/errors.js';
import { detectDelimiter } from '../data/csv-reader.js';
import { CsvTokenizer } from '../data/csv-tokenizer.js';
import { csvRecord } from '../data/csv-writer.js';

/** A table of text cells. */
export interface TextTable {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, string>>[];
}

/**
 * Parses CSV (or TSV, detected from the first line) with a header row into text rows. Refuses an
 * empty file, a blank or repeated column name, and a record whose field count differs from the
 * header's, naming the line.
 *
 * @example
 * parseCsvTable(Buffer.from('a,b\n1,2\n')); // { columns: ['a', 'b'], rows: [{ a: '1', b: '2' }] }
 */
export function parseCsvTable(bytes: Uint8Array, source = 'upload'): TextTable {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: { fields: string[]; line: number }[] = [];
  const tokenizer = new CsvTokenizer(detectDelimiter(buffer.subarray(0, 64 * 1024)), (fields, line) => records.push({ fields, line }), source);
  tokenizer.push(buffer);
  tokenizer.end();
  const header = records[0];
  if (!header) throw new AntidoteError('invalid_input', `${source} is empty: expected a header row and at least one data row`, { file: source });
  const columns = header.fields;
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c.trim() === '') throw new AntidoteError('invalid_input', `column ${i + 1} of the header has no name`, { file: source, line: 1, column: i + 1 });
    if (seen.has(c)) throw new AntidoteError('invalid_input', `column name "${c}" appears twice in the header`, { file: source, line: 1, column: i + 1 });
    seen.add(c);
  });
  if (records.length < 2) throw new AntidoteError('invalid_input', `${source} has a header but no data rows`, { file: source });
  const rows = records.slice(1).map(({ fields, line }) => {
    if (fields.length !== columns.length) {
      throw new AntidoteError('invalid_input', `line ${line} has ${fields.length} fields; the header has ${columns.length}`, { file: source, line });
    }
    const row: Record<string, string> = {};
    columns.forEach((c, j) => {
      row[c] = fields[j]!;
    });
    return row;
  });
  return { columns, rows };
}

/**
 * Writes text rows as CSV (LF line ends) in the given column order. A cell a row lacks is written empty.
 *
 * @example
 * tableToCsv({ columns: ['a', 'b'], rows: [{ a: '1', b: 'x,y' }] }); // 'a,b\n1,"x,y"\n'
 */
export function tableToCsv(table: TextTable): string {
  let out = csvRecord(table.columns, { eol: '\n' });
  for (const row of table.rows) out += csvRecord(table.columns.map((c) => cellText(row[c])), { eol: '\n' });
  return out;
}

/** Rows parsed from a vault version as text cells: strings stay, anything else is written as JSON. */
export function toTextRows(rows: readonly Readonly<Record<string, unknown>>[]): Record<string, string>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cellText(v)])));
}

function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
