import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { profileEmbedding, topEigenvalues } from './embedding-profile.js';

describe('embedding profile', () => {
  it('finds the eigenvalues of a known symmetric matrix', () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1.
    const ev = topEigenvalues(Float64Array.from([2, 1, 1, 2]), 2, 2, createRng(0));
    expect(ev[0]).toBeCloseTo(3, 8);
    expect(ev[1]).toBeCloseTo(1, 8);
  });

  it('recovers mean, variances and spectrum of sampled vectors', () => {
    const rng = createRng(5);
    const rows = 20000;
    const dim = 3;
    const values = new Float32Array(rows * dim);
    const sd = [3, 2, 0.5];
    for (let i = 0; i < rows; i++) for (let j = 0; j < dim; j++) values[i * dim + j] = 10 * j + sd[j]! * rng.normal();
    const p = profileEmbedding({ kind: 'embedding', name: 'e', dim, values }, createRng(1));
    expect(p.mean[1]).toBeCloseTo(10, 1);
    expect(p.variance[0]).toBeCloseTo(9, 0);
    expect(p.topEigenvalues[0]! / 9).toBeCloseTo(1, 1);
    expect(p.topEigenvalues[2]! / 0.25).toBeCloseTo(1, 1);
    expect(p.totalVariance).toBeCloseTo(9 + 4 + 0.25, 0);
    expect(p.covarianceFrobenius2).toBeCloseTo(81 + 16 + 0.0625, -1);
  });
});
