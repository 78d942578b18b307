import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { principalComponents } from './principal-components.js';

describe('principalComponents', () => {
  it('recovers the axes and variances of an axis-aligned Gaussian cloud', () => {
    const rng = createRng(3);
    const rows = 5000;
    const sd = [1, 5, 2];
    const data = new Float32Array(rows * 3);
    for (let i = 0; i < rows; i++) for (let j = 0; j < 3; j++) data[i * 3 + j] = 7 + sd[j]! * rng.normal();
    const pca = principalComponents({ rows, cols: 3, data }, 2, createRng(1));
    expect(Math.abs(pca.components[1]!)).toBeCloseTo(1, 3); // first component is axis 1 (sd 5)
    expect(Math.abs(pca.components[3 + 2]!)).toBeCloseTo(1, 2); // second is axis 2 (sd 2)
    expect(pca.variances[0]! / 25).toBeCloseTo(1, 1);
    expect(pca.variances[1]! / 4).toBeCloseTo(1, 1);
    // Orthogonal, unit length.
    let d = 0;
    for (let j = 0; j < 3; j++) d += pca.components[j]! * pca.components[3 + j]!;
    expect(Math.abs(d)).toBeLessThan(1e-6);
    // The projection of row 0 is the centred row times the components.
    const p0 = (data[0]! - pca.mean[0]!) * pca.components[0]! + (data[1]! - pca.mean[1]!) * pca.components[1]! + (data[2]! - pca.mean[2]!) * pca.components[2]!;
    expect(pca.projected[0]).toBeCloseTo(p0, 6);
  });

  it('caps the number of components at the columns', () => {
    const pca = principalComponents({ rows: 3, cols: 1, data: Float32Array.from([1, 2, 4]) }, 2, createRng(0));
    expect(pca.variances.length).toBe(1);
    expect(pca.variances[0]).toBeCloseTo(7 / 3, 9);
  });
});
