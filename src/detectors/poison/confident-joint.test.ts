import { describe, expect, it } from 'vitest';
import { loadPoisonFixture, type CleanlabCase } from '../../../test/fixtures/poison/poison-fixtures.js';
import { computeConfidentJoint, confidentThresholds, numpySum, roundHalfEven, roundPreservingSum } from './confident-joint.js';

const fx = loadPoisonFixture<{
  cases: CleanlabCase[];
  rounding: { values: number[]; rounded: number[] }[];
  sums: { values: number[]; sum: number }[];
}>('cleanlab.json');

// The fixtures come from a line-by-line numpy re-implementation of cleanlab's count.py
// (scripts/fixtures/poison_fixtures.py); counts are integers and must match exactly, thresholds
// to the last bit (numpy's pairwise summation is reproduced).
describe('confident joint against cleanlab (numpy re-implementation)', () => {
  for (const c of fx.cases) {
    it(`thresholds, raw and calibrated joint, off-diagonal rows: ${c.name}`, () => {
      const codes = Int32Array.from(c.labels);
      const probs = Float64Array.from(c.predProbs.data);
      expect(Array.from(confidentThresholds(codes, probs, c.classes))).toEqual(c.thresholds);
      const raw = computeConfidentJoint(codes, probs, c.classes, false);
      expect(Array.from(raw.joint)).toEqual(c.confidentJointRaw);
      const calibrated = computeConfidentJoint(codes, probs, c.classes, true);
      expect(Array.from(calibrated.joint)).toEqual(c.confidentJoint);
      expect(Array.from(calibrated.offDiagonal)).toEqual(c.offDiagonal);
    });
  }

  it('calibrated rows sum to the label counts and the whole to the row count', () => {
    for (const c of fx.cases) {
      const counts = new Array<number>(c.classes).fill(0);
      for (const l of c.labels) counts[l]!++;
      for (let i = 0; i < c.classes; i++) {
        let s = 0;
        for (let j = 0; j < c.classes; j++) s += c.confidentJoint[i * c.classes + j]!;
        expect(s, c.name).toBe(counts[i]);
      }
    }
  });
});

describe('numpy-exact helpers', () => {
  it('round_preserving_sum matches cleanlab on half-way values and ties', () => {
    for (const r of fx.rounding) expect(Array.from(roundPreservingSum(Float64Array.from(r.values))), String(r.values)).toEqual(r.rounded);
  });

  it('rounds half to even as numpy does', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 2.5001].map((v) => roundHalfEven(v) + 0)).toEqual([0, 2, 2, 0, -2, 2, 3]);
  });

  it("sums in numpy's pairwise order, to the last bit, on values of wildly different size", () => {
    for (const t of fx.sums) expect(numpySum(t.values), `n = ${t.values.length}`).toBe(t.sum);
  });
});
