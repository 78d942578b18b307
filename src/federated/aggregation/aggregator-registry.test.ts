import { describe, expect, it } from 'vitest';
import type { ClientUpdate } from '../../core/aggregator.js';
import { isAntidoteError } from '../../core/errors.js';
import { aggregatorContract, type AggregatorContractCase } from '../../../test/contracts/aggregator-contract.js';
import { BUILT_IN_AGGREGATORS, createAggregatorRegistry, findAggregator } from './aggregator-registry.js';
import { fedAvg } from './fed-avg.js';

const registry = createAggregatorRegistry();
const mean = (u: readonly ClientUpdate[]): Float32Array => fedAvg(u.map((x) => ({ values: x.values, numExamples: 1 })));

// Options per rule for the shared contract; f = 2 where the rule has one.
const CASES: Readonly<Record<string, Omit<AggregatorContractCase, 'aggregator'>>> = {
  'fed-avg': { options: () => ({}) },
  'coordinate-median': { options: () => ({}) },
  'trimmed-mean': { options: () => ({ beta: 0.2 }) },
  krum: { options: () => ({ f: 2 }) },
  'multi-krum': { options: () => ({ f: 2, m: 4 }) },
  bulyan: { options: () => ({ f: 2 }) },
  'norm-clipping': { options: () => ({ bound: 3 }), identityOptions: () => ({ bound: 1e6 }) },
  // Each iteration moves the centre at most tau towards identical clients: enough iterations reach them.
  'centered-clipping': { options: () => ({ tau: 2, iterations: 5 }), identityOptions: () => ({ tau: 2, iterations: 50 }) },
  'geometric-median': { options: () => ({}) },
  // The server's root-data update: here the honest mean (FLTrust rescales every update to its norm).
  'fl-trust': { options: (u) => ({ serverUpdate: mean(u) }), identityOptions: (x) => ({ serverUpdate: x }) },
};

describe('aggregator registry', () => {
  it('has every built-in rule once, with a contract case for each', () => {
    expect([...registry.keys()]).toEqual(BUILT_IN_AGGREGATORS.map((a) => a.name));
    expect(Object.keys(CASES).sort()).toEqual([...registry.keys()].sort());
  });

  it('names the available rules when one is unknown', () => {
    try {
      findAggregator(registry, 'krum2');
      expect.unreachable();
    } catch (e) {
      expect(isAntidoteError(e, 'not_found')).toBe(true);
      expect((e as Error).message).toMatch(/unknown aggregator "krum2"; available: fed-avg, coordinate-median/);
    }
  });

  it('refuses a second rule under a taken name', () => {
    expect(() => createAggregatorRegistry([BUILT_IN_AGGREGATORS[0]!])).toThrow(/registered twice/);
  });

  it('states the Byzantine preconditions of Krum (n > 2f + 2) and Bulyan (n >= 4f + 3)', () => {
    expect(findAggregator(registry, 'krum').minClients(2)).toBe(7);
    expect(findAggregator(registry, 'bulyan').minClients(2)).toBe(11);
    const ten = Array.from({ length: 10 }, (_, i) => ({ values: new Float32Array([i]), numExamples: 1 }));
    expect(() => findAggregator(registry, 'bulyan').aggregate(ten, { f: 2 })).toThrow(/Bulyan needs n >= 4f \+ 3 = 11/);
  });
});

for (const aggregator of registry.values()) aggregatorContract({ aggregator, ...CASES[aggregator.name]! });

describe('Byzantine preconditions', () => {
  const round = (n: number): { values: Float32Array; numExamples: number }[] => Array.from({ length: n }, (_, i) => ({ values: new Float32Array([i, -i]), numExamples: 1 }));
  it.each(['krum', 'multi-krum', 'bulyan'])('%s rejects one client fewer than it needs for f = 1, saying why', (name) => {
    const a = findAggregator(registry, name);
    const few = round(a.minClients(1) - 1);
    expect(() => a.aggregate(few, { f: 1 })).toThrow(name === 'bulyan' ? /n >= 4f \+ 3/ : /n > 2f \+ 2/);
  });
});
