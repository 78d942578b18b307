import { afterAll, describe, expect, it } from 'vitest';
import type { Matrix } from '../../core/matrix.js';
import { createRng } from '../../core/rng.js';
import { disposeMatmulBackends } from '../../kernels/matmul.js';
import { nearestNeighbours } from './nearest-neighbours.js';

afterAll(disposeMatmulBackends);

function random(rows: number, cols: number, seed: number, offset = 0): Matrix<Float32Array> {
  const rng = createRng(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => offset + rng.normal()) };
}

/** The oracle: every distance by direct loops, sorted by (distance, index). */
function bruteForce(ref: Matrix, qry: Matrix | null, k: number): { indices: number[]; distances: number[] } {
  const q = qry ?? ref;
  const d = ref.cols;
  const indices: number[] = [];
  const distances: number[] = [];
  for (let i = 0; i < q.rows; i++) {
    const all: { j: number; v: number }[] = [];
    for (let j = 0; j < ref.rows; j++) {
      if (!qry && j === i) continue;
      let s = 0;
      for (let p = 0; p < d; p++) s += (Number(q.data[i * d + p]) - Number(ref.data[j * d + p])) ** 2;
      all.push({ j, v: Math.sqrt(s) });
    }
    all.sort((a, b) => a.v - b.v || a.j - b.j);
    for (const t of all.slice(0, k)) {
      indices.push(t.j);
      distances.push(t.v);
    }
  }
  return { indices, distances };
}

describe('nearestNeighbours (exact)', () => {
  it('matches brute force on the reference itself (each row left out), with duplicates and far-off data', async () => {
    const x = random(300, 7, 1, 1000);
    x.data.copyWithin(7 * 5, 7 * 4, 7 * 5); // row 5 = row 4
    const nb = await nearestNeighbours(x, null, 6, { search: 'exact' });
    const oracle = bruteForce(x, null, 6);
    expect(Array.from(nb.indices)).toEqual(oracle.indices);
    for (let p = 0; p < oracle.distances.length; p++) expect(nb.distances[p]).toBeCloseTo(oracle.distances[p]!, 9);
    expect(nb.indices[4 * 6]).toBe(5);
    expect(nb.distances[4 * 6]).toBe(0);
  });

  it('matches brute force for separate queries, and returns fewer neighbours than asked for a small reference', async () => {
    const ref = random(40, 3, 2);
    const qry = random(25, 3, 3);
    const nb = await nearestNeighbours(ref, qry, 5, { search: 'exact' });
    expect(Array.from(nb.indices)).toEqual(bruteForce(ref, qry, 5).indices);
    const small = await nearestNeighbours(random(3, 3, 4), null, 10);
    expect(small.k).toBe(2);
  });

  it('measures cosine distance as 1 − cos', async () => {
    const ref: Matrix<Float32Array> = { rows: 3, cols: 2, data: Float32Array.from([1, 0, 0, 2, 3, 3]) };
    const nb = await nearestNeighbours(ref, { rows: 1, cols: 2, data: Float32Array.from([2, 0]) }, 3, { metric: 'cosine' });
    expect(Array.from(nb.indices)).toEqual([0, 2, 1]);
    expect(nb.distances[0]).toBeCloseTo(0, 12);
    expect(nb.distances[1]).toBeCloseTo(1 - Math.SQRT1_2, 12);
    expect(nb.distances[2]).toBeCloseTo(1, 12);
  });
});

// HNSW recall depends on its parameters (facts.md): measured here against the exact search.
describe('nearestNeighbours (approximate, usearch HNSW)', () => {
  it('has a recall of at least 0.95 and is reproducible', async () => {
    const x = random(3000, 8, 5);
    const exact = await nearestNeighbours(x, null, 10, { search: 'exact' });
    const a = await nearestNeighbours(x, null, 10, { search: 'approximate' });
    const b = await nearestNeighbours(x, null, 10, { search: 'approximate' });
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    let hits = 0;
    for (let q = 0; q < x.rows; q++) {
      const truth = new Set(exact.indices.subarray(q * 10, (q + 1) * 10));
      for (let j = 0; j < 10; j++) if (truth.has(a.indices[q * 10 + j]!)) hits++;
      expect(a.indices.subarray(q * 10, (q + 1) * 10)).not.toContain(q);
    }
    expect(hits / (x.rows * 10)).toBeGreaterThanOrEqual(0.95);
  });
});
