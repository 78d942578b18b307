import { describe, expect, it } from 'vitest';
import { parseCsvTable, tableToCsv, toTextRows } from './csv-rows.js';

describe('csv rows', () => {
  it('keeps cells as written and round-trips quoting, in column order', () => {
    const text = 'id,note,score\n1,"a, b",0.10\n2,"say ""hi""",\n';
    const t = parseCsvTable(Buffer.from(text));
    expect(t.columns).toEqual(['id', 'note', 'score']);
    expect(t.rows).toEqual([{ id: '1', note: 'a, b', score: '0.10' }, { id: '2', note: 'say "hi"', score: '' }]);
    expect(tableToCsv(t)).toBe(text);
    expect(parseCsvTable(Buffer.from('a\tb\n1\t2\n')).rows).toEqual([{ a: '1', b: '2' }]);
  });

  it('names the line of a ragged record, a repeated or blank column, and an empty upload', () => {
    expect(() => parseCsvTable(Buffer.from('a,b\n1,2\n3\n'))).toThrow(/line 3 has 1 fields; the header has 2/);
    expect(() => parseCsvTable(Buffer.from('a,a\n1,2\n'))).toThrow(/"a" appears twice/);
    expect(() => parseCsvTable(Buffer.from('a,\n1,2\n'))).toThrow(/column 2 of the header has no name/);
    expect(() => parseCsvTable(Buffer.from(''))).toThrow(/empty/);
    expect(() => parseCsvTable(Buffer.from('a,b\n'))).toThrow(/no data rows/);
  });

  it('writes non-string cells read back from the vault as JSON text', () => {
    expect(toTextRows([{ a: 1, b: null, c: 'x' }])).toEqual([{ a: '1', b: '', c: 'x' }]);
  });
});
