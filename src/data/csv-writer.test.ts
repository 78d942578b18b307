import { describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import { csvField, csvRecord } from './csv-writer.js';

function tokenize(text: string, delimiter = ','): string[][] {
  const records: string[][] = [];
  const t = new CsvTokenizer(delimiter, (fields) => records.push(fields));
  t.push(Buffer.from(text, 'utf8'));
  t.end();
  return records;
}

describe('csvField', () => {
  it('leaves plain fields alone and quotes those with a delimiter, quote, CR or LF', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\ronly')).toBe('"cr\ronly"');
    // A comma is not special when the delimiter is a tab, and a tab is then.
    expect(csvField('a,b', '\t')).toBe('a,b');
    expect(csvField('a\tb', '\t')).toBe('"a\tb"');
  });

  it('rejects a delimiter the tokenizer could not read back', () => {
    for (const d of ['"', '\n', ',,', '', '§']) expect(() => csvField('x', d)).toThrow(AntidoteError);
  });
});

describe('csvRecord', () => {
  it('joins fields with the delimiter and ends with CRLF by default', () => {
    expect(csvRecord(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
    expect(csvRecord(['a', 'b'], { delimiter: ';', eol: '\n' })).toBe('a;b\n');
  });

  it('writes a lone empty field as "" so that the row is not read as a blank line', () => {
    expect(csvRecord([''], { eol: '\n' })).toBe('""\n');
    expect(tokenize(`h\n${csvRecord([''])}x\n`)).toEqual([['h'], [''], ['x']]);
  });

  it('round-trips awkward fields through the tokenizer, for comma and tab delimiters', () => {
    const rows = [
      ['id', 'text', 'label'],
      ['1', 'hello, world', 'ham'],
      ['2', 'she said "no"', 'spam'],
      ['3', 'line one\nline two\r\nline three', ''],
      ['4', '"', ',\t;'],
      ['5', '5\'11"', 'ünïcødé ✓'],
      ['6', '  spaced  ', '\r'],
    ];
    for (const delimiter of [',', '\t', ';']) {
      for (const eol of ['\r\n', '\n'] as const) {
        const text = rows.map((r) => csvRecord(r, { delimiter, eol })).join('');
        expect(tokenize(text, delimiter)).toEqual(rows);
      }
    }
  });
});
