import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { outliersFixture } from '../../../test/fixtures/outliers/outliers-fixture.js';
import { LocalOutlierFactor } from './local-outlier-factor.js';

const { lof } = outliersFixture();

function expectClose(actual: ArrayLike<number>, expected: readonly number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(rel * Math.abs(expected[i]!));
}

describe('LocalOutlierFactor against scikit-learn LocalOutlierFactor(n_neighbors=20)', () => {
  it('scores the fit rows as negative_outlier_factor_ and sets offset_ from the contamination', async () => {
    const d = await new LocalOutlierFactor({ rng: createRng(1), contamination: 0.1 }).fit(lof.x);
    expectClose(await d.scoreSamples(lof.x), lof.negative_outlier_factor, 1e-9);
    expect(d.offset).toBeCloseTo(lof.offset_contamination_0_1, 9);
    // A copy of the fit rows is recognised as the fit rows.
    expectClose(await d.scoreSamples({ ...lof.x, data: lof.x.data.slice() }), lof.negative_outlier_factor, 1e-9);
  });

  it('scores new rows as novelty=True score_samples', async () => {
    const d = await new LocalOutlierFactor({ rng: createRng(1) }).fit(lof.x);
    expectClose(await d.scoreSamples(lof.new), lof.novelty_scores, 1e-9);
  });

  it('uses n − 1 neighbours when fewer rows than n_neighbors + 1 are given, as scikit-learn does', async () => {
    const d = await new LocalOutlierFactor({ rng: createRng(1) }).fit(lof.small);
    expectClose(await d.scoreSamples(lof.small), lof.small_negative_outlier_factor, 1e-9);
  });

  it('on the approximate (HNSW) path, measures recall and matches exact scores when recall is 1', async () => {
    const d = await new LocalOutlierFactor({ rng: createRng(1), search: 'approximate', recallSample: 100 }).fit(lof.x);
    const recall = d.neighbourRecall!;
    expect(recall.sampled).toBe(100);
    expect(recall.recall).toBeGreaterThan(0.95);
    if (recall.recall === 1) expectClose(await d.scoreSamples(lof.x), lof.negative_outlier_factor, 1e-6);
  });

  it('rejects a bad neighbour count or search with invalid_input', () => {
    expect(() => new LocalOutlierFactor({ rng: createRng(1), nNeighbors: 0 })).toThrow(/nNeighbors/);
    expect(() => new LocalOutlierFactor({ rng: createRng(1), search: 'fast' as never })).toThrow(/unknown neighbour search "fast"; available: auto, exact, approximate/);
  });
});
