// Baruch, Baruch & Goldberg 2019, "A Little Is Enough: Circumventing Defenses For Distributed Learning" (NeurIPS).
import { invalidInput } from '../../core/errors.js';
import { normalPpf } from '../../stats/normal-distribution.js';
import type { ByzantineBehaviour } from './byzantine-behaviour.js';
import { coordinateMoments } from './coordinate-moments.js';

/**
 * The paper's z_max for n clients of which f are Byzantine: the attackers need
 * `s = ⌊n/2 + 1⌋ − f` honest clients on their side for a majority, so each coordinate may move
 * by z standard deviations where `Φ(z) = (n − s) / n`.
 *
 * @throws AntidoteError `invalid_input` unless 1 <= f < n and s >= 1 (the attackers do not already hold a majority).
 *
 * @example
 * alieZMax(50, 24); // Φ⁻¹(48/50) ≈ 1.7507
 */
export function alieZMax(n: number, f: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(f) || f < 1 || f >= n) {
    throw invalidInput(`alie: n = ${n} clients with f = ${f} Byzantine; both must be whole numbers with 1 <= f < n`);
  }
  const s = Math.floor(n / 2 + 1) - f;
  if (s < 1) {
    throw invalidInput(`alie: with f = ${f} of n = ${n} clients the attackers already hold a majority (s = ⌊n/2 + 1⌋ − f = ${s} < 1); the paper's z_max needs f < ⌊n/2 + 1⌋`);
  }
  return normalPpf((n - s) / n);
}

/**
 * The ALIE update `μ − z · σ`, coordinate by coordinate, from the mean μ and population standard
 * deviation σ of the honest updates: small enough to pass as honest, consistently biased.
 *
 * @throws AntidoteError `invalid_input` for no honest updates or unequal lengths.
 *
 * @example
 * alieUpdate(honestUpdates, alieZMax(20, 4));
 */
export function alieUpdate(honestUpdates: readonly Float32Array[], z: number): Float32Array {
  const { mean, std } = coordinateMoments(honestUpdates);
  const out = new Float32Array(mean.length);
  for (let p = 0; p < out.length; p++) out[p] = mean[p]! - z * std[p]!;
  return out;
}

/**
 * Omniscient Byzantine clients that all send {@link alieUpdate} of the round's honest updates,
 * with z from {@link alieZMax} for the round's n and f unless `z` is given.
 *
 * @throws AntidoteError `invalid_input` for a z that is not finite.
 */
export function alieAttack(z?: number): ByzantineBehaviour {
  if (z !== undefined && !Number.isFinite(z)) throw invalidInput(`alie: z is ${z}; it must be a finite number`);
  return {
    name: 'alie',
    citation: 'Baruch et al. 2019, A Little Is Enough: Circumventing Defenses For Distributed Learning',
    trainsLocally: false,
    craft: (round) => {
      const update = alieUpdate(round.honestUpdates, z ?? alieZMax(round.clientsInRound, round.byzantineCount));
      return Array.from({ length: round.byzantineCount }, () => update.slice());
    },
  };
}
