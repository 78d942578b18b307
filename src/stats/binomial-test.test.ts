import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binomialTestGreater } from './binomial-test.js';

const cases = JSON.parse(readFileSync(new URL('../../test/fixtures/stats/binomial-test.json', import.meta.url), 'utf8')) as { k: number; n: number; p: number; pValue: number }[];

describe('binomialTestGreater', () => {
  it.each(cases)('P(X ≥ $k | n = $n, p = $p) matches scipy.stats.binomtest', ({ k, n, p, pValue }) => {
    const got = binomialTestGreater(k, n, p);
    if (pValue < 1e-300) expect(got).toBeLessThan(1e-300);
    else expect(Math.abs(got - pValue) / pValue).toBeLessThan(1e-9);
  });

  it('rejects counts outside [0, n] and rates outside [0, 1]', () => {
    expect(() => binomialTestGreater(11, 10, 0.5)).toThrow(/k must be a whole number in \[0, n = 10\]/);
    expect(() => binomialTestGreater(1, 10, 1.5)).toThrow(/p must be in \[0, 1\]/);
    expect(() => binomialTestGreater(1.5, 10, 0.5)).toThrow(/whole number/);
  });
});
