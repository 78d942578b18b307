import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { outliersFixture } from '../../../test/fixtures/outliers/outliers-fixture.js';
import { KnnDistance } from './knn-distance.js';

const { knn } = outliersFixture();

describe('KnnDistance against scikit-learn NearestNeighbors(n_neighbors=5).kneighbors()', () => {
  it('scores fit rows by −(distance to the 5th nearest other row)', async () => {
    const d = await new KnnDistance({ rng: createRng(1), k: knn.k }).fit(knn.x);
    const s = await d.scoreSamples(knn.x);
    knn.kth_distance.forEach((v, i) => expect(-s[i]!).toBeCloseTo(v, 10));
  });

  it('scores new rows by their 5th nearest fit row', async () => {
    const d = await new KnnDistance({ rng: createRng(1), k: knn.k }).fit(knn.x);
    const s = await d.scoreSamples(knn.new);
    knn.new_kth_distance.forEach((v, i) => expect(-s[i]!).toBeCloseTo(v, 10));
  });

  it('rejects k < 1', () => {
    expect(() => new KnnDistance({ rng: createRng(1), k: 0 })).toThrow(/knn: k must be a positive integer/);
  });
});
