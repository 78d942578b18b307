// The one contract every aggregation rule passes: call it from a test file with a case per registered rule.
import { describe, expect, it } from 'vitest';
import type { Aggregator, ClientUpdate } from '../../src/core/aggregator.js';
import { isAntidoteError } from '../../src/core/errors.js';
import { createRng } from '../../src/core/rng.js';

/** How to run the contract on one rule. */
export interface AggregatorContractCase {
  readonly aggregator: Aggregator;
  /** Options for a round of the given updates (f, beta, a server update, ...). */
  readonly options: (updates: readonly ClientUpdate[]) => Readonly<Record<string, unknown>>;
  /** Options under which n identical updates must give back that update (default: `options`). */
  readonly identityOptions?: (update: Float32Array) => Readonly<Record<string, unknown>>;
}

function randomRound(n: number, d: number, seed: number): ClientUpdate[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => ({
    values: Float32Array.from({ length: d }, () => rng.normal()),
    numExamples: 1 + rng.nextInt(100),
  }));
}

function expectInvalid(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(isAntidoteError(e, 'invalid_input')).toBe(true);
    return;
  }
  throw new Error('expected an invalid_input error');
}

/** Registers the aggregator contract tests for one rule. */
export function aggregatorContract(c: AggregatorContractCase): void {
  const a = c.aggregator;
  describe(`aggregator contract: ${a.name}`, () => {
    const n = Math.max(11, a.minClients(2));
    const round = randomRound(n, 33, 7);

    it('cites its paper and returns a new array of the update length with finite values', () => {
      expect(a.citation).toMatch(/\d{4}/);
      const out = a.aggregate(round, c.options(round));
      expect(out).toBeInstanceOf(Float32Array);
      expect(out.length).toBe(33);
      expect(round.some((u) => u.values === out)).toBe(false);
      for (const v of out) expect(Number.isFinite(v)).toBe(true);
    });

    it('does not modify its input', () => {
      const copies = round.map((u) => Float32Array.from(u.values));
      a.aggregate(round, c.options(round));
      round.forEach((u, i) => expect(u.values).toEqual(copies[i]));
    });

    it('gives back the update when every client sends the same one', () => {
      const same = randomRound(1, 33, 8)[0]!.values;
      const identical = Array.from({ length: n }, (_, i) => ({ values: same, numExamples: 1 + i }));
      const options = c.identityOptions ? c.identityOptions(same) : c.options(identical);
      const out = a.aggregate(identical, options);
      for (let p = 0; p < same.length; p++) expect(out[p]).toBeCloseTo(same[p]!, 5);
    });

    it.runIf(a.permutationInvariant)('does not depend on the order of the clients', () => {
      const rng = createRng(9);
      const shuffled = [...round];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const x = a.aggregate(round, c.options(round));
      const y = a.aggregate(shuffled, c.options(shuffled));
      for (let p = 0; p < x.length; p++) expect(y[p]).toBeCloseTo(x[p]!, 5);
    });

    it('is deterministic', () => {
      expect(a.aggregate(round, c.options(round))).toEqual(a.aggregate(round, c.options(round)));
    });

    it('rejects an empty round with invalid_input', () => {
      expectInvalid(() => a.aggregate([], c.options(round)));
    });

    it('rejects updates of unequal lengths with invalid_input naming the client', () => {
      const bad = [...round.slice(0, n - 1), { values: new Float32Array(32), numExamples: 1 }];
      expectInvalid(() => a.aggregate(bad, c.options(round)));
      expect(() => a.aggregate(bad, c.options(round))).toThrow(new RegExp(`updates\\[${n - 1}\\]`));
    });

    it('rejects a negative or non-finite numExamples with invalid_input', () => {
      expectInvalid(() => a.aggregate([...round.slice(1), { values: round[0]!.values, numExamples: -1 }], c.options(round)));
      expectInvalid(() => a.aggregate([...round.slice(1), { values: round[0]!.values, numExamples: NaN }], c.options(round)));
    });

    it('accepts the client count it states for f = 1', () => {
      const min = a.minClients(1);
      const ok = randomRound(min, 5, 10);
      // Rules with a Byzantine count take f from the options; the others ignore it.
      expect(a.aggregate(ok, { ...c.options(ok), f: 1 }).length).toBe(5);
    });
  });
}
