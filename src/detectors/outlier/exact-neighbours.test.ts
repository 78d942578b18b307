import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { outliersFixture } from '../../../test/fixtures/outliers/outliers-fixture.js';
import { exactNeighbours, exactNeighboursReference } from './exact-neighbours.js';
import { neighbourRecall } from './neighbour-recall.js';
import { nearestNeighbours } from './nearest-neighbours.js';

function gaussian(rows: number, cols: number, seed: number): Matrix<Float32Array> {
  const rng = createRng(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => rng.normal()) };
}

describe('exact nearest neighbours', () => {
  it('reference equals scikit-learn kneighbors() (indices and distances)', () => {
    const { knn } = outliersFixture();
    const nn = exactNeighboursReference(knn.x, 5);
    expect(Array.from(nn.indices)).toEqual(knn.indices);
    nn.distances.forEach((v, i) => expect(v).toBeCloseTo(knn.distances[i]!, 12));
  });

  it('the onnx fast path equals the reference, self-excluded and for separate queries, across tile edges', async () => {
    // 9000 reference rows: two reference tiles, the second smaller than a full tile.
    const x = gaussian(9000, 7, 1);
    const q = gaussian(300, 7, 2);
    for (const queries of [undefined, q]) {
      const fast = await exactNeighbours(x, 12, queries, 'onnx');
      const probe = queries ?? { rows: 300, cols: 7, data: x.data.slice(0, 300 * 7) };
      const ref = exactNeighboursReference(x, queries ? 12 : 13, probe);
      for (let i = 0; i < 300; i++) {
        const expected = Array.from(ref.indices.subarray(i * ref.k, (i + 1) * ref.k)).filter((j) => queries || j !== i).slice(0, 12);
        expect(Array.from(fast.indices.subarray(i * 12, (i + 1) * 12))).toEqual(expected);
      }
      expect(fast.method).toBe('exact');
    }
  });

  it('keeps duplicates as neighbours at distance 0 and excludes only the row itself', async () => {
    const x = { rows: 6, cols: 2, data: Float32Array.from([0, 0, 0, 0, 0, 0, 5, 5, 5, 5, 9, 9]) };
    for (const backend of ['reference', 'onnx'] as const) {
      const nn = await exactNeighbours(x, 2, undefined, backend);
      expect(Array.from(nn.indices.subarray(0, 2))).toEqual([1, 2]);
      expect(Array.from(nn.distances.subarray(0, 2))).toEqual([0, 0]);
      expect(Array.from(nn.indices.subarray(6, 8))).toEqual([4, 5]);
    }
  });

  it('rejects k outside [1, rows available] and mismatched widths with invalid_input', async () => {
    const x = gaussian(10, 3, 3);
    for (const bad of [() => exactNeighbours(x, 0), () => exactNeighbours(x, 10), () => exactNeighbours(x, 2, gaussian(2, 4, 1))]) {
      await expect(bad()).rejects.toSatisfy((e: unknown) => isAntidoteError(e, 'invalid_input'));
    }
    await expect(nearestNeighbours(x, 2, undefined, { search: 'magic' as never })).rejects.toThrow(/unknown neighbour search "magic"/);
  });
});

describe('approximate nearest neighbours (HNSW) and their recall', () => {
  it('finds nearly all true neighbours on clustered data, and recall says so', async () => {
    const x = gaussian(3000, 8, 4);
    const nn = await nearestNeighbours(x, 10, undefined, { search: 'approximate' });
    expect(nn.method).toBe('approximate');
    const r = await neighbourRecall(x, nn, createRng(1), 200);
    expect(r.recall).toBeGreaterThan(0.9);
    const exact = await exactNeighbours(x, 10);
    expect((await neighbourRecall(x, exact, createRng(1), 200)).recall).toBe(1);
    // Distances are exact Euclidean distances of the neighbours returned.
    const i = 17;
    const j = nn.indices[i * 10]!;
    let s = 0;
    for (let p = 0; p < 8; p++) s += (x.data[i * 8 + p]! - x.data[j * 8 + p]!) ** 2;
    expect(nn.distances[i * 10]).toBeCloseTo(Math.sqrt(s), 12);
    // Built on one thread, the graph and hence the answer are reproducible.
    const again = await nearestNeighbours({ ...x, data: x.data.slice() }, 10, undefined, { search: 'approximate' });
    expect(Array.from(again.indices)).toEqual(Array.from(nn.indices));
  });
});
