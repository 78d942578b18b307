/**
 * The registry of aggregation rules by name: an explicit value built at start-up (not an import
 * side effect), after Evidently's stattest registry. Each entry says which paper it follows,
 * whether it promises permutation invariance, and how many clients it needs for f Byzantine ones.
 */
import type { Aggregator, ClientUpdate } from '../../core/aggregator.js';
import { AntidoteError } from '../../core/errors.js';
import { bulyan, bulyanMinClients, type BulyanOptions } from './bulyan.js';
import { centeredClipping, type CenteredClippingOptions } from './centered-clipping.js';
import { coordinateMedian, type CoordinateMedianOptions } from './coordinate-median.js';
import { fedAvg } from './fed-avg.js';
import { flTrust, type FlTrustOptions } from './fl-trust.js';
import { geometricMedian, type GeometricMedianOptions } from './geometric-median.js';
import { krum, krumMinClients, type KrumOptions } from './krum.js';
import { multiKrum, type MultiKrumOptions } from './multi-krum.js';
import { normClipping, type NormClippingOptions } from './norm-clipping.js';
import { trimmedMean, type TrimmedMeanOptions } from './trimmed-mean.js';

// The rules check their options at run time, so the registry passes them through as given.
const entry = <O>(
  name: string,
  citation: string,
  permutationInvariant: boolean,
  minClients: (f: number) => number,
  rule: (updates: readonly ClientUpdate[], options: O) => Float32Array,
): Aggregator => ({
  name,
  citation,
  permutationInvariant,
  minClients,
  aggregate: (updates, options = {}) => rule(updates, options as unknown as O),
});

const atLeastOne = (): number => 1;
const honestMajority = (f: number): number => 2 * f + 1;

/** The built-in aggregation rules, in the order of the issue. */
export const BUILT_IN_AGGREGATORS: readonly Aggregator[] = [
  entry('fed-avg', 'McMahan et al. 2017, Communication-Efficient Learning of Deep Networks from Decentralized Data', true, atLeastOne, (u) => fedAvg(u)),
  entry<CoordinateMedianOptions>('coordinate-median', 'Yin et al. 2018, Byzantine-Robust Distributed Learning', true, honestMajority, coordinateMedian),
  entry<TrimmedMeanOptions>('trimmed-mean', 'Yin et al. 2018, Byzantine-Robust Distributed Learning', true, honestMajority, trimmedMean),
  entry<KrumOptions>('krum', 'Blanchard et al. 2017, Machine Learning with Adversaries', true, krumMinClients, krum),
  entry<MultiKrumOptions>('multi-krum', 'El Mhamdi et al. 2018, The Hidden Vulnerability of Distributed Learning in Byzantium', true, krumMinClients, multiKrum),
  entry<BulyanOptions>('bulyan', 'El Mhamdi et al. 2018, The Hidden Vulnerability of Distributed Learning in Byzantium', true, bulyanMinClients, bulyan),
  entry<NormClippingOptions>('norm-clipping', 'Sun et al. 2019, Can You Really Backdoor Federated Learning?', true, atLeastOne, normClipping),
  entry<CenteredClippingOptions>('centered-clipping', 'Karimireddy et al. 2021, Learning from History for Byzantine Robust Optimization', true, honestMajority, centeredClipping),
  entry<GeometricMedianOptions>('geometric-median', 'Pillutla et al. 2022, Robust Aggregation for Federated Learning (RFA)', true, honestMajority, geometricMedian),
  entry<FlTrustOptions>('fl-trust', 'Cao et al. 2021, FLTrust: Byzantine-robust Federated Learning via Trust Bootstrapping', true, atLeastOne, flTrust),
];

/** Aggregation rules by name. */
export type AggregatorRegistry = ReadonlyMap<string, Aggregator>;

/**
 * Builds the registry of the built-in rules plus `extra` ones.
 *
 * @throws AntidoteError `conflict` when two rules share a name.
 *
 * @example
 * const registry = createAggregatorRegistry();
 * const global = findAggregator(registry, 'krum').aggregate(updates, { f: 2 });
 */
export function createAggregatorRegistry(extra: readonly Aggregator[] = []): AggregatorRegistry {
  const map = new Map<string, Aggregator>();
  for (const a of [...BUILT_IN_AGGREGATORS, ...extra]) {
    if (map.has(a.name)) throw new AntidoteError('conflict', `aggregator "${a.name}" is registered twice`);
    map.set(a.name, a);
  }
  return map;
}

/**
 * The rule registered as `name`.
 *
 * @throws AntidoteError `not_found` naming the available rules.
 */
export function findAggregator(registry: AggregatorRegistry, name: string): Aggregator {
  const a = registry.get(name);
  if (!a) throw new AntidoteError('not_found', `unknown aggregator "${name}"; available: ${[...registry.keys()].join(', ')}`);
  return a;
}
