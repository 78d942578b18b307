/**
 * Secure and robust aggregation together, by random grouping (a composition of Bonawitz et al.
 * 2017 with any robust rule, not one paper's algorithm): clients are shuffled with a seeded Rng
 * into groups of at least `groupSize`, each group's updates are summed securely, and a robust rule
 * runs over the group means. The server sees group means only; a Byzantine client can spoil only
 * its own group, so the robust rule must tolerate the share of spoiled groups rather than of
 * Byzantine clients.
 */
import { invalidInput } from '../../core/errors.js';
import { permutation, type Rng } from '../../core/rng.js';
import type { SecureSum } from './secure-sum.js';

/** One client's update with the number of examples it was trained on. */
export interface GroupedClientUpdate {
  readonly clientId: string;
  readonly values: Float32Array;
  readonly numExamples: number;
}

/** A robust aggregation rule in the common form of Antidote's aggregators. */
export type RobustAggregationRule = (updates: readonly { values: Float32Array; numExamples: number }[]) => Float32Array;

/** Options of {@link groupedSecureAggregate}. */
export interface GroupedSecureAggregateOptions {
  /** The smallest group: groups hold between groupSize and 2 · groupSize − 1 clients. */
  readonly groupSize: number;
  /** Seeded shuffle of clients into groups. */
  readonly rng: Rng;
  /** The rule run over the group means (each weighted by its clients' total numExamples). */
  readonly robustRule: RobustAggregationRule;
  /** How each group is summed. */
  readonly secureSum: SecureSum;
}

/** The aggregate and how it was formed. */
export interface GroupedSecureAggregateResult {
  readonly aggregate: Float32Array;
  /** The client ids of each group whose updates entered its mean. */
  readonly groups: readonly (readonly string[])[];
  /** Each group's mean update: all the server learns. */
  readonly groupMeans: readonly Float32Array[];
}

/** Splits n shuffled indices into ⌊n / groupSize⌋ groups whose sizes differ by at most one. */
export function randomGroups(n: number, groupSize: number, rng: Rng): Uint32Array[] {
  if (!Number.isInteger(groupSize) || groupSize < 2) throw invalidInput(`groupSize must be an integer of at least 2 (a group of one reveals its client), got ${groupSize}`);
  if (n < groupSize) throw invalidInput(`${n} clients cannot fill one group of groupSize ${groupSize}`);
  const order = permutation(n, rng);
  const count = Math.floor(n / groupSize);
  const base = Math.floor(n / count);
  const larger = n % count;
  const groups: Uint32Array[] = [];
  let start = 0;
  for (let g = 0; g < count; g++) {
    const size = base + (g < larger ? 1 : 0);
    groups.push(order.slice(start, start + size));
    start += size;
  }
  return groups;
}

/**
 * Shuffles clients into groups, sums each group securely and aggregates the group means robustly.
 *
 * @example
 * const { aggregate } = await groupedSecureAggregate(updates, {
 *   groupSize: 5, rng: createRng(7), robustRule: coordinateMedian, secureSum: new MaskedSecureSum({ fixedPoint }),
 * });
 */
export async function groupedSecureAggregate(updates: readonly GroupedClientUpdate[], options: GroupedSecureAggregateOptions): Promise<GroupedSecureAggregateResult> {
  const first = updates[0];
  if (!first) throw invalidInput('no client updates to aggregate');
  for (const u of updates) {
    if (u.values.length !== first.values.length) throw invalidInput(`update of "${u.clientId}" has ${u.values.length} values; "${first.clientId}" has ${first.values.length}`);
    if (!(Number.isFinite(u.numExamples) && u.numExamples >= 0)) throw invalidInput(`numExamples of "${u.clientId}" must be a non-negative number, got ${u.numExamples}`);
  }
  const byId = new Map(updates.map((u) => [u.clientId, u]));
  if (byId.size !== updates.length) throw invalidInput('every update needs its own clientId');
  const groups: string[][] = [];
  const groupMeans: Float32Array[] = [];
  const weighted: { values: Float32Array; numExamples: number }[] = [];
  for (const members of randomGroups(updates.length, options.groupSize, options.rng)) {
    const inputs = Array.from(members, (i) => ({ clientId: updates[i]!.clientId, values: updates[i]!.values }));
    const { sum, clientIds } = await options.secureSum.sum(inputs);
    const mean = new Float32Array(sum.length);
    for (let j = 0; j < sum.length; j++) mean[j] = sum[j]! / clientIds.length;
    groups.push([...clientIds]);
    groupMeans.push(mean);
    weighted.push({ values: mean, numExamples: clientIds.reduce((s, id) => s + byId.get(id)!.numExamples, 0) });
  }
  return { aggregate: options.robustRule(weighted), groups, groupMeans };
}
