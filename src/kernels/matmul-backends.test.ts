// One contract, every backend (after Kysely's per-dialect test loop): each must agree with the
// plain triple loop and reject the same bad inputs.
import { afterAll, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import type { MatmulBackend } from './matmul-backend.js';
import { createOnnxMatmulBackend } from './matmul-onnx.js';
import { referenceMatmulBackend } from './matmul-reference.js';

const backends: readonly MatmulBackend[] = [referenceMatmulBackend, createOnnxMatmulBackend({ intraOpNumThreads: 2 })];
afterAll(async () => {
  for (const b of backends) await b.dispose();
});

function randomMatrix<T extends Float32Array | Float64Array>(ctor: { from(xs: number[]): T }, rows: number, cols: number, seed: number): Matrix<T> {
  const rng = createRng(seed);
  return { rows, cols, data: ctor.from(Array.from({ length: rows * cols }, () => rng.normal())) };
}

/** Double-precision triple loop, plus the sum of |a||b| per entry (the scale rounding errors grow with). */
function oracle(a: Matrix, b: Matrix, transposedB: boolean): { value: Float64Array; scale: Float64Array } {
  const n = transposedB ? b.rows : b.cols;
  const value = new Float64Array(a.rows * n);
  const scale = new Float64Array(a.rows * n);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    let t = 0;
    for (let p = 0; p < a.cols; p++) {
      const x = a.data[i * a.cols + p]!;
      const y = transposedB ? b.data[j * b.cols + p]! : b.data[p * b.cols + j]!;
      s += x * y;
      t += Math.abs(x * y);
    }
    value[i * n + j] = s;
    scale[i * n + j] = t;
  }
  return { value, scale };
}

function expectClose(got: ArrayLike<number>, want: { value: Float64Array; scale: Float64Array }, relTol: number): void {
  expect(got.length).toBe(want.value.length);
  for (let i = 0; i < got.length; i++) {
    const err = Math.abs(got[i]! - want.value[i]!);
    if (!(err <= relTol * (want.scale[i]! + 1e-30))) {
      throw new Error(`entry ${i}: got ${got[i]}, want ${want.value[i]} (error ${err}, allowed ${relTol * want.scale[i]!})`);
    }
  }
}

const SHAPES = [[1, 1, 1], [3, 5, 2], [4, 4, 4], [17, 9, 23], [64, 31, 65], [1, 200, 1], [120, 3, 7]] as const;

describe.each(backends.map((b) => [b.name, b] as const))('matmul backend "%s"', (_name, backend) => {
  it.each(SHAPES)('float32 %i x %i by %i: a · b and a · btᵀ agree with the triple loop', async (m, k, n) => {
    const a = randomMatrix(Float32Array, m, k, m * 7 + k);
    const b = randomMatrix(Float32Array, k, n, n * 11 + k);
    const c = await backend.matmul(a, b);
    expect([c.rows, c.cols]).toEqual([m, n]);
    expect(c.data).toBeInstanceOf(Float32Array);
    expectClose(c.data, oracle(a, b, false), 1e-5);
    const bt = randomMatrix(Float32Array, n, k, n * 13 + k);
    const d = await backend.matmulTransposedB(a, bt);
    expect([d.rows, d.cols]).toEqual([m, n]);
    expectClose(d.data, oracle(a, bt, true), 1e-5);
  });

  it('float64 operands give float64 results at double precision', async () => {
    const a = randomMatrix(Float64Array, 19, 37, 1);
    const b = randomMatrix(Float64Array, 37, 14, 2);
    const c = await backend.matmul(a, b);
    expect(c.data).toBeInstanceOf(Float64Array);
    expectClose(c.data, oracle(a, b, false), 1e-13);
    const d = await backend.matmulTransposedB(a, randomMatrix(Float64Array, 5, 37, 3));
    expectClose(d.data, oracle(a, randomMatrix(Float64Array, 5, 37, 3), true), 1e-13);
  });

  it('reads operands that are views into a larger buffer', async () => {
    const backing = new Float32Array(5 + 12 + 12);
    const rng = createRng(9);
    for (let i = 0; i < backing.length; i++) backing[i] = rng.normal();
    const a = { rows: 3, cols: 4, data: backing.subarray(5, 17) };
    const b = { rows: 4, cols: 3, data: backing.subarray(17, 29) };
    expectClose((await backend.matmul(a, b)).data, oracle(a, b, false), 1e-5);
  });

  it('returns zeros of the right shape for empty operands', async () => {
    const z = await backend.matmul({ rows: 3, cols: 0, data: new Float32Array(0) }, { rows: 0, cols: 2, data: new Float32Array(0) });
    expect(z).toEqual({ rows: 3, cols: 2, data: new Float32Array(6) });
    const e = await backend.matmul({ rows: 0, cols: 4, data: new Float32Array(0) }, randomMatrix(Float32Array, 4, 2, 1));
    expect([e.rows, e.cols, e.data.length]).toEqual([0, 2, 0]);
  });

  it('rejects misaligned shapes and mixed element types with invalid_input naming both shapes', async () => {
    const a = randomMatrix(Float32Array, 2, 3, 1);
    await expect(backend.matmul(a, randomMatrix(Float32Array, 4, 2, 2))).rejects.toSatisfy(
      (e: unknown) => isAntidoteError(e, 'invalid_input') && /2 x 3/.test((e as Error).message) && /4 x 2/.test((e as Error).message),
    );
    await expect(backend.matmulTransposedB(a, randomMatrix(Float32Array, 2, 4, 2))).rejects.toSatisfy((e: unknown) => isAntidoteError(e, 'invalid_input'));
    await expect(backend.matmul(a as Matrix, randomMatrix(Float64Array, 3, 2, 2) as Matrix)).rejects.toSatisfy(
      (e: unknown) => isAntidoteError(e, 'invalid_input') && /float32.*float64/.test((e as Error).message),
    );
  });
});
