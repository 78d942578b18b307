// Iterative trimmed loss minimisation: Shen & Sanghavi (2019), "Learning with Bad Training Data via Iterative Trimmed Loss Minimization", ICML, arXiv:1810.11874.
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Mlp, MlpOptions } from '../models/mlp.js';
import { batchLosses, trainMlp } from './mlp-training-loop.js';

/** Settings of {@link trimmedLossTraining}. */
export interface TrimmedLossTrainingOptions {
  /** The MLP's settings. */
  readonly mlp: MlpOptions;
  /** Share of the rows with the highest loss left out of each epoch, in [0, 1) (an over-estimate of the poisoned share; default 0.2). */
  readonly trimFraction?: number;
  /** Epochs on every row before trimming starts, so the losses mean something (default 1). */
  readonly warmupEpochs?: number;
  /** Called after every epoch with the rows it trained on. */
  readonly onEpoch?: (epoch: number, keptRows: number) => void;
}

/**
 * ITLM for the MLP: after `warmupEpochs` epochs on all rows, every epoch first scores each
 * labelled row's loss under the current weights and trains only on the `(1 − trimFraction)` share
 * with the lowest losses. Flipped labels and other bad rows tend to have high loss and fall out;
 * the paper proves convergence to the clean solution for mixed linear regression and shows the
 * effect for deep networks.
 *
 * @throws AntidoteError `invalid_input` for a trim fraction outside [0, 1), a negative warm-up, or any setting the Mlp refuses.
 * @example
 * const mlp = await trimmedLossTraining(x, labels, { mlp: { rng: createRng(2), maxEpochs: 10 }, trimFraction: 0.3 });
 */
export async function trimmedLossTraining(x: Matrix, labels: Labels, options: TrimmedLossTrainingOptions): Promise<Mlp> {
  const trim = options.trimFraction ?? 0.2;
  if (!(trim >= 0 && trim < 1)) throw invalidInput(`trimmed loss: trimFraction = ${trim} must be within [0, 1)`, { path: ['trimFraction'] });
  const warmup = options.warmupEpochs ?? 1;
  if (!Number.isInteger(warmup) || warmup < 0) throw invalidInput(`trimmed loss: warmupEpochs = ${warmup} must be a whole number`, { path: ['warmupEpochs'] });
  return trainMlp(x, labels, options.mlp, {
    selectRows: async (epoch, state, all) => {
      const n = all.y.length;
      const keep = Math.max(1, Math.round((1 - trim) * n));
      if (epoch <= warmup || keep >= n) {
        options.onEpoch?.(epoch, n);
        return undefined;
      }
      const kept = lowestLosses(await batchLosses(state, all), keep);
      options.onEpoch?.(epoch, kept.length);
      return kept;
    },
  });
}

/**
 * The positions of the `keep` smallest losses, in increasing position order (ties broken by
 * position, so the choice is deterministic).
 *
 * @example
 * lowestLosses(Float64Array.of(0.3, 2, 0.1, 0.5), 2); // Uint32Array [0, 2]
 */
export function lowestLosses(losses: Float64Array, keep: number): Uint32Array {
  const order = Array.from({ length: losses.length }, (_, i) => i).sort((a, b) => losses[a]! - losses[b]! || a - b);
  return Uint32Array.from(order.slice(0, keep)).sort();
}
