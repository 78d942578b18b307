import { describe, expect, it } from 'vitest';
import { loadPoisonFixture, type FixtureMatrix } from '../../../test/fixtures/poison/poison-fixtures.js';
import { symmetricEigen } from './symmetric-eigen.js';

const fx = loadPoisonFixture<{ eigen: { n: number; matrix: number[]; values: number[]; vectors: FixtureMatrix }[] }>('linalg.json');

// numpy.linalg.eigh on scatter matrices of random data; eigenvectors compared up to sign.
describe('symmetricEigen against numpy.linalg.eigh', () => {
  for (const c of fx.eigen) {
    it(`${c.n} x ${c.n}`, () => {
      const { values, vectors } = symmetricEigen(Float64Array.from(c.matrix), c.n);
      const scale = Math.abs(c.values[0]!);
      for (let j = 0; j < c.n; j++) {
        expect(Math.abs(values[j]! - c.values[j]!)).toBeLessThanOrEqual(1e-12 * scale);
        let dot = 0;
        for (let p = 0; p < c.n; p++) dot += vectors[j * c.n + p]! * c.vectors.data[j * c.n + p]!;
        expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-9);
      }
    });
  }
});
