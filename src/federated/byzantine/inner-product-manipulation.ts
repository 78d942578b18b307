// Xie, Koyejo & Gupta 2020, "Fall of Empires: Breaking Byzantine-tolerant SGD by Inner Product Manipulation" (UAI 2019, PMLR 115).
import { invalidInput } from '../../core/errors.js';
import type { ByzantineBehaviour } from './byzantine-behaviour.js';
import { coordinateMoments } from './coordinate-moments.js';

/** Default ε: the paper's small-ε setting, which slips past median- and Krum-type rules. */
export const IPM_DEFAULT_EPSILON = 0.1;

/**
 * The inner-product-manipulation update `−ε · mean(honest)`: its inner product with the true
 * update is negative, so a rule that lets it dominate turns the step against descent.
 *
 * @throws AntidoteError `invalid_input` for no honest updates or unequal lengths.
 *
 * @example
 * ipmUpdate([Float32Array.of(1, 2), Float32Array.of(3, 2)], 0.5); // [-1, -1]
 */
export function ipmUpdate(honestUpdates: readonly Float32Array[], epsilon: number = IPM_DEFAULT_EPSILON): Float32Array {
  const { mean } = coordinateMoments(honestUpdates);
  const out = new Float32Array(mean.length);
  for (let p = 0; p < out.length; p++) out[p] = -epsilon * mean[p]!;
  return out;
}

/**
 * Omniscient Byzantine clients that all send {@link ipmUpdate} of the round's honest updates.
 *
 * @throws AntidoteError `invalid_input` when ε is not a finite number > 0.
 */
export function ipmAttack(epsilon: number = IPM_DEFAULT_EPSILON): ByzantineBehaviour {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw invalidInput(`ipm: epsilon is ${epsilon}; it must be a finite number > 0`);
  return {
    name: 'ipm',
    citation: 'Xie et al. 2020, Fall of Empires: Breaking Byzantine-tolerant SGD by Inner Product Manipulation',
    trainsLocally: false,
    craft: (round) => {
      const update = ipmUpdate(round.honestUpdates, epsilon);
      return Array.from({ length: round.byzantineCount }, () => update.slice());
    },
  };
}
