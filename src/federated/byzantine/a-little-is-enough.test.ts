import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { alieAttack, alieUpdate, alieZMax } from './a-little-is-enough.js';
import { coordinateMoments } from './coordinate-moments.js';
import { ipmUpdate } from './inner-product-manipulation.js';

interface Fixture {
  readonly alieZ: readonly { n: number; f: number; s: number; z: number }[];
  readonly updates: { honest: number[][]; mean: number[]; std: number[]; z: number; alie: number[]; epsilon: number; ipm: number[] };
}
// Written by scripts/fixtures/fl_byzantine.py (scipy.stats.norm.ppf, numpy mean / std).
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/fl-byzantine.json', import.meta.url), 'utf8')) as Fixture;
const honest = fixture.updates.honest.map((row) => Float32Array.from(row));

describe('A Little Is Enough (Baruch et al. 2019)', () => {
  it.each(fixture.alieZ)('z_max for n = $n, f = $f is Φ⁻¹((n − s)/n) with s = ⌊n/2 + 1⌋ − f (scipy)', ({ n, f, z }) => {
    expect(alieZMax(n, f)).toBeCloseTo(z, 9);
  });

  it('the paper\'s example n = 50, f = 24 gives s = 2 and z ≈ 1.75', () => {
    expect(alieZMax(50, 24)).toBeCloseTo(1.7507, 4);
  });

  it('refuses f that already holds a majority, and f outside [1, n)', () => {
    expect(() => alieZMax(10, 6)).toThrow(/already hold a majority.*s = .* = 0 < 1/);
    expect(() => alieZMax(10, 0)).toThrow(/1 <= f < n/);
    expect(() => alieZMax(10, 10)).toThrow(/1 <= f < n/);
  });

  it('sends μ − z·σ per coordinate, with numpy\'s mean and population std', () => {
    const out = alieUpdate(honest, fixture.updates.z);
    fixture.updates.alie.forEach((v, p) => expect(out[p]).toBeCloseTo(v, 6));
    const { mean, std } = coordinateMoments(honest);
    fixture.updates.mean.forEach((v, p) => expect(mean[p]).toBeCloseTo(v, 12));
    fixture.updates.std.forEach((v, p) => expect(std[p]).toBeCloseTo(v, 12));
  });

  it('every Byzantine client of the round sends the same update, with z from the round\'s n and f', () => {
    const sent = alieAttack().craft({ honestUpdates: honest, ownUpdates: [], byzantineCount: 4, clientsInRound: 20, dimension: 9, rng: createRng(1) });
    expect(sent).toHaveLength(4);
    sent.forEach((u) => expect(Array.from(u)).toEqual(Array.from(alieUpdate(honest, alieZMax(20, 4)))));
  });
});

describe('inner-product manipulation (Xie et al. 2020)', () => {
  it('sends −ε times the honest mean (numpy)', () => {
    const out = ipmUpdate(honest, fixture.updates.epsilon);
    fixture.updates.ipm.forEach((v, p) => expect(out[p]).toBeCloseTo(v, 6));
  });

  it('has a negative inner product with the honest mean', () => {
    const { mean } = coordinateMoments(honest);
    const out = ipmUpdate(honest, 0.1);
    let dot = 0;
    for (let p = 0; p < out.length; p++) dot += out[p]! * mean[p]!;
    expect(dot).toBeLessThan(0);
  });
});
