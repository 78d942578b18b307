/**
 * Exports the built-in models to ONNX (https://onnx.ai/onnx/operators/): each dense layer is a
 * `Gemm` with `transB = 1` (the weights keep their `outputs x inputs` layout), hidden layers are
 * followed by `Relu`, and the classifier ends in `Softmax`. The graph takes float32 rows
 * `[batch, features]` and names its outputs so that `extractEmbeddings(..., { output })` and
 * `--onnx-output` can take any of them.
 */
import { invalidInput } from '../core/errors.js';
import { encodeOnnxModel, onnxAttr, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from '../kernels/onnx-model.js';
import type { Mlp } from './mlp.js';
import type { SoftmaxRegression } from './softmax-regression.js';

/** The name of the exported graph's input: float32 `[batch, features]`. */
export const ONNX_EXPORT_INPUT = 'input';

/** The names of the exported graph's outputs. */
export const ONNX_EXPORT_OUTPUTS = {
  /** Class probabilities, `[batch, classes]`. */
  probabilities: 'probabilities',
  /** Scores before the softmax, `[batch, classes]`. */
  logits: 'logits',
  /** The last hidden layer after ReLU, `[batch, width]` (MLP only): the penultimate-layer representation. */
  embeddings: 'embeddings',
} as const;

/** One dense layer as the exporter takes it: weights `outputs x inputs`, row-major. */
export interface OnnxDenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float32Array | Float64Array;
  readonly bias: Float32Array | Float64Array;
}

/**
 * The ONNX bytes of a ReLU network of dense layers ending in a softmax; the last hidden layer (if
 * any) is also an output, {@link ONNX_EXPORT_OUTPUTS}.embeddings. Weights are stored as float32.
 *
 * @throws AntidoteError `invalid_input` when there is no layer, or consecutive layers' widths or
 *   an array's length do not match.
 *
 * @example
 * const bytes = denseClassifierToOnnx([{ inputs: 2, outputs: 3, weights, bias }], 'my_model');
 */
export function denseClassifierToOnnx(layers: readonly OnnxDenseLayer[], graphName: string): Uint8Array {
  if (layers.length === 0) throw invalidInput('ONNX export: a model needs at least one layer');
  layers.forEach((l, k) => {
    if (l.weights.length !== l.inputs * l.outputs || l.bias.length !== l.outputs) {
      throw invalidInput(`ONNX export: layer ${k} is ${l.outputs} x ${l.inputs} but has ${l.weights.length} weights and ${l.bias.length} biases`);
    }
    if (k > 0 && l.inputs !== layers[k - 1]!.outputs) {
      throw invalidInput(`ONNX export: layer ${k} takes ${l.inputs} inputs but layer ${k - 1} gives ${layers[k - 1]!.outputs}`);
    }
  });
  const initializers: OnnxTensor[] = [];
  const nodes: OnnxNode[] = [];
  const last = layers.length - 1;
  let current: string = ONNX_EXPORT_INPUT;
  layers.forEach((l, k) => {
    initializers.push(
      { name: `layer${k}.weight`, elemType: 'float32', dims: [l.outputs, l.inputs], data: Float32Array.from(l.weights) },
      { name: `layer${k}.bias`, elemType: 'float32', dims: [l.outputs], data: Float32Array.from(l.bias) },
    );
    const linear = k === last ? ONNX_EXPORT_OUTPUTS.logits : `layer${k}.linear`;
    nodes.push({ opType: 'Gemm', name: `layer${k}.gemm`, inputs: [current, `layer${k}.weight`, `layer${k}.bias`], outputs: [linear], attributes: { transB: onnxAttr.int(1) } });
    if (k < last) {
      const hidden = k === last - 1 ? ONNX_EXPORT_OUTPUTS.embeddings : `layer${k}.relu`;
      nodes.push({ opType: 'Relu', name: `layer${k}.relu`, inputs: [linear], outputs: [hidden] });
      current = hidden;
    }
  });
  nodes.push({ opType: 'Softmax', name: 'softmax', inputs: [ONNX_EXPORT_OUTPUTS.logits], outputs: [ONNX_EXPORT_OUTPUTS.probabilities], attributes: { axis: onnxAttr.int(-1) } });
  const classes = layers[last]!.outputs;
  const outputs: OnnxValueInfo[] = [
    { name: ONNX_EXPORT_OUTPUTS.probabilities, elemType: 'float32', shape: ['batch', classes] },
    { name: ONNX_EXPORT_OUTPUTS.logits, elemType: 'float32', shape: ['batch', classes] },
  ];
  if (layers.length > 1) outputs.push({ name: ONNX_EXPORT_OUTPUTS.embeddings, elemType: 'float32', shape: ['batch', layers[last - 1]!.outputs] });
  return encodeOnnxModel({
    producerName: 'antidote',
    docString: `${graphName}: ${[layers[0]!.inputs, ...layers.map((l) => l.outputs)].join('-')} dense classifier exported by Antidote`,
    graph: {
      name: graphName,
      inputs: [{ name: ONNX_EXPORT_INPUT, elemType: 'float32', shape: ['batch', layers[0]!.inputs] }],
      outputs,
      initializers,
      nodes,
    },
  });
}

/**
 * A fitted {@link Mlp} as ONNX bytes: outputs `probabilities`, `logits` and `embeddings` (the
 * penultimate layer, what {@link Mlp.embed} returns).
 *
 * @throws AntidoteError `invalid_input` when the model is not fitted.
 *
 * @example
 * await writeFile('mlp.onnx', mlpToOnnx(mlp));
 * const emb = await extractEmbeddings('mlp.onnx', x, { output: 'embeddings' });
 */
export function mlpToOnnx(model: Mlp): Uint8Array {
  return denseClassifierToOnnx(model.layerParameters(), 'antidote_mlp');
}

/**
 * A fitted {@link SoftmaxRegression} as ONNX bytes (one Gemm and a Softmax; float32 weights):
 * outputs `probabilities` and `logits`.
 *
 * @throws AntidoteError `invalid_input` when the model is not fitted.
 *
 * @example
 * await writeFile('softmax.onnx', softmaxRegressionToOnnx(model));
 */
export function softmaxRegressionToOnnx(model: SoftmaxRegression): Uint8Array {
  const weights = model.coefficients();
  const bias = model.interceptValues();
  return denseClassifierToOnnx([{ inputs: weights.length / bias.length, outputs: bias.length, weights, bias }], 'antidote_softmax_regression');
}
