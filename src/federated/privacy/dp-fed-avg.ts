// McMahan, Ramage, Talwar & Zhang 2018, "Learning Differentially Private Recurrent Language Models" (DP-FedAvg, client-level DP).
import type { ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { validateUpdates } from '../aggregation/validate-updates.js';
import { clipToNorm } from './clip-to-norm.js';

/** Where the Gaussian noise is added. */
export const DP_NOISE_MODES = ['central', 'distributed'] as const;

/** `central`: the server adds N(0, σ²C²) to the sum; `distributed`: each of n clients adds N(0, σ²C²/n) to its own clipped update (under secure aggregation the server then never sees a noiseless update). */
export type DpNoiseMode = (typeof DP_NOISE_MODES)[number];

/** Options of {@link dpFedAvg}. */
export interface DpFedAvgOptions {
  /** Clipping norm C: each update's L2 norm is cut to it (the per-client sensitivity of the sum). */
  readonly clipNorm: number;
  /** Noise multiplier σ (noise std on the sum is σC); the RDP accountant takes the same σ. */
  readonly noiseMultiplier: number;
  /** The seeded source of the noise. */
  readonly rng: Rng;
  /** Default `central`. */
  readonly mode?: DpNoiseMode;
  /**
   * Divides the noised sum (default: the number of clients of the round). A fixed value, such as
   * the expected number of participants qN, keeps the sensitivity of the average at C / denominator
   * whatever the round's actual size, as in the paper's fixed-denominator estimator.
   */
  readonly denominator?: number;
}

/** The round's result and what clipping did. */
export interface DpFedAvgResult {
  /** (Σ clip(xᵢ) + noise) / denominator. */
  readonly aggregate: Float32Array;
  /** Clients whose update was not cut (norm <= C), for adaptive clipping. */
  readonly unclippedCount: number;
  /** Std of the Gaussian noise on the sum (σC), whatever the mode. */
  readonly sumNoiseStd: number;
}

/**
 * The Gaussian noise a client adds to its own clipped update in distributed mode: std σC/√n, so
 * the n shares sum to noise of std σC. Returns a new array.
 *
 * @throws AntidoteError `invalid_input` for a bad C, σ or n.
 */
export function addDistributedNoise(clipped: Float32Array, options: { readonly clipNorm: number; readonly noiseMultiplier: number; readonly numClients: number; readonly rng: Rng }): Float32Array {
  checkNoise(options.clipNorm, options.noiseMultiplier);
  if (!Number.isInteger(options.numClients) || options.numClients < 1) throw invalidInput(`addDistributedNoise: numClients is ${options.numClients}; it must be an integer >= 1`);
  const std = (options.noiseMultiplier * options.clipNorm) / Math.sqrt(options.numClients);
  return clipped.map((v) => v + std * options.rng.normal());
}

function checkNoise(clipNorm: number, noiseMultiplier: number): void {
  if (!(clipNorm > 0) || !Number.isFinite(clipNorm)) throw invalidInput(`dpFedAvg: clipNorm is ${clipNorm}; it must be a finite number > 0`, { path: ['options', 'clipNorm'] });
  if (!(noiseMultiplier >= 0) || !Number.isFinite(noiseMultiplier)) {
    throw invalidInput(`dpFedAvg: noiseMultiplier is ${noiseMultiplier}; it must be a finite number >= 0`, { path: ['options', 'noiseMultiplier'] });
  }
}

/**
 * DP-FedAvg with client-level differential privacy: every update is clipped to L2 norm C, the
 * clipped updates are summed (unweighted: weighting by examples would raise the sensitivity),
 * Gaussian noise of std σC is added to the sum (centrally, or as n shares of std σC/√n added by
 * the clients), and the sum is divided by `denominator`. Account for it with `RdpAccountant`
 * (sampling rate = participants / population, noise multiplier σ).
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, bad C / σ /
 *   denominator, or an unknown mode.
 *
 * @example
 * const { aggregate } = dpFedAvg(updates, { clipNorm: 1, noiseMultiplier: 1.1, rng: createRng(7) });
 */
export function dpFedAvg(updates: readonly ClientUpdate[], options: DpFedAvgOptions): DpFedAvgResult {
  const { n, d } = validateUpdates(updates, 'dpFedAvg');
  const { clipNorm, noiseMultiplier, rng } = options;
  checkNoise(clipNorm, noiseMultiplier);
  const mode = options.mode ?? 'central';
  if (!(DP_NOISE_MODES as readonly string[]).includes(mode)) throw invalidInput(`dpFedAvg: unknown mode "${String(mode)}"; available: ${DP_NOISE_MODES.join(', ')}`);
  const denominator = options.denominator ?? n;
  if (!(denominator > 0) || !Number.isFinite(denominator)) throw invalidInput(`dpFedAvg: denominator is ${denominator}; it must be a finite number > 0`);
  const sum = new Float64Array(d);
  let unclippedCount = 0;
  for (const u of updates) {
    const clipped = clipToNorm(u.values, clipNorm);
    if (clipped.unclipped) unclippedCount++;
    const shared = mode === 'distributed' ? addDistributedNoise(clipped.values, { clipNorm, noiseMultiplier, numClients: n, rng }) : clipped.values;
    for (let p = 0; p < d; p++) sum[p]! += shared[p]!;
  }
  const std = noiseMultiplier * clipNorm;
  if (mode === 'central') for (let p = 0; p < d; p++) sum[p]! += std * rng.normal();
  return { aggregate: Float32Array.from(sum, (v) => v / denominator), unclippedCount, sumNoiseStd: std };
}
