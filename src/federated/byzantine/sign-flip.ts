// Li, Xu, Chen, Giannakis & Ling 2019, "RSA: Byzantine-Robust Stochastic Aggregation Methods for Distributed Learning from Heterogeneous Datasets" (sign-flipping attack).
import { invalidInput } from '../../core/errors.js';
import type { ByzantineBehaviour } from './byzantine-behaviour.js';

/** Default λ of {@link signFlipUpdate}: with 20% attackers the plain mean stops moving (0.8 − 0.2 · 4 = 0). */
export const SIGN_FLIP_DEFAULT_SCALE = 4;

/**
 * The sign-flipped update `−λ · x`: the client trains honestly, then sends its update reversed and
 * scaled, pushing the model up the loss.
 *
 * @example
 * signFlipUpdate(Float32Array.of(1, -2), 4); // [-4, 8]
 */
export function signFlipUpdate(update: Float32Array, scale: number = SIGN_FLIP_DEFAULT_SCALE): Float32Array {
  const out = new Float32Array(update.length);
  for (let p = 0; p < update.length; p++) out[p] = -scale * update[p]!;
  return out;
}

/**
 * Byzantine clients that train on their own shard and send `−λ ·` their update.
 *
 * @throws AntidoteError `invalid_input` when λ is not a finite number > 0.
 */
export function signFlipAttack(scale: number = SIGN_FLIP_DEFAULT_SCALE): ByzantineBehaviour {
  if (!(scale > 0) || !Number.isFinite(scale)) throw invalidInput(`sign-flip: scale λ is ${scale}; it must be a finite number > 0 (the update sent is −λ · the honest one)`);
  return {
    name: 'sign-flip',
    citation: 'Li et al. 2019, RSA: Byzantine-Robust Stochastic Aggregation Methods',
    trainsLocally: true,
    craft: (round) => round.ownUpdates.map((u) => signFlipUpdate(u, scale)),
  };
}
