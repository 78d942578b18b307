import { describe, expect, it } from 'vitest';
import { inferColumnSchema, inferSchema } from './schema-inference.js';

const kind = (values: readonly unknown[]): string => inferColumnSchema('c', values).kind;

describe('inferColumnSchema', () => {
  it('ignores missing markers and calls an all-missing column text', () => {
    expect(kind(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', null, undefined])).toBe('text');
    expect(kind(['1', 'NA', '', '2.5'])).toBe('numeric');
  });

  it('reads boolean words and 0/1 as boolean, but any other integer makes the column numeric', () => {
    expect(kind(['true', 'False', 'YES', 'no'])).toBe('boolean');
    expect(kind(['0', '1', '1', '0'])).toBe('boolean');
    expect(kind(['yes', '1', '0'])).toBe('boolean');
    expect(kind(['0', '1', '2'])).toBe('numeric');
    expect(kind(['y', 'n'])).toBe('categorical');
  });

  it('reads decimal numbers, and counts inf literals as numbers (rejected later unless allowed)', () => {
    expect(kind(['-1.5e3', '.5', '+7', ' 12 '])).toBe('numeric');
    expect(kind(['1', 'inf', '-Infinity'])).toBe('numeric');
    expect(kind(['0x1F', '10'])).toBe('categorical');
    expect(kind(['1,000', '2,000'])).toBe('categorical');
  });

  it('reads ISO 8601 dates and date-times as timestamps, and nothing else', () => {
    expect(kind(['2024-01-31', '2024-02-29T12:30:00Z', '2024-03-01 08:00:00.250+02:00'])).toBe('timestamp');
    expect(kind(['2023-02-29'])).toBe('categorical');
    expect(kind(['01/02/2024', '2024-01-02'])).toBe('categorical');
  });

  it('reads bracketed number lists as an embedding with the first length as dim', () => {
    expect(inferColumnSchema('e', ['[0.1, 0.2, 0.3]', '[1 2 3]', ''])).toEqual({ name: 'e', kind: 'embedding', dim: 3 });
    expect(kind(['[]', '[]'])).toBe('categorical');
    expect(kind(['[a, b]'])).toBe('categorical');
  });

  it('separates prose (text) from labels (categorical)', () => {
    const reviews = ['Great product, would buy again', 'Terrible, it broke after a day', 'Okay for the price I guess', 'Shipping was slow but fine'];
    expect(kind(reviews)).toBe('text');
    expect(kind(['x'.repeat(60), 'y'.repeat(70)])).toBe('text');
    expect(kind(['New York', 'San Francisco', 'New York', 'Los Angeles'])).toBe('categorical');
    expect(kind(['spam', 'ham', 'spam'])).toBe('categorical');
  });

  it('takes typed values as their type declares', () => {
    expect(kind([true, false, null])).toBe('boolean');
    expect(kind([0, 1, 1])).toBe('numeric');
    expect(kind([1n, 2n])).toBe('numeric');
    expect(kind([new Date(0), new Date(1)])).toBe('timestamp');
    expect(inferColumnSchema('e', [[1, 2], Float32Array.of(3, 4)])).toEqual({ name: 'e', kind: 'embedding', dim: 2 });
    // Mixed types fall back to the text rules on their text forms.
    expect(kind([1, '2', 3])).toBe('numeric');
    expect(kind([1, 'two'])).toBe('categorical');
    expect(kind([{ a: 1 }, { a: 2 }])).toBe('categorical');
  });
});

describe('inferSchema', () => {
  it('infers each column of a row sample', () => {
    expect(inferSchema(['id', 'ok', 'when'], [['1', 'yes', '2024-01-01'], ['2', 'no', '']])).toEqual({
      columns: [
        { name: 'id', kind: 'numeric' },
        { name: 'ok', kind: 'boolean' },
        { name: 'when', kind: 'timestamp' },
      ],
    });
  });
});
