/**
 * An RFC 4180 tokenizer (https://www.rfc-editor.org/rfc/rfc4180) working on raw bytes as they
 * stream in: quoted fields, `""` escapes, delimiters and line breaks inside quotes, CRLF, LF or
 * lone CR line ends, and a leading UTF-8 byte-order mark. Splitting happens on ASCII bytes only,
 * so a multi-byte character cut by a chunk boundary is reassembled before it is decoded, and each
 * field is decoded into a string of its own (never a slice that would pin a whole chunk in memory).
 *
 * Lenient where it is harmless: blank lines are skipped (as pandas does; so in a one-column file
 * an empty value must be quoted, `""`, to count as a row), and a quote inside an unquoted field is
 * kept as a literal character (`5'11"`). Strict where data could be misread: text after a closing
 * quote and a quote left open at the end of the input are errors naming the line and field.
 */
import { AntidoteError } from '../core/errors.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteSeen,
  AfterCr,
}

/** Receives each record's fields and the 1-based line it starts on. */
export type CsvRecordHandler = (fields: string[], line: number) => void;

/**
 * Splits a byte stream into records of string fields.
 *
 * @example
 * const records: string[][] = [];
 * const t = new CsvTokenizer(',', (fields) => records.push(fields));
 * t.push(Buffer.from('a,"b ""q"""\n1,2'));
 * t.end(); // records: [['a', 'b "q"'], ['1', '2']]
 */
export class CsvTokenizer {
  private readonly delimiter: number;
  private state = State.FieldStart;
  private fields: string[] = [];
  private pieces: Buffer[] = [];
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private atStart = true;
  private head: Buffer | undefined;

  /**
   * @param delimiter one ASCII character other than `"`, CR and LF
   * @param onRecord called once per record, with a fresh array the handler may keep
   * @param file names the input in errors
   */
  constructor(
    delimiter: string,
    private readonly onRecord: CsvRecordHandler,
    private readonly file?: string,
  ) {
    const code = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || code > 0x7f || code === QUOTE || code === LF || code === CR) {
      throw new AntidoteError('invalid_input', `CSV delimiter must be one ASCII character other than a quote or a line break; got ${JSON.stringify(delimiter)}`, {
        path: ['delimiter'],
      });
    }
    this.delimiter = code;
  }

  /** Feeds the next chunk of bytes. */
  push(bytes: Buffer): void {
    let chunk = bytes;
    let i = 0;
    if (this.atStart) {
      // Hold back the first bytes until it is clear whether they are a UTF-8 byte-order mark.
      chunk = this.head ? Buffer.concat([this.head, bytes]) : bytes;
      if (chunk.length < 3 && BOM.subarray(0, chunk.length).equals(chunk)) {
        this.head = chunk;
        return;
      }
      this.atStart = false;
      this.head = undefined;
      if (chunk.length >= 3 && BOM.equals(chunk.subarray(0, 3))) i = 3;
    }
    const n = chunk.length;
    const delim = this.delimiter;
    // A field still open from the previous chunk continues at offset 0 of this one.
    let start = 0;
    while (i < n) {
      switch (this.state) {
        case State.AfterCr:
          this.state = State.FieldStart;
          if (chunk[i] === LF) i++;
          break;
        case State.FieldStart: {
          const c = chunk[i]!;
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            start = i + 1;
          } else if (c === delim) {
            this.fields.push('');
          } else if (c === LF || c === CR) {
            if (this.fields.length > 0) {
              this.fields.push('');
              this.emit();
            }
            this.newLine(c === CR);
          } else {
            // The Unquoted state scans the field from this byte on (no increment).
            this.state = State.Unquoted;
            start = i;
            break;
          }
          i++;
          break;
        }
        case State.Unquoted: {
          let j = i;
          let c = 0;
          while (j < n) {
            c = chunk[j]!;
            if (c === delim || c === LF || c === CR) break;
            j++;
          }
          if (j === n) {
            i = n;
            break;
          }
          this.fields.push(this.take(chunk, start, j));
          if (c === delim) {
            this.state = State.FieldStart;
          } else {
            this.emit();
            this.newLine(c === CR);
          }
          i = j + 1;
          break;
        }
        case State.Quoted: {
          let j = i;
          while (j < n) {
            const c = chunk[j]!;
            if (c === QUOTE) break;
            if (c === LF) this.line++;
            j++;
          }
          if (j === n) {
            i = n;
            break;
          }
          this.pieces.push(chunk.subarray(start, j));
          this.state = State.QuoteSeen;
          i = j + 1;
          break;
        }
        case State.QuoteSeen: {
          const c = chunk[i]!;
          if (c === QUOTE) {
            // An escaped quote: keep this quote as the first byte of the next piece.
            this.state = State.Quoted;
            start = i;
          } else if (c === delim) {
            this.fields.push(this.take(chunk, 0, 0));
            this.state = State.FieldStart;
          } else if (c === LF || c === CR) {
            this.fields.push(this.take(chunk, 0, 0));
            this.emit();
            this.newLine(c === CR);
          } else {
            throw new AntidoteError(
              'invalid_input',
              `line ${this.line}, field ${this.fields.length + 1}: unexpected ${JSON.stringify(String.fromCharCode(c))} after a closing quote; a quoted field must end at a delimiter or line end (write a quote inside quotes as "")`,
              { file: this.file, line: this.line, column: this.fields.length + 1 },
            );
          }
          i++;
          break;
        }
      }
    }
    // A field still open at the chunk's end keeps its bytes so far; it continues in the next chunk.
    if ((this.state === State.Unquoted || this.state === State.Quoted) && start < n) {
      this.pieces.push(chunk.subarray(start, n));
    }
  }

  /** Signals the end of input: flushes the last record or reports an unterminated quote. */
  end(): void {
    if (this.head) {
      // Fewer than three bytes in all, all of them a prefix of the byte-order mark: that is content.
      const head = this.head;
      this.head = undefined;
      this.atStart = false;
      this.push(head);
    }
    switch (this.state) {
      case State.Quoted:
        throw new AntidoteError(
          'invalid_input',
          `line ${this.quoteLine}, field ${this.fields.length + 1}: quoted field is never closed before the end of the file (a missing closing quote swallows every line after it)`,
          { file: this.file, line: this.quoteLine, column: this.fields.length + 1 },
        );
      case State.Unquoted:
      case State.QuoteSeen:
        this.fields.push(this.take(Buffer.alloc(0), 0, 0));
        this.emit();
        break;
      case State.FieldStart:
        if (this.fields.length > 0) {
          this.fields.push('');
          this.emit();
        }
        break;
      case State.AfterCr:
        break;
    }
    this.state = State.FieldStart;
  }

  /** The field made of the pending pieces plus `chunk[start, end)`, decoded as UTF-8. */
  private take(chunk: Buffer, start: number, end: number): string {
    if (this.pieces.length === 0) return chunk.toString('utf8', start, end);
    if (end > start) this.pieces.push(chunk.subarray(start, end));
    const whole = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
    this.pieces = [];
    return whole.toString('utf8');
  }

  private emit(): void {
    const fields = this.fields;
    this.fields = [];
    this.state = State.FieldStart;
    this.onRecord(fields, this.recordLine);
  }

  private newLine(cr: boolean): void {
    this.line++;
    this.recordLine = this.line;
    if (cr) this.state = State.AfterCr;
  }
}
