/**
 * A small RFC 4180 writer (https://www.rfc-editor.org/rfc/rfc4180), the inverse of
 * {@link CsvTokenizer}: a field is quoted when it holds the delimiter, a quote, CR or LF, and a
 * quote inside it is doubled. A record of one empty field is written `""`, because the tokenizer
 * skips blank lines and would otherwise lose the row.
 */
import { AntidoteError } from '../core/errors.js';

/** How {@link csvRecord} writes. */
export interface CsvWriteOptions {
  /** One ASCII character other than a quote, CR or LF (default `,`). */
  readonly delimiter?: string;
  /** The record terminator (default CRLF, as RFC 4180 says). */
  readonly eol?: '\r\n' | '\n';
}

function checkDelimiter(delimiter: string): void {
  const code = delimiter.charCodeAt(0);
  if (delimiter.length !== 1 || code > 0x7f || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new AntidoteError('invalid_input', `CSV delimiter must be one ASCII character other than a quote or a line break; got ${JSON.stringify(delimiter)}`, {
      path: ['delimiter'],
    });
  }
}

/**
 * One field as it appears in a record: as is, or quoted with inner quotes doubled when it holds
 * the delimiter, a quote, CR or LF.
 *
 * @example
 * csvField('a,b'); // '"a,b"'
 * csvField('5\'11"'); // '"5\'11"""'
 */
export function csvField(value: string, delimiter = ','): string {
  checkDelimiter(delimiter);
  return needsQuotes(value, delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

function needsQuotes(value: string, delimiter: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === delimiter || c === '"' || c === '\r' || c === '\n') return true;
  }
  return false;
}

/**
 * One record with its terminator.
 *
 * @example
 * csvRecord(['id', 'note, with comma']); // 'id,"note, with comma"\r\n'
 * csvRecord(['a', 'b'], { delimiter: '\t', eol: '\n' }); // 'a\tb\n'
 */
export function csvRecord(fields: readonly string[], options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  checkDelimiter(delimiter);
  const eol = options.eol ?? '\r\n';
  if (fields.length === 1 && fields[0] === '') return `""${eol}`;
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) out += delimiter;
    out += needsQuotes(f, delimiter) ? `"${f.replace(/"/g, '""')}"` : f;
  }
  return out + eol;
}
