import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { centreColumns } from './column-centring.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { scatterMatrix, topEigenvectors } from './top-eigenvectors.js';

afterAll(disposeMatmulBackends);

/** Centred data whose spectrum decays (column j scaled by 1 / (1 + j / 4)). */
function decaying(rows: number, cols: number, seed: number): Matrix<Float64Array> {
  const rng = createRng(seed);
  const m: Matrix<Float64Array> = { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, p) => rng.normal() / (1 + (p % cols) / 4)) };
  centreColumns(m);
  return m;
}

function expectSameSubspace(values: Float64Array, vectors: Float64Array, refValues: ArrayLike<number>, refVectors: ArrayLike<number>, k: number, d: number): void {
  for (let j = 0; j < k; j++) {
    expect(Math.abs(values[j]! - refValues[j]!)).toBeLessThanOrEqual(1e-9 * Math.abs(refValues[0]!));
    let dot = 0;
    for (let p = 0; p < d; p++) dot += vectors[j * d + p]! * refVectors[j * d + p]!;
    expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-8);
  }
}

// The exact path (Jacobi on the scatter, pinned to numpy in symmetric-eigen.test.ts) is the oracle
// of the subspace iteration used for wide data.
describe('topEigenvectors', () => {
  it('subspace iteration on the formed scatter matches the exact decomposition (d = 100)', async () => {
    const m = decaying(300, 100, 1);
    const exact = symmetricEigen((await scatterMatrix(m)).data, 100);
    const r = await topEigenvectors(m, 4, createRng(2));
    expectSameSubspace(r.values, r.vectors, exact.values, exact.vectors, 4, 100);
  });

  it('subspace iteration through X and Xᵀ (d = 2100 > n) matches the Gram-matrix solution', async () => {
    const n = 40;
    const d = 2100;
    const m = decaying(n, d, 3);
    // XᵀX and X Xᵀ share their non-zero eigenvalues; v = Xᵀu / ‖Xᵀu‖.
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let p = 0; p < d; p++) gram[i * n + j]! += m.data[i * d + p]! * m.data[j * d + p]!;
    const g = symmetricEigen(gram, n);
    const refVectors = new Float64Array(3 * d);
    for (let j = 0; j < 3; j++) {
      let norm = 0;
      for (let p = 0; p < d; p++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += m.data[i * d + p]! * g.vectors[j * n + i]!;
        refVectors[j * d + p] = s;
        norm += s * s;
      }
      for (let p = 0; p < d; p++) refVectors[j * d + p]! /= Math.sqrt(norm);
    }
    const r = await topEigenvectors(m, 3, createRng(4));
    expectSameSubspace(r.values, r.vectors, g.values, refVectors, 3, d);
  });

  it('returns unit vectors with a fixed sign, whatever the seed', async () => {
    const m = decaying(200, 80, 5);
    const a = await topEigenvectors(m, 2, createRng(1));
    const b = await topEigenvectors(m, 2, createRng(99));
    for (let p = 0; p < 160; p++) expect(a.vectors[p]).toBeCloseTo(b.vectors[p]!, 9);
  });
});
