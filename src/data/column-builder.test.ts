import { describe, expect, it } from 'vitest';
import { createColumnBuilder } from './column-builder.js';
import { GrowableArray } from './growable-array.js';

describe('GrowableArray', () => {
  it('grows by doubling and trims the result', () => {
    const a = new GrowableArray(Float64Array, 2);
    for (let i = 0; i < 5; i++) a.push(i);
    a.fill(9, 2);
    a.append([7, 8]);
    expect([...a.toArray()]).toEqual([0, 1, 2, 3, 4, 9, 9, 7, 8]);
    expect(a.toArray().length).toBe(a.length);
  });
});

describe('createColumnBuilder', () => {
  it('stores numeric cells as doubles only, keeping no text', () => {
    const b = createColumnBuilder({ name: 'x', kind: 'numeric' });
    for (const cell of ['1.5', ' NA ', '-2', '', 'nan', '-NaN']) expect(b.push(cell)).toBeUndefined();
    expect(b.push(3n)).toBeUndefined();
    expect(b.push(true)).toBeUndefined();
    const col = b.build();
    expect(col.kind === 'numeric' && col.values).toBeInstanceOf(Float64Array);
    expect(col.kind === 'numeric' && [...col.values]).toEqual([1.5, NaN, -2, NaN, NaN, NaN, 3, 1]);
    // The builder's own fields hold no cell text: only its name and kind, and typed storage.
    const fields = Object.values(b);
    expect(fields.filter((v) => typeof v === 'string').sort()).toEqual(['numeric', 'x']);
    expect(fields.some((v) => Array.isArray(v))).toBe(false);
  });

  it('reports problems instead of appending', () => {
    const num = createColumnBuilder({ name: 'x', kind: 'numeric' });
    expect(num.push('abc')).toEqual({ kind: 'mismatch', reason: '"abc" is not a number' });
    expect(num.push('-inf')?.kind).toBe('non_finite');
    expect(num.push(NaN)?.kind).toBe('non_finite');
    expect(num.length).toBe(0);
    const lenient = createColumnBuilder({ name: 'x', kind: 'numeric' }, { allowNonFinite: true });
    expect(lenient.push('-inf')).toBeUndefined();
    expect(createColumnBuilder({ name: 'b', kind: 'boolean' }).push('maybe')?.kind).toBe('mismatch');
    expect(createColumnBuilder({ name: 't', kind: 'timestamp' }).push('yesterday')?.kind).toBe('mismatch');
  });

  it('keeps one string per distinct category, trimmed', () => {
    const b = createColumnBuilder({ name: 'c', kind: 'categorical' });
    for (const cell of ['red', ' red ', 'blue', 'NA', 7]) b.push(cell);
    expect(b.build()).toEqual({ kind: 'categorical', name: 'c', codes: Int32Array.of(0, 0, 1, -1, 2), categories: ['red', 'blue', '7'] });
  });

  it('takes the embedding dimension from the first vector, back-filling earlier missing rows', () => {
    const b = createColumnBuilder({ name: 'e', kind: 'embedding' });
    expect(b.push('')).toBeUndefined();
    expect(b.push('[1, 2]')).toBeUndefined();
    expect(b.push([3, 4])).toBeUndefined();
    expect(b.push('[5]')).toEqual({ kind: 'shape', reason: 'embedding has 1 elements, expected 2 like the rows before it' });
    expect(b.push('[1e300, 1]')?.kind).toBe('non_finite');
    const col = b.build();
    expect(col.kind === 'embedding' && [col.dim, ...col.values]).toEqual([2, NaN, NaN, 1, 2, 3, 4]);
    const empty = createColumnBuilder({ name: 'e', kind: 'embedding' });
    empty.push(null);
    expect(empty.build()).toEqual({ kind: 'embedding', name: 'e', dim: 1, values: Float32Array.of(NaN) });
  });

  it('reads booleans and timestamps from text and typed values', () => {
    const b = createColumnBuilder({ name: 'b', kind: 'boolean' });
    for (const cell of ['Yes', false, 1, null]) b.push(cell);
    expect(b.build()).toEqual({ kind: 'boolean', name: 'b', values: Uint8Array.of(1, 0, 1, 255) });
    const t = createColumnBuilder({ name: 't', kind: 'timestamp' });
    for (const cell of ['1970-01-01T00:00:01Z', new Date(5), 7, '']) t.push(cell);
    expect(t.build()).toEqual({ kind: 'timestamp', name: 't', values: Float64Array.of(1000, 5, 7, NaN) });
  });
});
