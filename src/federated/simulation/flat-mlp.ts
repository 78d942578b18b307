/**
 * A multi-layer perceptron whose parameters live in ONE flat Float32Array (per layer: weights
 * `outputs x inputs`, then biases), so a federated update is a plain vector difference and the
 * layers are views into it. With no hidden layer it is softmax regression.
 */
import { invalidInput } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { checkLayerSizes, heInitialisedLayers, type DenseLayer } from '../../models/mlp-layers.js';

/** The number of parameters of an MLP with layer widths `sizes` (input first, classes last). */
export function flatMlpParameterCount(sizes: readonly number[]): number {
  checkLayerSizes(sizes);
  let total = 0;
  for (let l = 1; l < sizes.length; l++) total += sizes[l - 1]! * sizes[l]! + sizes[l]!;
  return total;
}

/**
 * The layers of an MLP as views into `params` (writing to a layer writes to `params`).
 *
 * @throws AntidoteError `invalid_input` when `params` does not hold exactly the parameters of `sizes`.
 *
 * @example
 * const layers = flatMlpLayers([784, 32, 10], params); // mlpForward(layers, x) runs on params
 */
export function flatMlpLayers(sizes: readonly number[], params: Float32Array): DenseLayer[] {
  const count = flatMlpParameterCount(sizes);
  if (params.length !== count) throw invalidInput(`flat MLP: ${params.length} parameters given; widths [${sizes.join(', ')}] have ${count}`);
  const layers: DenseLayer[] = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1]!;
    const outputs = sizes[l]!;
    const weights = params.subarray(offset, offset + outputs * inputs);
    offset += outputs * inputs;
    const bias = params.subarray(offset, offset + outputs);
    offset += outputs;
    layers.push({ inputs, outputs, weights, bias });
  }
  return layers;
}

/**
 * Fresh parameters for widths `sizes`, He-initialised as `Mlp` does (weights N(0, 2 / fan-in), biases 0).
 *
 * @example
 * const params = initialFlatMlp([784, 32, 10], createRng(1)); // 25,450 values
 */
export function initialFlatMlp(sizes: readonly number[], rng: Rng): Float32Array {
  const params = new Float32Array(flatMlpParameterCount(sizes));
  const views = flatMlpLayers(sizes, params);
  heInitialisedLayers(sizes, rng).forEach((l, k) => {
    views[k]!.weights.set(l.weights);
    views[k]!.bias.set(l.bias);
  });
  return params;
}
