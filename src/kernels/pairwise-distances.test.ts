import { afterAll, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { kernelsFixture } from '../../test/fixtures/kernels/kernels-fixture.js';
import { disposeMatmulBackends } from './matmul.js';
import {
  pairwiseCosineDistances,
  pairwiseCosineDistancesReference,
  pairwiseSquaredDistances,
  pairwiseSquaredDistancesReference,
  pairwiseSquaredDistancesSync,
} from './pairwise-distances.js';

afterAll(disposeMatmulBackends);

function randomMatrix<T extends Float32Array | Float64Array>(ctor: { from(xs: number[]): T }, rows: number, cols: number, seed: number, offset = 0): Matrix<T> {
  const rng = createRng(seed);
  return { rows, cols, data: ctor.from(Array.from({ length: rows * cols }, () => rng.normal() + offset)) };
}

function rowNorm2(m: Matrix, i: number): number {
  let s = 0;
  for (let p = 0; p < m.cols; p++) s += m.data[i * m.cols + p]! ** 2;
  return s;
}

/** |fast − reference| ≤ tol · (‖x‖² + ‖y‖²) for every pair: the error bound of the expanded formula. */
function expectWithinNormScale(fast: Matrix, ref: Matrix, x: Matrix, y: Matrix, tol: number): void {
  expect([fast.rows, fast.cols]).toEqual([ref.rows, ref.cols]);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < y.rows; j++) {
    const k = i * y.rows + j;
    const err = Math.abs(fast.data[k]! - ref.data[k]!);
    if (err > tol * (rowNorm2(x, i) + rowNorm2(y, j))) throw new Error(`pair (${i}, ${j}): ${fast.data[k]} vs ${ref.data[k]}`);
  }
}

describe('pairwise squared Euclidean distances', () => {
  it('reference and fast paths match scipy cdist(sqeuclidean) on the fixtures', async () => {
    for (const { x, y, sqeuclidean } of kernelsFixture().distances) {
      const ref = pairwiseSquaredDistancesReference(x, y);
      for (let k = 0; k < ref.data.length; k++) expect(ref.data[k]).toBeCloseTo(sqeuclidean.data[k]!, 12);
      const fast = await pairwiseSquaredDistances(x, y);
      expectWithinNormScale(fast, sqeuclidean, x, y, 1e-13);
    }
  });

  it('fast (onnx-sized and reference-sized) and sync paths agree with the direct loops, float64 and float32', async () => {
    for (const [n, m, d] of [[3, 5, 2], [70, 45, 33], [129, 64, 17]] as const) {
      const x64 = randomMatrix(Float64Array, n, d, n + d, 2);
      const y64 = randomMatrix(Float64Array, m, d, m + 3 * d, 2);
      const ref64 = pairwiseSquaredDistancesReference(x64, y64);
      expectWithinNormScale(await pairwiseSquaredDistances(x64, y64), ref64, x64, y64, 1e-13);
      expectWithinNormScale(pairwiseSquaredDistancesSync(x64, y64), ref64, x64, y64, 1e-13);

      const x32 = { rows: n, cols: d, data: Float32Array.from(x64.data) };
      const y32 = { rows: m, cols: d, data: Float32Array.from(y64.data) };
      const fast32 = await pairwiseSquaredDistances(x32, y32);
      expect(fast32.data).toBeInstanceOf(Float32Array);
      expectWithinNormScale(fast32, pairwiseSquaredDistancesReference(x32, y32), x32, y32, 2e-6);
    }
  });

  it('never goes negative and gives an exact zero diagonal when x is y', async () => {
    // Rows far from the origin and close to each other: the expanded formula cancels badly here.
    const x = randomMatrix(Float32Array, 60, 20, 5, 1000);
    for (const d of [await pairwiseSquaredDistances(x, x), pairwiseSquaredDistancesSync(x, x)]) {
      expect(d.data.filter((v) => !(v >= 0)).length).toBe(0);
      expect(Array.from({ length: 60 }, (_, i) => d.data[i * 60 + i])).toEqual(new Array(60).fill(0));
    }
  });

  it('handles empty inputs and 1 x 1', async () => {
    const empty = await pairwiseSquaredDistances({ rows: 0, cols: 3, data: new Float64Array(0) }, randomMatrix(Float64Array, 2, 3, 1));
    expect([empty.rows, empty.cols]).toEqual([0, 2]);
    const one = pairwiseSquaredDistancesReference({ rows: 1, cols: 1, data: new Float64Array([3]) }, { rows: 1, cols: 1, data: new Float64Array([-1]) });
    expect(Array.from(one.data)).toEqual([16]);
    const noFeatures = await pairwiseSquaredDistances({ rows: 2, cols: 0, data: new Float64Array(0) }, { rows: 1, cols: 0, data: new Float64Array(0) });
    expect(Array.from(noFeatures.data)).toEqual([0, 0]);
  });

  it('rejects rows of different lengths with invalid_input naming both shapes', async () => {
    const x = randomMatrix(Float64Array, 4, 3, 1);
    const y = randomMatrix(Float64Array, 2, 5, 2);
    expect(() => pairwiseSquaredDistancesReference(x, y)).toThrow(/x is 4 x 3 and y is 2 x 5/);
    await expect(pairwiseSquaredDistances(x, y)).rejects.toSatisfy((e: unknown) => isAntidoteError(e, 'invalid_input'));
  });
});

describe('pairwise cosine distances', () => {
  it('reference and fast paths match scipy cdist(cosine), with distance 1 to a zero row', async () => {
    for (const { x, y, cosine } of kernelsFixture().distances) {
      const ref = pairwiseCosineDistancesReference(x, y);
      const fast = await pairwiseCosineDistances(x, y);
      for (let k = 0; k < cosine.data.length; k++) {
        expect(ref.data[k]).toBeCloseTo(cosine.data[k]!, 12);
        expect(fast.data[k]).toBeCloseTo(cosine.data[k]!, 12);
      }
    }
  });

  it('fast path agrees with the reference on a product large enough for onnxruntime (float32)', async () => {
    const x = randomMatrix(Float32Array, 80, 24, 3);
    const y = randomMatrix(Float32Array, 50, 24, 4);
    const fast = await pairwiseCosineDistances(x, y);
    const ref = pairwiseCosineDistancesReference(x, y);
    let worst = 0;
    for (let k = 0; k < ref.data.length; k++) worst = Math.max(worst, Math.abs(fast.data[k]! - ref.data[k]!));
    expect(worst).toBeLessThan(1e-5);
    const self = await pairwiseCosineDistances(x, x);
    expect(Array.from({ length: 80 }, (_, i) => self.data[i * 80 + i])).toEqual(new Array(80).fill(0));
  });
});
