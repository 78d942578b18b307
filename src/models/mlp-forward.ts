/**
 * The forward pass of a ReLU multi-layer perceptron (Rumelhart, Hinton & Williams 1986) over
 * float32 rows: every hidden layer is `relu(a · Wᵀ + b)`, the last gives the logits. The products
 * run through the kernels' `matmulTransposedB` (onnxruntime for large batches).
 */
import type { Matrix } from '../core/matrix.js';
import { matmulTransposedB } from '../kernels/matmul.js';
import type { DenseLayer } from './mlp-layers.js';

/** What the backward pass needs from the forward pass. */
export interface MlpTrace {
  /** The input rows. */
  readonly input: Matrix<Float32Array>;
  /** The ReLU output of each hidden layer, `rows x width`, in layer order. */
  readonly hidden: readonly Float32Array[];
  /** The last layer's output before the softmax, `rows x classes`. */
  readonly logits: Float32Array;
}

/**
 * Runs `x` through the layers; the last layer's output is left linear (the logits).
 *
 * @example
 * const { logits } = await mlpForward(layers, x); // x.rows x classes
 */
export async function mlpForward(layers: readonly DenseLayer[], x: Matrix<Float32Array>): Promise<MlpTrace> {
  const hidden: Float32Array[] = [];
  let a = x;
  for (let l = 0; l < layers.length; l++) {
    const last = l === layers.length - 1;
    const z = await denseForward(layers[l]!, a, !last);
    if (last) return { input: x, hidden, logits: z.data };
    hidden.push(z.data);
    a = z;
  }
  throw new RangeError('mlpForward needs at least one layer');
}

/**
 * The activations of the last hidden layer (the penultimate layer of the network), `rows x width`:
 * the representation that spectral-signature and activation-clustering detectors work on.
 */
export async function mlpPenultimate(layers: readonly DenseLayer[], x: Matrix<Float32Array>): Promise<Matrix<Float32Array>> {
  let a = x;
  for (let l = 0; l < layers.length - 1; l++) a = await denseForward(layers[l]!, a, true);
  return a;
}

/** `a · Wᵀ + b`, then ReLU when `relu`. */
async function denseForward(layer: DenseLayer, a: Matrix<Float32Array>, relu: boolean): Promise<Matrix<Float32Array>> {
  const z = await matmulTransposedB(a, { rows: layer.outputs, cols: layer.inputs, data: layer.weights });
  const out = z.data;
  const width = layer.outputs;
  const b = layer.bias;
  for (let i = 0, o = 0; i < a.rows; i++) {
    for (let k = 0; k < width; k++, o++) {
      const v = out[o]! + b[k]!;
      out[o] = relu && v < 0 ? 0 : v;
    }
  }
  return z;
}
