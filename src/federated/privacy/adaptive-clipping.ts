// Andrew, Thakkar, McMahan & Ramaswamy 2021, "Differentially Private Learning with Adaptive Clipping" (quantile-based geometric update).
import { invalidInput } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';

/** Options of {@link adaptClipNorm}. */
export interface AdaptiveClippingOptions {
  /** Target quantile γ of the update norms that C should track (the paper uses 0.5). */
  readonly targetQuantile: number;
  /** Learning rate η_C of the geometric update (the paper uses 0.2). */
  readonly learningRate: number;
  /** Std σ_b of the noise on the count of unclipped clients (0: no privacy for the count). */
  readonly countNoiseStd: number;
  /** The seeded source of that noise (needed when `countNoiseStd` > 0). */
  readonly rng?: Rng;
}

/**
 * The next round's clipping norm: with b̃ = (unclipped + N(0, σ_b²)) / n the (noised) share of
 * clients whose update norm was at most C, `C ← C · exp(−η_C (b̃ − γ))`: C shrinks while more than
 * a γ share fits under it and grows otherwise, converging on the γ-quantile of the norms.
 *
 * @param clipNorm this round's C
 * @param unclippedCount clients whose norm was <= C this round (`dpFedAvg` returns it)
 * @param numClients n, the round's clients (or the fixed denominator used for the sum)
 * @throws AntidoteError `invalid_input` for values out of range.
 *
 * @example
 * clip = adaptClipNorm(clip, result.unclippedCount, 100, { targetQuantile: 0.5, learningRate: 0.2, countNoiseStd: 10, rng });
 */
export function adaptClipNorm(clipNorm: number, unclippedCount: number, numClients: number, options: AdaptiveClippingOptions): number {
  if (!(clipNorm > 0) || !Number.isFinite(clipNorm)) throw invalidInput(`adaptClipNorm: clipNorm is ${clipNorm}; it must be a finite number > 0`);
  if (!(numClients > 0)) throw invalidInput(`adaptClipNorm: numClients is ${numClients}; it must be > 0`);
  if (!Number.isInteger(unclippedCount) || unclippedCount < 0 || unclippedCount > numClients) {
    throw invalidInput(`adaptClipNorm: unclippedCount is ${unclippedCount}; it must be an integer in [0, numClients = ${numClients}]`);
  }
  const { targetQuantile, learningRate, countNoiseStd, rng } = options;
  if (!(targetQuantile >= 0 && targetQuantile <= 1)) throw invalidInput(`adaptClipNorm: targetQuantile is ${targetQuantile}; it must be in [0, 1]`);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw invalidInput(`adaptClipNorm: learningRate is ${learningRate}; it must be a finite number > 0`);
  if (!(countNoiseStd >= 0) || !Number.isFinite(countNoiseStd)) throw invalidInput(`adaptClipNorm: countNoiseStd is ${countNoiseStd}; it must be a finite number >= 0`);
  if (countNoiseStd > 0 && !rng) throw invalidInput('adaptClipNorm: countNoiseStd > 0 needs a seeded rng');
  const noise = countNoiseStd > 0 ? countNoiseStd * rng!.normal() : 0;
  const share = (unclippedCount + noise) / numClients;
  return clipNorm * Math.exp(-learningRate * (share - targetQuantile));
}

/**
 * The noise multiplier left for the update sum when the count of unclipped clients is released
 * with noise multiplier `countNoiseMultiplier` (σ_b per unit count, the paper's σ_b): both
 * releases together cost what one Gaussian mechanism of multiplier `totalNoiseMultiplier` costs,
 * `σ_Δ = (z⁻² − (2σ_b)⁻²)^(−1/2)` (Andrew et al. 2021, Section 3.1).
 *
 * @throws AntidoteError `invalid_input` when the count's noise is too small to leave any budget (2σ_b <= z).
 */
export function updateNoiseMultiplier(totalNoiseMultiplier: number, countNoiseMultiplier: number): number {
  const z = totalNoiseMultiplier;
  const b = countNoiseMultiplier;
  if (!(z > 0) || !(b > 0)) throw invalidInput(`updateNoiseMultiplier: both multipliers must be > 0, got ${z} and ${b}`);
  const rest = z ** -2 - (2 * b) ** -2;
  if (!(rest > 0)) throw invalidInput(`updateNoiseMultiplier: count noise multiplier ${b} is too small for a total of ${z}; it needs 2 * countNoiseMultiplier > totalNoiseMultiplier`);
  return rest ** -0.5;
}
