/**
 * Streams a CSV or TSV file into a {@link Dataset}: the file is read in 1 MiB chunks, tokenized
 * as RFC 4180 (see `CsvTokenizer`), the first rows are buffered to infer the schema, and every
 * cell then goes straight into its column builder, so memory holds the columns, not the file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Dataset } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import { silentProgress } from '../core/progress.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { fileError } from './file-error.js';
import { TableAssembler } from './table-assembler.js';
import type { TableReadOptions } from './table-read-options.js';

/** Options for {@link readCsv}. */
export interface CsvReadOptions extends TableReadOptions {
  /**
   * The field delimiter. Default: a tab for `.tsv` files; otherwise whichever of `,` `;` tab `|`
   * occurs most often (outside quotes) in the header line, a comma when none does.
   */
  readonly delimiter?: string;
}

const CHUNK_BYTES = 1 << 20;
const DELIMITER_CANDIDATES = [',', '\t', ';', '|'] as const;

/**
 * The delimiter a header line most likely uses: the candidate occurring most often outside
 * quotes in the first line of `head` (ties go to the earlier of `,` tab `;` `|`); `,` when none occurs.
 *
 * @example
 * detectDelimiter(Buffer.from('a;b;"c,d"\n1;2;3')); // ';'
 */
export function detectDelimiter(head: Uint8Array): string {
  const counts = new Map<number, number>();
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) break;
    else if (!quoted) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITER_CANDIDATES) {
    const n = counts.get(d.charCodeAt(0)) ?? 0;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Header names, trimmed, with empty ones named `column_<position>`; duplicates are an error. */
function headerNames(fields: readonly string[], file: string, line: number): string[] {
  const seen = new Map<string, number>();
  return fields.map((raw, j) => {
    const name = raw.trim() === '' ? `column_${j + 1}` : raw.trim();
    const first = seen.get(name);
    if (first !== undefined) {
      throw new AntidoteError(
        'invalid_input',
        `header line ${line}: column name "${name}" appears twice (fields ${first + 1} and ${j + 1}); column names must be unique`,
        { file, line, column: j + 1 },
      );
    }
    seen.set(name, j);
    return name;
  });
}

/**
 * Reads a delimited text file with a header row.
 *
 * @example
 * const ds = await readCsv('data.csv', { delimiter: ';', schema: { zip: 'categorical' } });
 */
export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<Dataset> {
  const progress = options.progress ?? silentProgress;
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(path)).size;
  } catch (e) {
    throw fileError(e, path);
  }
  if (sizeBytes === 0) throw new AntidoteError('invalid_input', `${path} is empty: a CSV file needs a header row and at least one data row`, { file: path });

  let tokenizer: CsvTokenizer | undefined;
  let assembler: TableAssembler | undefined;
  let names: string[] = [];
  let headerLine = 0;
  const onRecord = (fields: string[], line: number): void => {
    if (assembler === undefined) {
      names = headerNames(fields, path, line);
      headerLine = line;
      assembler = new TableAssembler(path, names, {
        override: options.schema,
        hints: options.kindHints,
        allowNonFinite: options.allowNonFinite,
        inferenceRows: options.inferenceRows,
      });
      return;
    }
    if (fields.length !== names.length) {
      throw new AntidoteError(
        'invalid_input',
        `line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${names.length} like the header on line ${headerLine} (a missing or extra delimiter, or an unquoted delimiter inside a value)`,
        { file: path, line, column: Math.min(fields.length, names.length) + 1 },
      );
    }
    assembler.addRow(fields, line);
  };

  progress.start(`read ${basename(path)}`, sizeBytes);
  let done = 0;
  try {
    const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (tokenizer === undefined) {
        const delimiter = options.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : detectDelimiter(chunk));
        tokenizer = new CsvTokenizer(delimiter, onRecord, path);
      }
      tokenizer.push(chunk);
      done += chunk.length;
      progress.update(done);
    }
    tokenizer?.end();
  } catch (e) {
    throw fileError(e, path);
  } finally {
    progress.finish();
  }
  if (assembler === undefined) throw new AntidoteError('invalid_input', `${path} holds no rows, only blank lines: a CSV file needs a header row and at least one data row`, { file: path });
  if (assembler.rowCount === 0) {
    throw new AntidoteError('invalid_input', `${path} has a header (line ${headerLine}) but no data rows`, { file: path, line: headerLine });
  }
  return assembler.finish();
}
