// Blanchard, El Mhamdi, Guerraoui & Stainer 2017, "Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent" (Gaussian Byzantine workers).
import { invalidInput } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { ByzantineBehaviour } from './byzantine-behaviour.js';

/** Default standard deviation σ of each coordinate. */
export const GAUSSIAN_NOISE_DEFAULT_SIGMA = 1;

/**
 * An update of `dimension` independent N(0, σ²) coordinates.
 *
 * @example
 * gaussianNoiseUpdate(784, 1, createRng(1));
 */
export function gaussianNoiseUpdate(dimension: number, sigma: number, rng: Rng): Float32Array {
  const out = new Float32Array(dimension);
  for (let p = 0; p < dimension; p++) out[p] = sigma * rng.normal();
  return out;
}

/**
 * Byzantine clients that send pure Gaussian noise (no training), each its own draw.
 *
 * @throws AntidoteError `invalid_input` when σ is not a finite number > 0.
 */
export function gaussianNoiseAttack(sigma: number = GAUSSIAN_NOISE_DEFAULT_SIGMA): ByzantineBehaviour {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw invalidInput(`noise: sigma is ${sigma}; it must be a finite number > 0`);
  return {
    name: 'noise',
    citation: 'Blanchard et al. 2017, Machine Learning with Adversaries (Gaussian Byzantine workers)',
    trainsLocally: false,
    craft: (round) => Array.from({ length: round.byzantineCount }, () => gaussianNoiseUpdate(round.dimension, sigma, round.rng)),
  };
}
