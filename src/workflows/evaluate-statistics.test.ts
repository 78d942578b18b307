import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meanInterval, studentTCdf, studentTQuantile } from './evaluate-statistics.js';

// Made by scripts/fixtures/evaluate_student_t.py (scipy 1.10).
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/evaluate-student-t.json', import.meta.url), 'utf8')) as {
  quantiles: { p: number; df: number; q: number }[];
  cdf: { t: number; df: number; cdf: number }[];
  intervals: { values: number[]; mean: number; low: number; high: number }[];
};

describe('Student t', () => {
  it('matches scipy.stats.t.cdf', () => {
    for (const { t, df, cdf } of fixture.cdf) expect(studentTCdf(t, df)).toBeCloseTo(cdf, 13);
  });

  it('inverts the cdf, and matches scipy.stats.t.ppf to its own accuracy', () => {
    for (const { p, df, q } of fixture.quantiles) {
      const ours = studentTQuantile(p, df);
      expect(studentTCdf(ours, df)).toBeCloseTo(p, 13);
      expect(studentTQuantile(1 - p, df)).toBe(-ours);
      // scipy 1.10's ppf is itself off by up to ~1e-8 (its own cdf of its ppf misses p by ~7e-10).
      expect(ours).toBeCloseTo(q, 7);
    }
  });

  it('refuses bad arguments', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/within \(0, 1\)/);
    expect(() => studentTCdf(1, 0)).toThrow(/positive integer/);
  });
});

describe('meanInterval', () => {
  it('matches scipy.stats.t.interval(0.95, n − 1, loc=mean, scale=sem)', () => {
    for (const c of fixture.intervals) {
      const m = meanInterval(c.values)!;
      expect(m.mean).toBeCloseTo(c.mean, 12);
      expect(m.low).toBeCloseTo(c.low, 10);
      expect(m.high).toBeCloseTo(c.high, 10);
      expect(m.n).toBe(c.values.length);
    }
  });

  it('gives a point for one value and null for none', () => {
    expect(meanInterval([0.5])).toEqual({ mean: 0.5, low: 0.5, high: 0.5, n: 1 });
    expect(meanInterval([])).toBeNull();
  });
});
