// McMahan, Moore, Ramage, Hampson & Agüera y Arcas 2017, "Communication-Efficient Learning of Deep Networks from Decentralized Data" (ClientUpdate of FedAvg: local mini-batch SGD).
import type { Matrix } from '../../core/matrix.js';
import { permutation, type Rng } from '../../core/rng.js';
import { mlpBackward, softmaxCrossEntropyGradient } from '../../models/mlp-backward.js';
import { mlpForward } from '../../models/mlp-forward.js';
import { softmaxCrossEntropy } from '../../models/mlp-loss.js';
import type { LabelledRows } from '../byzantine/byzantine-behaviour.js';
import { flatMlpLayers } from './flat-mlp.js';

/** How a client trains in one round. */
export interface LocalTraining {
  /** Passes over the client's shard (E in FedAvg). */
  readonly epochs: number;
  /** Rows per mini-batch (B). */
  readonly batchSize: number;
  /** SGD step size η. */
  readonly learningRate: number;
}

/**
 * FedAvg's ClientUpdate: starting from the global parameters, `epochs` passes of mini-batch SGD
 * on the mean softmax cross-entropy over the shard in a seeded order; returns the update
 * `local − global` (the global parameters are not modified).
 *
 * @example
 * const update = await localSgdUpdate([784, 32, 10], global, shard, { epochs: 1, batchSize: 32, learningRate: 0.1 }, rng);
 */
export async function localSgdUpdate(sizes: readonly number[], globalParams: Float32Array, shard: LabelledRows, training: LocalTraining, rng: Rng): Promise<Float32Array> {
  const local = globalParams.slice();
  const layers = flatMlpLayers(sizes, local);
  const K = sizes[sizes.length - 1]!;
  const n = shard.x.rows;
  const d = shard.x.cols;
  const order = new Uint32Array(n);
  for (let epoch = 0; epoch < training.epochs; epoch++) {
    permutation(n, rng, order);
    for (let start = 0; start < n; start += training.batchSize) {
      const rows = Math.min(training.batchSize, n - start);
      const x: Matrix<Float32Array> = { rows, cols: d, data: new Float32Array(rows * d) };
      const y = new Int32Array(rows);
      for (let r = 0; r < rows; r++) {
        const i = order[start + r]!;
        x.data.set(shard.x.data.subarray(i * d, (i + 1) * d), r * d);
        y[r] = shard.labels.codes[i]!;
      }
      const trace = await mlpForward(layers, x);
      const { probabilities } = softmaxCrossEntropy(trace.logits, rows, K);
      const grads = await mlpBackward(layers, trace, softmaxCrossEntropyGradient(probabilities, y, K, 1 / rows), false);
      const step = training.learningRate;
      layers.forEach((layer, l) => {
        const gw = grads.weights[l]!;
        const gb = grads.bias[l]!;
        for (let q = 0; q < gw.length; q++) layer.weights[q] = layer.weights[q]! - step * gw[q]!;
        for (let q = 0; q < gb.length; q++) layer.bias[q] = layer.bias[q]! - step * gb[q]!;
      });
    }
  }
  for (let p = 0; p < local.length; p++) local[p] = local[p]! - globalParams[p]!;
  return local;
}
