import { describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import { CsvTokenizer } from './csv-tokenizer.js';

function tokenize(input: string | Buffer, delimiter = ',', chunkSize = Infinity): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  const t = new CsvTokenizer(delimiter, (fields, line) => records.push({ fields, line }), 'in.csv');
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const step = Number.isFinite(chunkSize) ? chunkSize : bytes.length || 1;
  for (let i = 0; i < bytes.length; i += step) t.push(bytes.subarray(i, i + step));
  t.end();
  return records;
}

function thrown(f: () => unknown): AntidoteError {
  try {
    f();
  } catch (e) {
    if (e instanceof AntidoteError) return e;
    throw e;
  }
  throw new Error('expected an AntidoteError');
}

describe('CsvTokenizer', () => {
  const tricky = '\uFEFFa,b,c\r\n"x, y","say ""hi""","multi\nline"\r\nplain,,last\n\n"",ü€😀,end';

  it('handles quotes, escaped quotes, embedded delimiters and newlines, CRLF, BOM and blank lines', () => {
    expect(tokenize(tricky)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'multi\nline'], line: 2 },
      { fields: ['plain', '', 'last'], line: 4 },
      { fields: ['', 'ü€😀', 'end'], line: 6 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries, including inside multi-byte characters', () => {
    const whole = tokenize(tricky);
    for (const size of [1, 2, 3, 5, 7]) expect(tokenize(tricky, ',', size)).toEqual(whole);
  });

  it('accepts lone CR line ends and a trailing empty field', () => {
    expect(tokenize('a,b\r1,\r2,3').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['2', '3'],
    ]);
  });

  it('uses the given delimiter and keeps other delimiters as text', () => {
    expect(tokenize('a;b\n1,5;"x;y"\n', ';').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1,5', 'x;y'],
    ]);
  });

  it('keeps a quote inside an unquoted field as a literal character', () => {
    expect(tokenize(`h\n5'11"\n`).map((r) => r.fields)).toEqual([['h'], [`5'11"`]]);
  });

  it('reports an unterminated quote at the line and field where it opened', () => {
    const e = thrown(() => tokenize('a,b\n1,2\n3,"open\n4,5\n'));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: 'in.csv', line: 3, column: 2 });
    expect(e.message).toMatch(/never closed/);
  });

  it('rejects text after a closing quote, naming line and field', () => {
    const e = thrown(() => tokenize('a,b\n"x"y,2\n'));
    expect(e.location).toEqual({ file: 'in.csv', line: 2, column: 1 });
    expect(e.message).toMatch(/after a closing quote/);
  });

  it('rejects a delimiter that cannot work', () => {
    expect(() => new CsvTokenizer('"', () => {})).toThrow(/delimiter/);
    expect(() => new CsvTokenizer(';;', () => {})).toThrow(/delimiter/);
  });
});
