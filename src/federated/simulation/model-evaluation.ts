/**
 * How good a global model is: its accuracy on held-out rows, and the share of an attack's test
 * rows it classifies as the attacker wants.
 */
import type { Matrix } from '../../core/matrix.js';
import { mlpForward } from '../../models/mlp-forward.js';
import type { AttackTest, LabelledRows } from '../byzantine/byzantine-behaviour.js';
import { flatMlpLayers } from './flat-mlp.js';

const CHUNK_ROWS = 4096;

/**
 * The most probable class of each row under the flat MLP `params` (the lowest class on a tie;
 * class 0 for a row whose logits are not finite).
 *
 * @example
 * const classes = await flatMlpPredict([784, 10], params, test.x);
 */
export async function flatMlpPredict(sizes: readonly number[], params: Float32Array, x: Matrix<Float32Array>): Promise<Int32Array> {
  const layers = flatMlpLayers(sizes, params);
  const K = sizes[sizes.length - 1]!;
  const out = new Int32Array(x.rows);
  for (let start = 0; start < x.rows; start += CHUNK_ROWS) {
    const rows = Math.min(CHUNK_ROWS, x.rows - start);
    const chunk = { rows, cols: x.cols, data: x.data.subarray(start * x.cols, (start + rows) * x.cols) };
    const { logits } = await mlpForward(layers, rows === x.rows ? chunk : { ...chunk, data: chunk.data.slice() });
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (logits[i * K + k]! > logits[i * K + best]!) best = k;
      out[start + i] = best;
    }
  }
  return out;
}

/** Share of `test` rows whose predicted class is their label. */
export async function flatMlpAccuracy(sizes: readonly number[], params: Float32Array, test: LabelledRows): Promise<number> {
  const predicted = await flatMlpPredict(sizes, params, test.x);
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === test.labels.codes[i]) right++;
  return predicted.length === 0 ? 0 : right / predicted.length;
}

/** Share of the attack's test rows classified as the attacker's wanted label (0 for no rows). */
export async function flatMlpAttackSuccess(sizes: readonly number[], params: Float32Array, test: AttackTest): Promise<number> {
  const predicted = await flatMlpPredict(sizes, params, test.x);
  let hit = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === test.wanted[i]) hit++;
  return predicted.length === 0 ? 0 : hit / predicted.length;
}
