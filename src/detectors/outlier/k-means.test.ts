import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { outliersFixture } from '../../../test/fixtures/outliers/outliers-fixture.js';
import { KMeansDetector, kMeans } from './k-means.js';

const fixture = outliersFixture();

function gaussianBlobs(seed: number, centres: readonly number[][], perBlob: readonly number[], spread = 1): Matrix<Float32Array> {
  const rng = createRng(seed);
  const d = centres[0]!.length;
  const rows = perBlob.reduce((a, b) => a + b, 0);
  const data = new Float32Array(rows * d);
  let r = 0;
  centres.forEach((c, b) => {
    for (let i = 0; i < perBlob[b]!; i++, r++) for (let j = 0; j < d; j++) data[r * d + j] = c[j]! + spread * rng.normal();
  });
  return { rows, cols: d, data };
}

describe('kMeans (Lloyd, scikit-learn KMeans with the same initial centres)', () => {
  it.each(fixture.kmeans.map((c) => [c.name, c] as const))('reproduces scikit-learn on %s: labels, iterations, centroids, inertia', async (_name, c) => {
    const r = await kMeans(c.x, c.init.rows, { rng: createRng(0), init: c.init, tol: c.tol });
    expect(Array.from(r.labels)).toEqual(c.labels);
    expect(r.iterations).toBe(c.iterations);
    // Centroids are means of float32 rows computed in double precision: equal to ~1e-12.
    r.centroids.data.forEach((v, i) => expect(v).toBeCloseTo(c.centroids64[i]!, 10));
    expect(Math.abs(r.inertia - c.inertia) / c.inertia).toBeLessThan(1e-12);
    expect(r.sizes.reduce((a, b) => a + b, 0)).toBe(c.x.rows);
  });

  it('seeds with k-means++ reproducibly and reaches the separated-blob optimum', async () => {
    const blobs = fixture.kmeans.find((c) => c.name === 'blobs')!;
    const a = await kMeans(blobs.x, 3, { rng: createRng(7) });
    const b = await kMeans(blobs.x, 3, { rng: createRng(7) });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    expect(a.inertia).toBeLessThanOrEqual(blobs.inertia * (1 + 1e-9));
  });

  it('relocates an empty cluster to the row farthest from its centre', async () => {
    // Two centres on the same spot: one gets every row, the other must take the farthest one.
    const x = { rows: 5, cols: 1, data: Float32Array.from([0, 0.1, 0.2, 0.3, 9]) };
    const r = await kMeans(x, 2, { rng: createRng(0), init: { rows: 2, cols: 1, data: Float32Array.from([0.1, 0.1]) } });
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 1]);
    expect(r.centroids.data[1]).toBe(9);
    expect(r.inertia).toBeCloseTo(0.05, 6);
  });

  it('rejects a non-finite value, naming its cell, on both assignment paths', async () => {
    for (const rows of [20, 20_000]) {
      const x = { rows, cols: 2, data: new Float32Array(rows * 2).map((_, i) => i % 7) };
      x.data[2 * 13 + 1] = Infinity;
      await expect(kMeans(x, 3, { rng: createRng(0) })).rejects.toThrow('kMeans: x[13][1] is Infinity');
    }
  });

  it('rejects a bad k, maxIter, tol or init shape with invalid_input', async () => {
    const x = fixture.kmeans[0]!.x;
    for (const bad of [
      () => kMeans(x, 0, { rng: createRng(0) }),
      () => kMeans(x, x.rows + 1, { rng: createRng(0) }),
      () => kMeans(x, 2, { rng: createRng(0), maxIter: 0 }),
      () => kMeans(x, 2, { rng: createRng(0), tol: -1 }),
      () => kMeans(x, 2, { rng: createRng(0), init: { rows: 3, cols: x.cols, data: new Float32Array(3 * x.cols) } }),
    ]) {
      await expect(bad()).rejects.toSatisfy((e: unknown) => isAntidoteError(e, 'invalid_input'));
    }
  });
});

describe('KMeansDetector', () => {
  it('scores a small cluster far from the others below every row of the large clusters', async () => {
    const x = gaussianBlobs(3, [[0, 0, 0], [8, 0, 0], [40, 40, 40]], [200, 200, 6], 1);
    const d = await new KMeansDetector({ rng: createRng(1), k: 3, contamination: 0.02 }).fit(x);
    const s = await d.scoreSamples(x);
    const model = d.model!;
    expect(Array.from(model.large).sort()).toEqual([0, 1, 1]);
    const far = Array.from(s.subarray(400));
    const near = Array.from(s.subarray(0, 400));
    expect(Math.max(...far)).toBeLessThan(Math.min(...near));
    const p = await d.predict(x);
    expect(Array.from(p.subarray(400))).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('standardises per cluster: the same distance counts more in a tight cluster', async () => {
    const x = gaussianBlobs(4, [[0, 0], [50, 0]], [300, 300], 1);
    // Make the second blob four times wider.
    for (let i = 300; i < 600; i++) {
      x.data[i * 2] = 50 + (x.data[i * 2]! - 50) * 4;
      x.data[i * 2 + 1] = x.data[i * 2 + 1]! * 4;
    }
    const d = await new KMeansDetector({ rng: createRng(2), k: 2 }).fit(x);
    const probe = { rows: 2, cols: 2, data: Float32Array.from([5, 0, 55, 0]) };
    const [tight, wide] = await d.scoreSamples(probe);
    expect(tight!).toBeLessThan(wide!);
    expect(d.model!.scales[0]! * 3).toBeLessThan(d.model!.scales[1]!);
  });

  it('rejects bad parameters with invalid_input', () => {
    for (const bad of [{ k: 0 }, { k: 2.5 }, { minClusterFraction: 1 }, { minClusterFraction: -0.1 }, { contamination: 0.7 }]) {
      expect(() => new KMeansDetector({ rng: createRng(1), ...bad })).toThrow(/kmeans|contamination/);
    }
  });
});
