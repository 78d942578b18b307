import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { groupedSecureAggregate, randomGroups, type GroupedClientUpdate, type RobustAggregationRule } from './grouped-secure-aggregate.js';
import { MaskedSecureSum } from './masked-secure-sum.js';
import { seededRandomBytes } from './random-bytes.js';

/** Coordinate-wise median of the updates (a test-local robust rule). */
const coordinateMedian: RobustAggregationRule = (updates) => {
  const d = updates[0]!.values.length;
  const out = new Float32Array(d);
  const column = new Float64Array(updates.length);
  for (let j = 0; j < d; j++) {
    updates.forEach((u, i) => (column[i] = u.values[j]!));
    column.sort();
    const m = column.length >> 1;
    out[j] = column.length % 2 ? column[m]! : (column[m - 1]! + column[m]!) / 2;
  }
  return out;
};

const fixedPoint = { scale: 2 ** 16, maxAbsValue: 100 };

function population(n: number, byzantine: readonly number[], d: number): GroupedClientUpdate[] {
  const rng = createRng(21);
  return Array.from({ length: n }, (_, c) => ({
    clientId: `c${String(c).padStart(2, '0')}`,
    values: Float32Array.from({ length: d }, () => (byzantine.includes(c) ? 100 : 1 + 0.1 * rng.normal())),
    numExamples: 10 + c,
  }));
}

describe('randomGroups', () => {
  it('partitions every client once into ⌊n / size⌋ groups of size in [size, 2·size − 1], reproducibly', () => {
    const groups = randomGroups(23, 5, createRng(3));
    expect(groups.map((g) => g.length)).toEqual([6, 6, 6, 5]);
    expect([...groups.flatMap((g) => [...g])].sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(randomGroups(23, 5, createRng(3))).toEqual(groups);
    expect(() => randomGroups(3, 5, createRng(3))).toThrow(/3 clients cannot fill one group of groupSize 5/);
    expect(() => randomGroups(10, 1, createRng(3))).toThrow(/groupSize must be an integer of at least 2/);
  });
});

describe('groupedSecureAggregate', () => {
  it('each group mean equals the plain mean of its members, summed by masked secure aggregation', async () => {
    const updates = population(12, [], 6);
    const result = await groupedSecureAggregate(updates, {
      groupSize: 3,
      rng: createRng(5),
      robustRule: coordinateMedian,
      secureSum: new MaskedSecureSum({ fixedPoint, randomBytes: seededRandomBytes('groups') }),
    });
    expect(result.groups.length).toBe(4);
    result.groups.forEach((members, g) => {
      for (let j = 0; j < 6; j++) {
        const plain = members.reduce((s, id) => s + updates.find((u) => u.clientId === id)!.values[j]!, 0) / members.length;
        expect(result.groupMeans[g]![j]).toBeCloseTo(plain, 4);
      }
    });
  });

  it('small groups keep the median robust to 4 of 20 Byzantine clients, where the plain mean is ruined', async () => {
    const byzantine = [0, 5, 10, 15];
    const updates = population(20, byzantine, 8);
    const honestMean = new Float64Array(8);
    updates.forEach((u, c) => byzantine.includes(c) || u.values.forEach((v, j) => (honestMean[j] = honestMean[j]! + v / 16)));
    const plainMean = updates.reduce((s, u) => s + u.values[0]! / updates.length, 0);
    expect(plainMean - honestMean[0]!).toBeGreaterThan(15); // (4 · 100 + 16 · 1) / 20 ≈ 20.8
    const secureSum = new MaskedSecureSum({ fixedPoint, randomBytes: seededRandomBytes('robust') });
    const small = await groupedSecureAggregate(updates, { groupSize: 2, rng: createRng(9), robustRule: coordinateMedian, secureSum });
    const spoiled = small.groups.filter((g) => g.some((id) => byzantine.includes(Number(id.slice(1))))).length;
    expect(spoiled).toBeLessThan(small.groups.length / 2); // at most 4 of 10 groups
    for (let j = 0; j < 8; j++) expect(Math.abs(small.aggregate[j]! - honestMean[j]!)).toBeLessThan(0.3);
    // With groups of 5 there are 4 groups and the 4 attackers can sit in half of them or more (they do for this seed), and the median breaks.
    const large = await groupedSecureAggregate(updates, { groupSize: 5, rng: createRng(9), robustRule: coordinateMedian, secureSum });
    const spoiledLarge = large.groups.filter((g) => g.some((id) => byzantine.includes(Number(id.slice(1))))).length;
    expect(spoiledLarge).toBeGreaterThanOrEqual(large.groups.length / 2);
    expect(Math.abs(large.aggregate[0]! - honestMean[0]!)).toBeGreaterThan(5);
  });

  it('passes each group’s total examples to the rule as its weight', async () => {
    const updates = population(6, [], 2);
    let seen: number[] = [];
    await groupedSecureAggregate(updates, {
      groupSize: 3,
      rng: createRng(1),
      robustRule: (groups) => {
        seen = groups.map((g) => g.numExamples);
        return groups[0]!.values;
      },
      secureSum: new MaskedSecureSum({ fixedPoint, randomBytes: seededRandomBytes('w') }),
    });
    expect(seen.reduce((a, b) => a + b, 0)).toBe(updates.reduce((s, u) => s + u.numExamples, 0));
  });
});
