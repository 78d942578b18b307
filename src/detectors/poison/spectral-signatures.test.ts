import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { f32, loadPoisonFixture, type FixtureMatrix } from '../../../test/fixtures/poison/poison-fixtures.js';
import { createSpectralSignatures, spectralSignatureScores } from './spectral-signatures.js';

afterAll(disposeMatmulBackends);

const fx = loadPoisonFixture<{ x: FixtureMatrix; labels: number[]; poisoned: number[]; raw: number[]; standardized: number[] }>('spectral.json');
const x = f32(fx.x);
const labels = { codes: Int32Array.from(fx.labels), classes: 2 };

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, abs: number): void {
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!);
    expect(err, `entry ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(rel * Math.abs(expected[i]!) + abs);
  }
}

// numpy: per class, centre, SVD, (M v)², then (s − median) / (1.4826 MAD). The singular vector is
// unique up to sign (squared away); an exact Jacobi solve of the 6 x 6 scatter agrees to rounding.
describe('spectral signatures against numpy SVD', () => {
  it('reproduces the squared projections and the per-class standardised scores', async () => {
    const r = await spectralSignatureScores(x, labels, createRng(1));
    expectClose(r.raw, fx.raw, 1e-9, 1e-12);
    expectClose(r.standardized, fx.standardized, 1e-9, 1e-9);
  });

  it('ranks the planted rows first, and scores new rows against the fitted class directions', async () => {
    const d = await createSpectralSignatures({ rng: createRng(1), contamination: 5 / 60 }).fit(x, labels);
    const s = await d.scoreSamples(x, labels);
    // Within the poisoned class (1) the five planted rows score lowest.
    const class1 = Array.from(s.keys()).filter((i) => fx.labels[i] === 1);
    const order = class1.sort((a, b) => s[a]! - s[b]!);
    expect(order.slice(0, 5).sort((a, b) => a - b)).toEqual(fx.poisoned);
    // Scoring rows one at a time (a "new batch") gives the same numbers.
    const one = await d.scoreSamples({ rows: 1, cols: x.cols, data: x.data.slice(0, x.cols) }, { codes: labels.codes.slice(0, 1), classes: 2 });
    expect(one[0]).toBeCloseTo(s[0]!, 12);
  });
});
