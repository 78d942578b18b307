/**
 * The mini-batch training loop of the built-in MLP (back-propagation, Rumelhart, Hinton & Williams
 * 1986, with Adam, Kingma & Ba 2015) with two hooks the hardening methods need and `Mlp.fit` does
 * not offer: which rows an epoch trains on (trimmed loss) and what a mini-batch becomes before the
 * gradient step (adversarial training). The result is an ordinary fitted {@link Mlp}.
 */
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { permutation } from '../core/rng.js';
import { Adam } from '../models/adam.js';
import { mlpBackward, softmaxCrossEntropyGradient } from '../models/mlp-backward.js';
import { mlpForward } from '../models/mlp-forward.js';
import { heInitialisedLayers, type DenseLayer } from '../models/mlp-layers.js';
import { softmaxCrossEntropy } from '../models/mlp-loss.js';
import { encodeModelTensor, MODEL_JSON_FORMAT } from '../models/model-json.js';
import { Mlp, MLP_JSON_VERSION, type MlpConfig, type MlpJson, type MlpOptions } from '../models/mlp.js';

/** A mini-batch: float32 rows and their class codes. */
export interface MlpBatch {
  readonly x: Matrix<Float32Array>;
  readonly y: Int32Array;
}

/** The model being trained, as the hooks see it (its layers change after every step). */
export interface TrainingState {
  readonly layers: readonly DenseLayer[];
  readonly classes: number;
}

/** Hooks into {@link trainMlp}. */
export interface MlpTrainingHooks {
  /**
   * The positions into `all` (the labelled rows, in a seeded shuffled order) that epoch `epoch`
   * (1-based) trains on; undefined trains on all of them.
   */
  readonly selectRows?: (epoch: number, state: TrainingState, all: MlpBatch) => Promise<Uint32Array | undefined>;
  /** What a shuffled mini-batch becomes before the forward pass (e.g. adversarial examples added). */
  readonly transformBatch?: (batch: MlpBatch, state: TrainingState) => Promise<MlpBatch>;
  /** Called after every epoch with the mean training loss of its mini-batches. */
  readonly onEpoch?: (epoch: number, trainLoss: number) => void;
}

/**
 * Trains an MLP with the settings of `options` for exactly `maxEpochs` epochs (no validation split,
 * no early stopping: `validationFraction` and `patience` are ignored), calling the hooks, and
 * returns it as a fitted {@link Mlp}. Without hooks it follows the same steps as
 * `new Mlp({ ...options, validationFraction: 0 }).fit(x, labels)`.
 *
 * @throws AntidoteError `invalid_input` for a malformed matrix, labels of the wrong length or out of
 *   range, no labelled row, or a setting the Mlp refuses.
 * @example
 * const mlp = await trainMlp(x, labels, { rng: createRng(1), maxEpochs: 5 }, {
 *   selectRows: async (epoch) => (epoch === 1 ? undefined : keptRows),
 * });
 */
export async function trainMlp(x: Matrix, labels: Labels, options: MlpOptions, hooks: MlpTrainingHooks = {}): Promise<Mlp> {
  const config = new Mlp({ ...options, validationFraction: 0 }).config;
  const labelled = labelledBatch(x, labels);
  const K = labels.classes;
  const layers = heInitialisedLayers([x.cols, ...config.hiddenLayers, K], options.rng);
  // The same draws as Mlp.fit: one shuffle of the rows (its validation split, empty here), then one per epoch.
  const all = gatherBatch(labelled, permutation(labelled.y.length, options.rng));
  const adam = new Adam(
    layers.flatMap((l) => [l.weights.length, l.bias.length]),
    { learningRate: config.learningRate, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon },
  );
  const params = layers.flatMap((l) => [l.weights, l.bias]);
  const state: TrainingState = { layers, classes: K };
  for (let epoch = 1; epoch <= config.maxEpochs; epoch++) {
    const chosen = (await hooks.selectRows?.(epoch, state, all)) ?? null;
    const n = chosen ? chosen.length : all.y.length;
    const order = permutation(n, options.rng);
    let lossSum = 0;
    let lossRows = 0;
    for (let start = 0; start < n; start += config.batchSize) {
      const positions = order.subarray(start, Math.min(n, start + config.batchSize));
      if (chosen) for (let r = 0; r < positions.length; r++) positions[r] = chosen[positions[r]!]!;
      let batch = gatherBatch(all, positions);
      if (hooks.transformBatch) batch = await hooks.transformBatch(batch, state);
      const rows = batch.y.length;
      const trace = await mlpForward(layers, batch.x);
      const { probabilities, losses } = softmaxCrossEntropy(trace.logits, rows, K, batch.y);
      for (let i = 0; i < rows; i++) lossSum += losses[i]!;
      lossRows += rows;
      const grads = await mlpBackward(layers, trace, softmaxCrossEntropyGradient(probabilities, batch.y, K, 1 / rows), false);
      if (config.weightDecay > 0) addWeightDecay(layers, grads.weights, config.weightDecay);
      adam.step(params, grads.weights.flatMap((w, l) => [w, grads.bias[l]!]));
    }
    hooks.onEpoch?.(epoch, lossRows > 0 ? lossSum / lossRows : Number.NaN);
  }
  return mlpFromLayers(layers, config);
}

/**
 * A fitted {@link Mlp} holding copies of `layers` (input side first), through its JSON form.
 *
 * @example
 * const mlp = mlpFromLayers(layers, new Mlp({ rng: createRng(0) }).config);
 */
export function mlpFromLayers(layers: readonly DenseLayer[], config: MlpConfig): Mlp {
  const json: MlpJson = {
    format: MODEL_JSON_FORMAT,
    kind: 'mlp',
    version: MLP_JSON_VERSION,
    config: { ...config, hiddenLayers: [...config.hiddenLayers] },
    state: {
      sizes: [layers[0]!.inputs, ...layers.map((l) => l.outputs)],
      layers: layers.map((l) => ({ weights: encodeModelTensor(l.weights, [l.outputs, l.inputs]), bias: encodeModelTensor(l.bias, [l.outputs]) })),
    },
  };
  return Mlp.fromJSON(json);
}

/**
 * The cross-entropy of every row of `batch` under the current layers, `-log p(y_i | x_i)`.
 *
 * @example
 * const losses = await batchLosses(state, all); // one per labelled row
 */
export async function batchLosses(state: TrainingState, batch: MlpBatch): Promise<Float64Array> {
  const out = new Float64Array(batch.y.length);
  const d = batch.x.cols;
  for (let start = 0; start < batch.y.length; start += LOSS_CHUNK_ROWS) {
    const rows = Math.min(LOSS_CHUNK_ROWS, batch.y.length - start);
    const chunk = { rows, cols: d, data: batch.x.data.subarray(start * d, (start + rows) * d) };
    const { logits } = await mlpForward(state.layers, rows === batch.y.length ? chunk : { ...chunk, data: chunk.data.slice() });
    out.set(softmaxCrossEntropy(logits, rows, state.classes, batch.y.subarray(start, start + rows)).losses, start);
  }
  return out;
}

/**
 * The gradient of each row's own loss with respect to its input under the current layers,
 * `rows x features` (what `Mlp.inputGradient` gives for a fitted model).
 */
export async function batchInputGradient(state: TrainingState, batch: MlpBatch): Promise<Matrix<Float32Array>> {
  const trace = await mlpForward(state.layers, batch.x);
  const { probabilities } = softmaxCrossEntropy(trace.logits, batch.y.length, state.classes);
  const grads = await mlpBackward(state.layers, trace, softmaxCrossEntropyGradient(probabilities, batch.y, state.classes, 1), true);
  return { rows: batch.x.rows, cols: batch.x.cols, data: grads.input! };
}

const LOSS_CHUNK_ROWS = 8192;

/** The labelled rows of `x` as float32, in input order, with their codes. */
function labelledBatch(x: Matrix, labels: Labels): MlpBatch {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 1 || x.data.length !== x.rows * x.cols) {
    throw invalidInput(`train mlp: x is ${x.rows} x ${x.cols} with ${x.data.length} values; it needs at least one column and rows * cols values`);
  }
  if (labels.codes.length !== x.rows) throw invalidInput(`train mlp: ${labels.codes.length} labels for ${x.rows} rows; give one label per row`);
  if (!Number.isInteger(labels.classes) || labels.classes < 2) throw invalidInput(`train mlp: labels.classes = ${labels.classes} must be an integer >= 2`);
  const kept: number[] = [];
  for (let i = 0; i < x.rows; i++) {
    const c = labels.codes[i]!;
    if (!Number.isInteger(c) || c < -1 || c >= labels.classes) throw invalidInput(`train mlp: label ${c} of row ${i} must be -1 (missing) or within [0, ${labels.classes})`);
    if (c >= 0) kept.push(i);
  }
  if (kept.length === 0) throw invalidInput('train mlp: no labelled row to fit (every label is -1)');
  for (let p = 0; p < x.data.length; p++) {
    if (!Number.isFinite(x.data[p]!)) throw invalidInput(`train mlp: x[${Math.floor(p / x.cols)}][${p % x.cols}] is ${x.data[p]}; every value must be finite`);
  }
  const all: MlpBatch = { x: { rows: x.rows, cols: x.cols, data: x.data instanceof Float32Array ? x.data : Float32Array.from(x.data) }, y: labels.codes };
  return kept.length === x.rows ? all : gatherBatch(all, Uint32Array.from(kept));
}

/** The rows at `index`, copied. */
export function gatherBatch(from: MlpBatch, index: ArrayLike<number>): MlpBatch {
  const d = from.x.cols;
  const data = new Float32Array(index.length * d);
  const y = new Int32Array(index.length);
  for (let r = 0; r < index.length; r++) {
    const i = index[r]!;
    data.set(from.x.data.subarray(i * d, (i + 1) * d), r * d);
    y[r] = from.y[i]!;
  }
  return { x: { rows: index.length, cols: d, data }, y };
}

function addWeightDecay(layers: readonly DenseLayer[], grads: readonly Float32Array[], lambda: number): void {
  for (let l = 0; l < layers.length; l++) {
    const w = layers[l]!.weights;
    const g = grads[l]!;
    for (let q = 0; q < w.length; q++) g[q] = g[q]! + lambda * w[q]!;
  }
}
