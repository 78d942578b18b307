import { afterAll, describe, expect, it } from 'vitest';
import type { Labels } from '../../core/detector.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { auroc } from '../../../test/contracts/planted-data.js';
import { queModel, queScore } from './quantum-entropy-scores.js';
import { robustCovariance } from './robust-covariance.js';
import { createSpectralSignatures } from './spectral-signatures.js';
import { createSpectre } from './spectre.js';

afterAll(disposeMatmulBackends);

/**
 * Two classes in 24 dimensions whose first three directions have 3x the spread of the others;
 * about 1.5% of all rows (3% of class 1) are poisons shifted by 3.5 along two low-variance
 * directions. The poison adds far less variance than the clean spread, so the class's top singular
 * vector misses it; whitening with a robust covariance does not.
 */
function smallPoison(seed: number): { x: Matrix<Float32Array>; labels: Labels; poisoned: Uint8Array } {
  const rng = createRng(seed);
  const n = 1000;
  const d = 24;
  const x = new Float32Array(n * d);
  const codes = new Int32Array(n);
  const poisoned = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    codes[i] = c;
    const p = c === 1 && rng.next() < 0.03;
    poisoned[i] = p ? 1 : 0;
    for (let j = 0; j < d; j++) x[i * d + j] = (j < 3 ? 3 : 1) * rng.normal() + (c === 1 && j === 0 ? 4 : 0) + (p && (j === 10 || j === 11) ? 3.5 : 0);
  }
  return { x: { rows: n, cols: d, data: x }, labels: { codes, classes: 2 }, poisoned };
}

describe('spectre', () => {
  it('finds a small poison that spectral signatures miss', async () => {
    for (const seed of [1, 2]) {
      const data = smallPoison(seed);
      const spectre = await createSpectre({ rng: createRng(1), contamination: 0.02 }).fit(data.x, data.labels);
      const plain = await createSpectralSignatures({ rng: createRng(1), contamination: 0.02 }).fit(data.x, data.labels);
      const a = auroc(Array.from(await spectre.scoreSamples(data.x, data.labels), (v) => -v), data.poisoned);
      const b = auroc(Array.from(await plain.scoreSamples(data.x, data.labels), (v) => -v), data.poisoned);
      expect(a).toBeGreaterThan(0.99);
      expect(b).toBeLessThan(0.7);
    }
  });

  it('scores new rows with the fitted model exactly as the fit rows', async () => {
    const data = smallPoison(3);
    const d = await createSpectre({ rng: createRng(1) }).fit(data.x, data.labels);
    const all = await d.scoreSamples(data.x, data.labels);
    const few = await d.scoreSamples({ rows: 3, cols: 24, data: data.x.data.slice(0, 72) }, { codes: data.labels.codes.slice(0, 3), classes: 2 });
    for (let i = 0; i < 3; i++) expect(few[i]).toBe(all[i]);
  });
});

describe('robustCovariance', () => {
  it('is not pulled by a 30% cluster of outliers, where the classical estimate is', () => {
    const rng = createRng(8);
    const n = 400;
    const p = 3;
    const z = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[i * p + j] = rng.normal() + (i < 120 ? 10 : 0);
    const est = robustCovariance({ rows: n, cols: p, data: z }, createRng(2));
    for (let j = 0; j < p; j++) expect(Math.abs(est.mean[j]!)).toBeLessThan(0.3);
    for (let j = 0; j < p; j++) expect(est.covariance[j * p + j]!).toBeGreaterThan(0.6);
    for (let j = 0; j < p; j++) expect(est.covariance[j * p + j]!).toBeLessThan(1.5);
    for (let i = 0; i < 120; i++) expect(est.support[i]).toBe(0);
  });
});

describe('quantum entropy scores', () => {
  it('weigh the direction of excess variance most, and sum their weights to 1', () => {
    const rng = createRng(4);
    const n = 500;
    const y = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      y[i * 2] = rng.normal() * 2;
      y[i * 2 + 1] = rng.normal();
    }
    const model = queModel({ rows: n, cols: 2, data: y }, 4);
    expect(model.weights[0]! + model.weights[1]!).toBeCloseTo(1, 12);
    expect(model.weights[0]!).toBeGreaterThan(0.95);
    expect(queScore(model, [3, 0])).toBeGreaterThan(queScore(model, [0, 3]));
    // alpha = 0 weighs every direction alike: the score is the squared norm over p.
    const flat = queModel({ rows: n, cols: 2, data: y }, 0);
    expect(queScore(flat, [3, 4])).toBeCloseTo(25 / 2, 10);
  });
});
