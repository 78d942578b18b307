import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { dirichletPartition } from './dirichlet-partition.js';
import { dirichletSample, gammaSample } from './dirichlet-sample.js';
import { iidPartition } from './iid-partition.js';

/** 2,000 rows, 10 balanced classes. */
const codes = Int32Array.from({ length: 2000 }, (_, i) => i % 10);

function expectExactCover(shards: readonly Uint32Array[], rows: number): void {
  const seen = new Uint8Array(rows);
  for (const s of shards) for (const i of s) seen[i]!++;
  expect(seen.every((v) => v === 1)).toBe(true);
}

/** The mean over clients of the share of its rows in its most common class. */
function meanDominantShare(shards: readonly Uint32Array[]): number {
  let total = 0;
  for (const s of shards) {
    const counts = new Array<number>(10).fill(0);
    for (const i of s) counts[codes[i]!]!++;
    total += Math.max(...counts) / s.length;
  }
  return total / shards.length;
}

describe('iidPartition', () => {
  it('deals every row to exactly one client, sizes within one of each other, deterministically', () => {
    const shards = iidPartition(1003, 10, createRng(1));
    expectExactCover(shards, 1003);
    expect(shards.map((s) => s.length)).toEqual([101, 101, 101, 100, 100, 100, 100, 100, 100, 100]);
    expect(iidPartition(1003, 10, createRng(1))).toEqual(shards);
    expect(iidPartition(1003, 10, createRng(2))).not.toEqual(shards);
  });

  it('refuses fewer rows than clients', () => {
    expect(() => iidPartition(3, 5, createRng(1))).toThrow(/3 rows cannot give each of 5 clients/);
  });
});

describe('Dirichlet sampling', () => {
  it('Gamma(a) has mean a and variance a (Marsaglia–Tsang, and the boost below 1)', () => {
    for (const a of [0.3, 1, 4.5]) {
      const rng = createRng(7);
      const n = 40_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const g = gammaSample(a, rng);
        s += g;
        s2 += g * g;
      }
      const mean = s / n;
      expect(mean).toBeCloseTo(a, 1);
      expect(s2 / n - mean * mean).toBeGreaterThan(a * 0.9);
      expect(s2 / n - mean * mean).toBeLessThan(a * 1.1);
    }
  });

  it('draws proportions that sum to 1, each with mean 1/k', () => {
    const rng = createRng(3);
    const acc = new Float64Array(5);
    for (let t = 0; t < 4000; t++) {
      const p = dirichletSample(0.5, 5, rng);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      p.forEach((v, j) => (acc[j]! += v / 4000));
    }
    acc.forEach((v) => expect(v).toBeCloseTo(0.2, 1));
  });
});

describe('dirichletPartition (Hsu et al. 2019)', () => {
  it('covers every row exactly once and gives every client at least the minimum', () => {
    const shards = dirichletPartition(codes, 10, 20, { alpha: 0.3 }, createRng(4));
    expectExactCover(shards, 2000);
    expect(Math.min(...shards.map((s) => s.length))).toBeGreaterThanOrEqual(10);
  });

  it('is deterministic for a seed', () => {
    expect(dirichletPartition(codes, 10, 20, { alpha: 0.5 }, createRng(9))).toEqual(dirichletPartition(codes, 10, 20, { alpha: 0.5 }, createRng(9)));
  });

  it('small α concentrates each client on few classes; large α approaches the balanced IID mix', () => {
    const skewed = meanDominantShare(dirichletPartition(codes, 10, 20, { alpha: 0.1 }, createRng(5)));
    const mild = meanDominantShare(dirichletPartition(codes, 10, 20, { alpha: 1 }, createRng(5)));
    const iidLike = meanDominantShare(dirichletPartition(codes, 10, 20, { alpha: 1000 }, createRng(5)));
    expect(skewed).toBeGreaterThan(0.45); // balanced classes: 0.1 each
    expect(mild).toBeGreaterThan(iidLike);
    expect(skewed).toBeGreaterThan(mild);
    expect(iidLike).toBeLessThan(0.2);
  });

  it('says so when no draw gives every client the minimum, and refuses a bad α', () => {
    expect(() => dirichletPartition(codes, 10, 100, { alpha: 0.01, minPerClient: 20, maxAttempts: 5 }, createRng(1))).toThrow(/5 draws with alpha = 0.01 never gave each of 100 clients at least 20.*larger alpha/);
    expect(() => dirichletPartition(codes, 10, 10, { alpha: 0 }, createRng(1))).toThrow(/alpha = 0 must be a finite number > 0/);
  });
});
