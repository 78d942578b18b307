/**
 * Back-propagation (Rumelhart, Hinton & Williams 1986) of the softmax cross-entropy through a ReLU
 * multi-layer perceptron: the weight and bias gradients of every layer and, on request, the
 * gradient with respect to the input rows. Products run through the kernels' `matmul`.
 */
import type { Matrix } from '../core/matrix.js';
import { matmul } from '../kernels/matmul.js';
import type { MlpTrace } from './mlp-forward.js';
import type { DenseLayer } from './mlp-layers.js';

/** Gradients of a loss with respect to the parameters (and optionally the input). */
export interface MlpGradients {
  /** Per layer, `outputs x inputs`, the layout of {@link DenseLayer.weights}. */
  readonly weights: readonly Float32Array[];
  /** Per layer, one per output. */
  readonly bias: readonly Float32Array[];
  /** `rows x inputs` when asked for, else undefined. */
  readonly input: Float32Array | undefined;
}

/**
 * Back-propagates `dLogits` (the gradient of the loss with respect to the logits, `rows x classes`)
 * through the trace of a forward pass. For the softmax cross-entropy, `dLogits = (P − Y) · scale`
 * (see {@link softmaxCrossEntropyGradient}).
 *
 * @param withInput also compute the gradient with respect to the input rows (one more product).
 */
export async function mlpBackward(layers: readonly DenseLayer[], trace: MlpTrace, dLogits: Float32Array, withInput: boolean): Promise<MlpGradients> {
  const n = trace.input.rows;
  const weights: Float32Array[] = new Array<Float32Array>(layers.length);
  const bias: Float32Array[] = new Array<Float32Array>(layers.length);
  let dz = dLogits;
  let input: Float32Array | undefined;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const a: Matrix<Float32Array> = l === 0 ? trace.input : { rows: n, cols: layer.inputs, data: trace.hidden[l - 1]! };
    // dW = dZᵀ · A: dZ is small (rows x outputs), so transposing it costs far less than the product.
    weights[l] = (await matmul(transpose(dz, n, layer.outputs), a)).data;
    bias[l] = columnSums(dz, n, layer.outputs);
    if (l === 0 && !withInput) break;
    const da = (await matmul({ rows: n, cols: layer.outputs, data: dz }, { rows: layer.outputs, cols: layer.inputs, data: layer.weights })).data;
    if (l === 0) {
      input = da;
      break;
    }
    // ReLU passes the gradient only where it was active.
    const h = trace.hidden[l - 1]!;
    for (let q = 0; q < da.length; q++) if (h[q]! <= 0) da[q] = 0;
    dz = da;
  }
  return { weights, bias, input };
}

/**
 * The gradient of `scale · Σ_i cross-entropy(softmax(z_i), y_i)` with respect to the logits:
 * `(p_i − onehot(y_i)) · scale` per row; rows whose label is negative contribute nothing.
 */
export function softmaxCrossEntropyGradient(probabilities: Float64Array, labels: Int32Array, classes: number, scale: number): Float32Array {
  const g = new Float32Array(probabilities.length);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y < 0) continue;
    const o = i * classes;
    for (let k = 0; k < classes; k++) g[o + k] = (probabilities[o + k]! - (k === y ? 1 : 0)) * scale;
  }
  return g;
}

function transpose(m: Float32Array, rows: number, cols: number): Matrix<Float32Array> {
  const t = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j]!;
  return { rows: cols, cols: rows, data: t };
}

function columnSums(m: Float32Array, rows: number, cols: number): Float32Array {
  const acc = new Float64Array(cols);
  for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < cols; j++, o++) acc[j]! += m[o]!;
  return Float32Array.from(acc);
}
