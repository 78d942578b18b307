import { describe, expect, it } from 'vitest';
import { cellText, parseBooleanCell, parseNumberCell, parseNumberListCell, parseTimestampCell } from './cell-parsers.js';

describe('parseNumberCell', () => {
  it('accepts decimal forms and rejects everything else', () => {
    expect(['12', '-3.5', '.5', '5.', '+1e3', ' 7 ', '1E-2'].map(parseNumberCell)).toEqual([12, -3.5, 0.5, 5, 1000, 7, 0.01]);
    expect(['', ' ', '0x10', '0b1', '0o7', '1_000', '1,5', 'abc', '1 2', '-'].map(parseNumberCell)).toEqual(Array(10).fill(undefined));
  });

  it('reads non-finite literals so that callers can reject them by name', () => {
    expect(['inf', '-Infinity', '+INF', 'NaN', '1e999'].map(parseNumberCell)).toEqual([Infinity, -Infinity, Infinity, NaN, Infinity]);
  });
});

describe('parseBooleanCell', () => {
  it('reads true/false/yes/no/1/0 in any case', () => {
    expect(['TRUE', 'no', ' 1 ', '0', 'Yes', 'maybe', '2', 'y'].map(parseBooleanCell)).toEqual([1, 0, 1, 0, 1, undefined, undefined, undefined]);
  });
});

describe('parseTimestampCell', () => {
  it('reads dates and date-times as UTC epoch milliseconds', () => {
    expect(parseTimestampCell('1970-01-02')).toBe(86_400_000);
    expect(parseTimestampCell('2024-03-01T12:30')).toBe(Date.UTC(2024, 2, 1, 12, 30));
    expect(parseTimestampCell('2024-03-01 12:30:15.25')).toBe(Date.UTC(2024, 2, 1, 12, 30, 15, 250));
    expect(parseTimestampCell('2024-03-01T12:30:00+02:00')).toBe(Date.UTC(2024, 2, 1, 10, 30));
    expect(parseTimestampCell('2024-03-01T12:30:00-0130')).toBe(Date.UTC(2024, 2, 1, 14, 0));
    // Years below 100 are not shifted to the 1900s.
    expect(parseTimestampCell('0099-01-01')).toBe(new Date('0099-01-01T00:00:00Z').getTime());
  });

  it('rejects impossible or non-ISO dates', () => {
    expect(['2023-02-29', '2024-13-01', '2024-01-01T24:00', '2024-1-1', '01/02/2024', '2024-01-01T10:00+25:00'].map(parseTimestampCell)).toEqual(Array(6).fill(undefined));
    expect(parseTimestampCell('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('parseNumberListCell', () => {
  it('reads JSON-style and NumPy-style lists', () => {
    expect(parseNumberListCell('[0.1, 0.2]')).toEqual([0.1, 0.2]);
    expect(parseNumberListCell(' [1 2\t3] ')).toEqual([1, 2, 3]);
    expect(parseNumberListCell('[]')).toEqual([]);
    expect(parseNumberListCell('[1, NaN]')).toEqual([1, NaN]);
    expect(parseNumberListCell('[1, x]')).toBeUndefined();
    expect(parseNumberListCell('1, 2')).toBeUndefined();
  });
});

describe('cellText', () => {
  it('gives the text form of typed values', () => {
    expect(cellText(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(cellText({ a: 1n })).toBe('{"a":"1"}');
    expect(cellText(Float32Array.of(1, 2))).toBe('[1,2]');
    expect(cellText(true)).toBe('true');
  });
});
