import { describe, expect, it } from 'vitest';
import type { ClientUpdate } from '../../core/aggregator.js';
import { createRng } from '../../core/rng.js';
import { adaptClipNorm, updateNoiseMultiplier } from './adaptive-clipping.js';
import { clipToNorm } from './clip-to-norm.js';
import { dpFedAvg } from './dp-fed-avg.js';

function round(n: number, d: number, seed: number): ClientUpdate[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({ values: Float32Array.from({ length: d }, () => rng.normal() * (1 + (i % 4))), numExamples: 10 }));
}

function std(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i]!;
  m /= xs.length;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

describe('clipToNorm', () => {
  it('scales a long update to the norm and leaves a short one alone (as a copy)', () => {
    const c = clipToNorm(new Float32Array([3, 4]), 1);
    expect(c.norm).toBe(5);
    expect(c.unclipped).toBe(false);
    expect(c.values[0]).toBeCloseTo(0.6, 6);
    expect(c.values[1]).toBeCloseTo(0.8, 6);
    const short = new Float32Array([0.3, 0.4]);
    const kept = clipToNorm(short, 1);
    expect(kept.unclipped).toBe(true);
    expect(kept.values).toEqual(short);
    expect(kept.values).not.toBe(short);
    expect(() => clipToNorm(short, 0)).toThrow(/clipNorm is 0/);
  });
});

describe('dpFedAvg', () => {
  const updates = round(20, 20_000, 3);
  const clipNorm = 300;
  const clean = dpFedAvg(updates, { clipNorm, noiseMultiplier: 0, rng: createRng(1) }).aggregate;

  it('without noise is the plain mean of the clipped updates, and counts the unclipped ones', () => {
    const clipped = updates.map((u) => clipToNorm(u.values, clipNorm));
    for (const p of [0, 1, 999, 19_999]) expect(clean[p]).toBeCloseTo(clipped.reduce((s, c) => s + c.values[p]!, 0) / 20, 5);
    const r = dpFedAvg(updates, { clipNorm, noiseMultiplier: 0, rng: createRng(1) });
    expect(r.unclippedCount).toBe(clipped.filter((c) => c.unclipped).length);
    expect(r.unclippedCount).toBeGreaterThan(0);
    expect(r.unclippedCount).toBe(10); // norms ~141, 283, 424, 566 by client: half fit under C = 300
  });

  it.each(['central', 'distributed'] as const)('%s noise on the sum has std sigma * C', (mode) => {
    const sigma = 1.1;
    const r = dpFedAvg(updates, { clipNorm, noiseMultiplier: sigma, rng: createRng(5), mode });
    expect(r.sumNoiseStd).toBeCloseTo(sigma * clipNorm, 12);
    const noiseOnSum = r.aggregate.map((v, p) => (v - clean[p]!) * 20);
    // 20,000 coordinates: the sample std is within ~1% of the true one (3% leaves room).
    expect(std(noiseOnSum) / (sigma * clipNorm)).toBeGreaterThan(0.97);
    expect(std(noiseOnSum) / (sigma * clipNorm)).toBeLessThan(1.03);
  });

  it('is reproducible from the seed and divides by a fixed denominator when given one', () => {
    const a = dpFedAvg(updates, { clipNorm, noiseMultiplier: 1, rng: createRng(9) }).aggregate;
    expect(dpFedAvg(updates, { clipNorm, noiseMultiplier: 1, rng: createRng(9) }).aggregate).toEqual(a);
    const fixed = dpFedAvg(updates, { clipNorm, noiseMultiplier: 0, rng: createRng(1), denominator: 40 }).aggregate;
    expect(fixed[7]).toBeCloseTo(clean[7]! / 2, 5);
  });

  it('rejects bad options with invalid_input', () => {
    expect(() => dpFedAvg(updates, { clipNorm: -1, noiseMultiplier: 1, rng: createRng(1) })).toThrow(/clipNorm is -1/);
    expect(() => dpFedAvg(updates, { clipNorm: 1, noiseMultiplier: 1, rng: createRng(1), mode: 'local' as 'central' })).toThrow(/unknown mode "local"; available: central, distributed/);
    expect(() => dpFedAvg([], { clipNorm: 1, noiseMultiplier: 1, rng: createRng(1) })).toThrow(/no client updates/);
  });
});

describe('adaptive clipping', () => {
  it('moves C geometrically towards the target quantile of the norms', () => {
    const rng = createRng(4);
    const norms = Array.from({ length: 200 }, () => Math.exp(rng.normal()));
    const median = [...norms].sort((a, b) => a - b)[100]!;
    let c = 20;
    for (let r = 0; r < 300; r++) {
      const unclipped = norms.filter((x) => x <= c).length;
      c = adaptClipNorm(c, unclipped, norms.length, { targetQuantile: 0.5, learningRate: 0.2, countNoiseStd: 0 });
    }
    const share = norms.filter((x) => x <= c).length / norms.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
    expect(Math.abs(Math.log(c / median))).toBeLessThan(0.2);
  });

  it('one step is C exp(-eta (b - gamma))', () => {
    expect(adaptClipNorm(2, 80, 100, { targetQuantile: 0.5, learningRate: 0.2, countNoiseStd: 0 })).toBeCloseTo(2 * Math.exp(-0.2 * 0.3), 12);
    expect(() => adaptClipNorm(2, 80, 100, { targetQuantile: 0.5, learningRate: 0.2, countNoiseStd: 1 })).toThrow(/needs a seeded rng/);
  });

  it('splits the noise budget: 1/sigma_update^2 + 1/(2 sigma_b)^2 = 1/z^2', () => {
    const z = 1.1;
    const b = 5;
    const s = updateNoiseMultiplier(z, b);
    expect(s ** -2 + (2 * b) ** -2).toBeCloseTo(z ** -2, 12);
    expect(s).toBeGreaterThan(z);
    expect(() => updateNoiseMultiplier(1, 0.4)).toThrow(/too small/);
  });
});
