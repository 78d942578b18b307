import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { kernelsFixture } from '../../test/fixtures/kernels/kernels-fixture.js';
import { matmulReference, matmulTransposedBReference } from './matmul-reference.js';

/** The textbook triple loop in double precision: the oracle for the blocked kernel. */
function naive(a: Matrix, b: Matrix): Float64Array {
  const c = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < b.cols; j++) {
    let s = 0;
    for (let p = 0; p < a.cols; p++) s += a.data[i * a.cols + p]! * b.data[p * b.cols + j]!;
    c[i * b.cols + j] = s;
  }
  return c;
}

function random64(rows: number, cols: number, seed: number): Matrix<Float64Array> {
  const rng = createRng(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => rng.normal()) };
}

function transpose(m: Matrix<Float64Array>): Matrix<Float64Array> {
  const t = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) t[j * m.rows + i] = m.data[i * m.cols + j]!;
  return { rows: m.cols, cols: m.rows, data: t };
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
  return d;
}

function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('matmulReference', () => {
  it('matches numpy a @ b (float64 fixtures, 1x1 up to 17x33x6)', () => {
    for (const { a, b, product } of kernelsFixture().matmul) {
      const c = matmulReference(a, b);
      expect([c.rows, c.cols]).toEqual([product.rows, product.cols]);
      expect(maxAbsDiff(c.data, product.data)).toBeLessThan(1e-12);
    }
  });

  it('matches the triple loop on shapes that are not multiples of the 4 x 4 block', () => {
    const shapes = [[1, 1, 1], [1, 9, 1], [3, 5, 7], [4, 4, 4], [5, 3, 9], [8, 1, 8], [13, 17, 11], [33, 2, 6], [6, 40, 31]] as const;
    shapes.forEach(([m, k, n], s) => {
      const a = random64(m, k, 10 + s);
      const b = random64(k, n, 100 + s);
      const c = matmulReference(a, b);
      expect(c.data).toBeInstanceOf(Float64Array);
      expect(maxAbsDiff(c.data, naive(a, b))).toBeLessThan(1e-12);
    });
  });

  it('keeps float32 operands float32, rounding double-precision sums once', () => {
    const a64 = random64(7, 29, 1);
    const b64 = random64(29, 5, 2);
    const a = { rows: 7, cols: 29, data: Float32Array.from(a64.data) };
    const b = { rows: 29, cols: 5, data: Float32Array.from(b64.data) };
    const c = matmulReference(a, b);
    expect(c.data).toBeInstanceOf(Float32Array);
    const exact = naive(a, b);
    for (let i = 0; i < exact.length; i++) expect(Math.abs(c.data[i]! - exact[i]!)).toBeLessThanOrEqual(Math.abs(exact[i]!) * 2 ** -23 + 1e-12);
  });

  it('writes into `out` (overwriting what was there) and reads subarray views correctly', () => {
    const a = random64(6, 5, 3);
    const b = random64(5, 7, 4);
    const out = { rows: 6, cols: 7, data: new Float64Array(42).fill(99) };
    expect(matmulReference(a, b, out)).toBe(out);
    expect(maxAbsDiff(out.data, naive(a, b))).toBeLessThan(1e-12);
    const backing = new Float64Array(3 + 30);
    backing.set(a.data, 3);
    const view = { rows: 6, cols: 5, data: backing.subarray(3) };
    expect(maxAbsDiff(matmulReference(view, b).data, naive(a, b))).toBeLessThan(1e-12);
  });

  it('handles empty operands: 0 rows, 0 columns, and an empty shared dimension (all zeros)', () => {
    expect(matmulReference(random64(0, 3, 1), random64(3, 4, 2))).toEqual({ rows: 0, cols: 4, data: new Float64Array(0) });
    expect(matmulReference(random64(2, 3, 1), random64(3, 0, 2))).toEqual({ rows: 2, cols: 0, data: new Float64Array(0) });
    const out = { rows: 2, cols: 3, data: new Float64Array(6).fill(5) };
    matmulReference(random64(2, 0, 1), random64(0, 3, 2), out);
    expect(Array.from(out.data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects misaligned shapes with invalid_input naming both shapes', () => {
    const e = thrownBy(() => matmulReference(random64(2, 3, 1), random64(4, 5, 2)));
    expect(isAntidoteError(e, 'invalid_input')).toBe(true);
    expect((e as Error).message).toContain('2 x 3');
    expect((e as Error).message).toContain('4 x 5');
  });

  it('rejects mixed element types, a wrong `out`, and data that does not fit the shape', () => {
    const a = random64(2, 2, 1);
    const b32 = { rows: 2, cols: 2, data: new Float32Array(4) };
    for (const f of [
      () => matmulReference(a as Matrix, b32 as Matrix),
      () => matmulReference(a, a, { rows: 3, cols: 2, data: new Float64Array(6) }),
      () => matmulReference({ rows: 2, cols: 2, data: new Float64Array(3) }, a),
    ]) {
      expect(isAntidoteError(thrownBy(f), 'invalid_input')).toBe(true);
    }
  });
});

describe('matmulTransposedBReference', () => {
  it('equals matmulReference(a, transpose(bt)) without a transpose', () => {
    const a = random64(9, 14, 5);
    const bt = random64(6, 14, 6);
    const c = matmulTransposedBReference(a, bt);
    expect([c.rows, c.cols]).toEqual([9, 6]);
    expect(maxAbsDiff(c.data, naive(a, transpose(bt)))).toBeLessThan(1e-12);
  });

  it('rejects operands whose rows differ in length, naming both shapes', () => {
    const e = thrownBy(() => matmulTransposedBReference(random64(2, 3, 1), random64(2, 4, 2)));
    expect(isAntidoteError(e, 'invalid_input')).toBe(true);
    expect((e as Error).message).toMatch(/2 x 3.*2 x 4/);
  });
});
