/**
 * The dense layers of a multi-layer perceptron and their He initialisation (He et al. 2015,
 * "Delving Deep into Rectifiers", arXiv:1502.01852): weights drawn from N(0, 2 / fan-in), biases 0.
 */
import { invalidInput } from '../core/errors.js';
import type { Rng } from '../core/rng.js';

/**
 * One fully connected layer, `z = a · Wᵀ + b`. The weights are stored `outputs x inputs`
 * (row-major), the layout of ONNX's `Gemm` with `transB = 1`, so a layer exports unchanged.
 */
export interface DenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  /** `outputs x inputs`, row-major; updated in place by training. */
  readonly weights: Float32Array;
  /** One per output; updated in place by training. */
  readonly bias: Float32Array;
}

/**
 * Checks a list of layer widths, input first and classes last (e.g. `[784, 256, 128, 10]`).
 *
 * @throws AntidoteError `invalid_input` for fewer than two widths or a width that is not a positive integer.
 */
export function checkLayerSizes(sizes: readonly number[]): void {
  if (sizes.length < 2) throw invalidInput(`mlp: layer sizes [${sizes.join(', ')}] need at least an input and an output width`);
  for (const [k, s] of sizes.entries()) {
    if (!Number.isInteger(s) || s < 1) throw invalidInput(`mlp: layer width ${s} (position ${k} of [${sizes.join(', ')}]) must be a positive integer`);
  }
}

/**
 * Layers for the widths `sizes` (input first, classes last), weights He-initialised from `rng`
 * (one normal deviate per weight, layer by layer, row by row), biases zero.
 *
 * @example
 * const layers = heInitialisedLayers([784, 128, 10], createRng(1)); // two layers
 */
export function heInitialisedLayers(sizes: readonly number[], rng: Rng): DenseLayer[] {
  checkLayerSizes(sizes);
  const layers: DenseLayer[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1]!;
    const outputs = sizes[l]!;
    const scale = Math.sqrt(2 / inputs);
    const weights = new Float32Array(outputs * inputs);
    for (let q = 0; q < weights.length; q++) weights[q] = rng.normal() * scale;
    layers.push({ inputs, outputs, weights, bias: new Float32Array(outputs) });
  }
  return layers;
}

/** Deep copies of the layers (early stopping keeps the best ones). */
export function copyLayers(layers: readonly DenseLayer[]): DenseLayer[] {
  return layers.map((l) => ({ inputs: l.inputs, outputs: l.outputs, weights: l.weights.slice(), bias: l.bias.slice() }));
}
