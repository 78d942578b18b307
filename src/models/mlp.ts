// Multi-layer perceptron classifier: ReLU hidden layers, softmax cross-entropy, back-propagation (Rumelhart, Hinton & Williams 1986) with Adam (Kingma & Ba 2015).
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, permutation, type Rng } from '../core/rng.js';
import { Adam, adamSettings } from './adam.js';
import { mlpBackward, softmaxCrossEntropyGradient } from './mlp-backward.js';
import { mlpForward, mlpPenultimate } from './mlp-forward.js';
import { checkLayerSizes, copyLayers, heInitialisedLayers, type DenseLayer } from './mlp-layers.js';
import { softmaxCrossEntropy } from './mlp-loss.js';
import { decodeModelTensor, encodeModelTensor, expectNumber, MODEL_JSON_FORMAT, modelJsonError, readModelEnvelope, type ModelJson, type ModelJsonTensor } from './model-json.js';

/** Settings of {@link Mlp}. */
export interface MlpOptions {
  /** Seeded randomness for the initial weights, the validation split and the batch order. */
  readonly rng: Rng;
  /** Widths of the hidden layers, input side first (default `[128]`); at least one. */
  readonly hiddenLayers?: readonly number[];
  /** Adam's step size (default 1e-3). */
  readonly learningRate?: number;
  /** Rows per mini-batch (default 128). */
  readonly batchSize?: number;
  /** Passes over the training rows at most (default 20). */
  readonly maxEpochs?: number;
  /** L2 penalty λ: the objective is the mean loss + (λ / 2) · Σ‖W‖² over the weights, not the biases (default 0). */
  readonly weightDecay?: number;
  /** Share of the labelled rows held out, by a seeded shuffle, to stop early (default 0.1; 0 trains on all rows for maxEpochs). */
  readonly validationFraction?: number;
  /** Epochs without a lower validation loss before stopping (default 5); the best epoch's weights are kept. */
  readonly patience?: number;
  /** Adam's β₁ (default 0.9). */
  readonly beta1?: number;
  /** Adam's β₂ (default 0.999). */
  readonly beta2?: number;
  /** Adam's ε (default 1e-8). */
  readonly epsilon?: number;
}

/** The settings of an {@link Mlp} other than its Rng, every default filled in (what a model file stores). */
export type MlpConfig = Required<Omit<MlpOptions, 'rng'>>;

/** What {@link Mlp.fit} reports after each epoch. */
export interface MlpEpoch {
  /** 1-based. */
  readonly epoch: number;
  /** Mean cross-entropy over the epoch's mini-batches (before the penalty). */
  readonly trainLoss: number;
  /** Mean cross-entropy on the validation rows, or null without a validation split. */
  readonly validationLoss: number | null;
  /** Share of validation rows predicted right, or null without a validation split. */
  readonly validationAccuracy: number | null;
}

/** Options of one {@link Mlp.fit} call. */
export interface MlpFitOptions {
  /** Called after every epoch. */
  readonly onEpoch?: (epoch: MlpEpoch) => void;
  /** Aborts training between mini-batches (the promise rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

/** How the last fit ended. */
export interface MlpFitSummary {
  /** Epochs run. */
  readonly epochs: number;
  /** The epoch whose weights the model kept (the last one without a validation split). */
  readonly bestEpoch: number;
  /** Whether patience ran out before maxEpochs. */
  readonly stoppedEarly: boolean;
  /** Every epoch's report, in order. */
  readonly history: readonly MlpEpoch[];
}

/** The current version of the MLP's model file. */
export const MLP_JSON_VERSION = 1;

/** The stored form of an {@link Mlp} (see `model-json.ts` for the envelope). */
export type MlpJson = ModelJson<MlpConfig, { readonly sizes: readonly number[]; readonly layers: readonly { readonly weights: ModelJsonTensor; readonly bias: ModelJsonTensor }[] }>;

/** Rows per forward pass when predicting, to bound the memory of the activations. */
const PREDICT_CHUNK_ROWS = 8192;

/**
 * A multi-layer perceptron classifier in float32: ReLU hidden layers, softmax output, trained on
 * the mean cross-entropy by Adam over shuffled mini-batches, with early stopping on a seeded
 * validation split. Weights are He-initialised from the injected Rng: the same seed gives
 * bit-identical weights. Products run through the kernels' `matmul` (onnxruntime for large
 * batches), so training 60,000 Fashion-MNIST images takes seconds per epoch.
 *
 * Rows whose label is -1 (missing) are left out of the fit.
 *
 * @example
 * const mlp = await new Mlp({ rng: createRng(7), hiddenLayers: [256, 128] }).fit(x, labels, {
 *   onEpoch: (e) => console.log(e.epoch, e.trainLoss, e.validationAccuracy),
 * });
 * const classes = await mlp.predict(xTest);
 * const hidden = await mlp.embed(xTest); // penultimate-layer activations, xTest.rows x 128
 */
export class Mlp {
  /** The settings, defaults filled in. */
  readonly config: MlpConfig;
  private readonly rng: Rng;
  private layers: DenseLayer[] | undefined;
  private summary: MlpFitSummary | undefined;

  /** Stores the settings; throws `invalid_input` for a value out of range (the message names it). */
  constructor(options: MlpOptions) {
    if (options.rng === undefined) throw invalidInput('mlp: options.rng is required (a seeded Rng from createRng(seed))');
    this.rng = options.rng;
    this.config = mlpConfig(options);
  }

  /**
   * Trains new weights on the labelled rows of `x` (any earlier fit is discarded).
   *
   * @throws AntidoteError `invalid_input` for a malformed matrix, non-finite values, labels of the
   *   wrong length or out of range, or too few labelled rows for the validation split.
   */
  async fit(x: Matrix, labels: Labels, options: MlpFitOptions = {}): Promise<this> {
    const { x: xs, y } = labelledRows(x, labels);
    const K = labels.classes;
    const c = this.config;
    const m = y.length;
    const layers = heInitialisedLayers([x.cols, ...c.hiddenLayers, K], this.rng);
    const validationRows = c.validationFraction > 0 ? Math.round(m * c.validationFraction) : 0;
    if (c.validationFraction > 0 && (validationRows < 1 || validationRows >= m)) {
      throw invalidInput(`mlp: validationFraction ${c.validationFraction} of ${m} labelled rows leaves ${validationRows} for validation and ${m - validationRows} for training; each needs at least one (or set validationFraction to 0)`);
    }
    const order = permutation(m, this.rng);
    const validation = gatherRows(xs, y, order.subarray(0, validationRows));
    const train = gatherRows(xs, y, order.subarray(validationRows));
    const n = train.y.length;
    const adam = new Adam(
      layers.flatMap((l) => [l.weights.length, l.bias.length]),
      { learningRate: c.learningRate, beta1: c.beta1, beta2: c.beta2, epsilon: c.epsilon },
    );
    const params = layers.flatMap((l) => [l.weights, l.bias]);
    const history: MlpEpoch[] = [];
    let best = { loss: Infinity, epoch: 0, layers: copyLayers(layers) };
    let stale = 0;
    let stoppedEarly = false;
    const batchOrder = new Uint32Array(n);
    for (let epoch = 1; epoch <= c.maxEpochs; epoch++) {
      permutation(n, this.rng, batchOrder);
      let lossSum = 0;
      for (let start = 0; start < n; start += c.batchSize) {
        options.signal?.throwIfAborted();
        const batch = gatherRows(train.x, train.y, batchOrder.subarray(start, Math.min(n, start + c.batchSize)));
        const rows = batch.y.length;
        const trace = await mlpForward(layers, batch.x);
        const { probabilities, losses } = softmaxCrossEntropy(trace.logits, rows, K, batch.y);
        for (let i = 0; i < rows; i++) lossSum += losses[i]!;
        const grads = await mlpBackward(layers, trace, softmaxCrossEntropyGradient(probabilities, batch.y, K, 1 / rows), false);
        if (c.weightDecay > 0) addWeightDecay(layers, grads.weights, c.weightDecay);
        adam.step(params, grads.weights.flatMap((w, l) => [w, grads.bias[l]!]));
      }
      let report: MlpEpoch = { epoch, trainLoss: lossSum / n, validationLoss: null, validationAccuracy: null };
      if (validationRows > 0) {
        const { loss, accuracy } = await evaluate(layers, validation.x, validation.y, K);
        report = { ...report, validationLoss: loss, validationAccuracy: accuracy };
        if (loss < best.loss) {
          best = { loss, epoch, layers: copyLayers(layers) };
          stale = 0;
        } else {
          stale++;
        }
      }
      history.push(report);
      options.onEpoch?.(report);
      if (validationRows > 0 && stale >= c.patience) {
        stoppedEarly = epoch < c.maxEpochs;
        break;
      }
    }
    this.layers = validationRows > 0 ? best.layers : layers;
    this.summary = { epochs: history.length, bestEpoch: validationRows > 0 ? best.epoch : history.length, stoppedEarly, history };
    return this;
  }

  /**
   * Class probabilities, row-major `rows x classes`.
   *
   * @throws AntidoteError `invalid_input` before fit, or for a matrix of the wrong width or with non-finite values.
   */
  async predictProba(x: Matrix): Promise<Float64Array> {
    const layers = this.fitted('predictProba');
    const K = layers[layers.length - 1]!.outputs;
    const out = new Float64Array(x.rows * K);
    await this.chunked(x, async (chunk, start) => {
      const { logits } = await mlpForward(layers, chunk);
      out.set(softmaxCrossEntropy(logits, chunk.rows, K).probabilities, start * K);
    });
    return out;
  }

  /** The most probable class of each row (the lowest code on a tie). */
  async predict(x: Matrix): Promise<Int32Array> {
    const p = await this.predictProba(x);
    const K = this.classes();
    return argmaxRows(p, x.rows, K);
  }

  /**
   * The activations of the last hidden layer (after ReLU), `rows x width`: the representation
   * spectral signatures, activation clustering and Deep k-NN work on.
   */
  async embed(x: Matrix): Promise<Matrix<Float32Array>> {
    const layers = this.fitted('embed');
    const width = layers[layers.length - 2]!.outputs;
    const out = new Float32Array(x.rows * width);
    await this.chunked(x, async (chunk, start) => {
      out.set((await mlpPenultimate(layers, chunk)).data, start * width);
    });
    return { rows: x.rows, cols: width, data: out };
  }

  /**
   * The cross-entropy of each row against its label, `-log p(y_i | x_i)`; NaN for a row whose label is -1.
   *
   * @throws AntidoteError `invalid_input` before fit, or for labels of the wrong length or out of range.
   */
  async sampleLosses(x: Matrix, labels: Labels): Promise<Float64Array> {
    const layers = this.fitted('sampleLosses');
    const codes = this.checkedCodes(x, labels);
    const K = this.classes();
    const out = new Float64Array(x.rows);
    await this.chunked(x, async (chunk, start) => {
      const { logits } = await mlpForward(layers, chunk);
      out.set(softmaxCrossEntropy(logits, chunk.rows, K, codes.subarray(start, start + chunk.rows)).losses, start);
    });
    return out;
  }

  /**
   * The gradient of each row's own loss with respect to its inputs, `∂ℓ(x_i, y_i) / ∂x_i`, row-major
   * `rows x features` (what FGSM and PGD step along); zero for a row whose label is -1. The weight
   * penalty does not depend on the input and is left out.
   *
   * @throws AntidoteError `invalid_input` before fit, or for labels of the wrong length or out of range.
   */
  async inputGradient(x: Matrix, labels: Labels): Promise<Matrix<Float32Array>> {
    const layers = this.fitted('inputGradient');
    const codes = this.checkedCodes(x, labels);
    const K = this.classes();
    const out = new Float32Array(x.rows * x.cols);
    await this.chunked(x, async (chunk, start) => {
      const y = codes.subarray(start, start + chunk.rows);
      const trace = await mlpForward(layers, chunk);
      const { probabilities } = softmaxCrossEntropy(trace.logits, chunk.rows, K);
      const grads = await mlpBackward(layers, trace, softmaxCrossEntropyGradient(probabilities, y, K, 1), true);
      out.set(grads.input!, start * x.cols);
    });
    return { rows: x.rows, cols: x.cols, data: out };
  }

  /** Copies of the fitted layers, input side first (weights `outputs x inputs`). */
  layerParameters(): DenseLayer[] {
    return copyLayers(this.fitted('layerParameters'));
  }

  /** The layer widths, input first and classes last, e.g. `[784, 256, 128, 10]`. */
  layerSizes(): number[] {
    const layers = this.fitted('layerSizes');
    return [layers[0]!.inputs, ...layers.map((l) => l.outputs)];
  }

  /** How the last fit ended (epochs, best epoch, the per-epoch history). */
  fitSummary(): MlpFitSummary {
    if (!this.summary) throw invalidInput('mlp: fitSummary requested before fit (a loaded model keeps no history)');
    return this.summary;
  }

  /**
   * The model as a versioned JSON document (settings and weights; the fit history is not kept).
   *
   * @example
   * await writeFile('mlp.json', JSON.stringify(mlp.toJSON()));
   */
  toJSON(): MlpJson {
    const layers = this.fitted('toJSON');
    return {
      format: MODEL_JSON_FORMAT,
      kind: 'mlp',
      version: MLP_JSON_VERSION,
      config: { ...this.config, hiddenLayers: [...this.config.hiddenLayers] },
      state: {
        sizes: this.layerSizes(),
        layers: layers.map((l) => ({ weights: encodeModelTensor(l.weights, [l.outputs, l.inputs]), bias: encodeModelTensor(l.bias, [l.outputs]) })),
      },
    };
  }

  /**
   * A fitted model from the document {@link Mlp.toJSON} wrote. `rng` seeds any later fit
   * (default `createRng(0)`); predictions need none.
   *
   * @throws AntidoteError `invalid_input` naming the field at fault: not an MLP file, a version
   *   this code does not read, a setting out of range, or weights of the wrong shape or not finite.
   *
   * @example
   * const mlp = Mlp.fromJSON(JSON.parse(await readFile('mlp.json', 'utf8')));
   */
  static fromJSON(json: unknown, rng: Rng = createRng(0)): Mlp {
    const { config, state } = readModelEnvelope(json, 'mlp', MLP_JSON_VERSION);
    let model: Mlp;
    try {
      model = new Mlp({ ...(config as Partial<MlpConfig>), rng });
    } catch (e) {
      throw modelJsonError(e instanceof Error ? e.message : String(e), ['config']);
    }
    const sizes = state['sizes'];
    if (!Array.isArray(sizes)) throw modelJsonError('expected an array of layer widths', ['state', 'sizes']);
    sizes.forEach((s, k) => expectNumber(s, ['state', 'sizes', k], 'positive integer'));
    checkLayerSizes(sizes as number[]);
    const hidden = model.config.hiddenLayers;
    if (sizes.length !== hidden.length + 2 || hidden.some((h, k) => sizes[k + 1] !== h)) {
      throw modelJsonError(`widths [${sizes.join(', ')}] do not match config.hiddenLayers [${hidden.join(', ')}]`, ['state', 'sizes']);
    }
    const stored = state['layers'];
    if (!Array.isArray(stored) || stored.length !== sizes.length - 1) {
      throw modelJsonError(`expected an array of ${sizes.length - 1} layers`, ['state', 'layers']);
    }
    model.layers = stored.map((entry: unknown, l) => {
      const path = ['state', 'layers', l];
      if (typeof entry !== 'object' || entry === null) throw modelJsonError('expected an object with weights and bias', path);
      const inputs = sizes[l] as number;
      const outputs = sizes[l + 1] as number;
      const e = entry as Record<string, unknown>;
      return {
        inputs,
        outputs,
        weights: decodeModelTensor(e['weights'], [...path, 'weights'], 'float32', [outputs, inputs]),
        bias: decodeModelTensor(e['bias'], [...path, 'bias'], 'float32', [outputs]),
      };
    });
    return model;
  }

  private fitted(what: string): DenseLayer[] {
    if (!this.layers) throw invalidInput(`mlp: ${what} called before fit`);
    return this.layers;
  }

  private classes(): number {
    const layers = this.fitted('classes');
    return layers[layers.length - 1]!.outputs;
  }

  private checkedCodes(x: Matrix, labels: Labels): Int32Array {
    if (labels.classes !== this.classes()) throw invalidInput(`mlp: labels.classes = ${labels.classes}, the model was fitted on ${this.classes()} classes`);
    checkLabels(labels, x.rows);
    return labels.codes;
  }

  /** Checks `x` against the fitted width and runs `fn` over float32 chunks of its rows. */
  private async chunked(x: Matrix, fn: (chunk: Matrix<Float32Array>, start: number) => Promise<void>): Promise<void> {
    checkMatrix(x);
    const d = this.fitted('predict')[0]!.inputs;
    if (x.cols !== d) throw invalidInput(`mlp: x has ${x.cols} columns, the model was fitted on ${d}`);
    for (let start = 0; start < x.rows; start += PREDICT_CHUNK_ROWS) {
      const rows = Math.min(PREDICT_CHUNK_ROWS, x.rows - start);
      const view = x.data.subarray(start * d, (start + rows) * d);
      await fn({ rows, cols: d, data: view instanceof Float32Array && rows === x.rows ? view : Float32Array.from(view) }, start);
    }
  }
}

/** Fills in the defaults and checks every setting. */
function mlpConfig(o: Omit<MlpOptions, 'rng'>): MlpConfig {
  const hiddenLayers = [...(o.hiddenLayers ?? [128])];
  if (hiddenLayers.length === 0) throw invalidInput('mlp: hiddenLayers is empty; give at least one width (a model without hidden layers is SoftmaxRegression)');
  for (const h of hiddenLayers) if (!Number.isInteger(h) || h < 1) throw invalidInput(`mlp: hidden layer width ${h} must be a positive integer`);
  const adam = adamSettings({ learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon });
  const c: MlpConfig = {
    hiddenLayers,
    ...adam,
    batchSize: o.batchSize ?? 128,
    maxEpochs: o.maxEpochs ?? 20,
    weightDecay: o.weightDecay ?? 0,
    validationFraction: o.validationFraction ?? 0.1,
    patience: o.patience ?? 5,
  };
  for (const name of ['batchSize', 'maxEpochs', 'patience'] as const) {
    if (!Number.isInteger(c[name]) || c[name] < 1) throw invalidInput(`mlp: ${name} = ${c[name]} must be a positive integer`);
  }
  if (!(c.weightDecay >= 0) || !Number.isFinite(c.weightDecay)) throw invalidInput(`mlp: weightDecay = ${c.weightDecay} must be a finite number >= 0`);
  if (!(c.validationFraction >= 0 && c.validationFraction < 1)) throw invalidInput(`mlp: validationFraction = ${c.validationFraction} must be within [0, 1)`);
  return c;
}

function checkMatrix(x: Matrix): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 1 || x.data.length !== x.rows * x.cols) {
    throw invalidInput(`mlp: x is ${x.rows} x ${x.cols} with ${x.data.length} values; it needs at least one column and rows * cols values`);
  }
  for (let p = 0; p < x.data.length; p++) {
    if (!Number.isFinite(x.data[p]!)) throw invalidInput(`mlp: x[${Math.floor(p / x.cols)}][${p % x.cols}] is ${x.data[p]}; every value must be finite`);
  }
}

function checkLabels(labels: Labels, rows: number): void {
  const K = labels.classes;
  if (!Number.isInteger(K) || K < 2) throw invalidInput(`mlp: labels.classes = ${K} must be an integer >= 2`);
  if (labels.codes.length !== rows) throw invalidInput(`mlp: ${labels.codes.length} labels for ${rows} rows; give one label per row`);
  for (let i = 0; i < rows; i++) {
    const c = labels.codes[i]!;
    if (!Number.isInteger(c) || c < -1 || c >= K) throw invalidInput(`mlp: label ${c} of row ${i} must be -1 (missing) or within [0, ${K})`);
  }
}

/** The labelled rows of `x` as float32, and their labels. */
function labelledRows(x: Matrix, labels: Labels): { readonly x: Matrix<Float32Array>; readonly y: Int32Array } {
  checkMatrix(x);
  checkLabels(labels, x.rows);
  const kept: number[] = [];
  for (let i = 0; i < x.rows; i++) if (labels.codes[i]! >= 0) kept.push(i);
  if (kept.length === 0) throw invalidInput('mlp: no labelled row to fit (every label is -1)');
  const all = { rows: x.rows, cols: x.cols, data: x.data instanceof Float32Array ? x.data : Float32Array.from(x.data) };
  // Every row labelled: no copy (fit copies the rows into its training and validation sets anyway).
  if (kept.length === x.rows) return { x: all, y: labels.codes };
  return gatherRows(all, labels.codes, Uint32Array.from(kept));
}

function gatherRows(x: Matrix<Float32Array>, y: Int32Array, index: Uint32Array): { readonly x: Matrix<Float32Array>; readonly y: Int32Array } {
  const d = x.cols;
  const data = new Float32Array(index.length * d);
  const codes = new Int32Array(index.length);
  for (let r = 0; r < index.length; r++) {
    const i = index[r]!;
    data.set(x.data.subarray(i * d, (i + 1) * d), r * d);
    codes[r] = y[i]!;
  }
  return { x: { rows: index.length, cols: d, data }, y: codes };
}

function addWeightDecay(layers: readonly DenseLayer[], grads: readonly Float32Array[], lambda: number): void {
  for (let l = 0; l < layers.length; l++) {
    const w = layers[l]!.weights;
    const g = grads[l]!;
    for (let q = 0; q < w.length; q++) g[q] = g[q]! + lambda * w[q]!;
  }
}

async function evaluate(layers: readonly DenseLayer[], x: Matrix<Float32Array>, y: Int32Array, K: number): Promise<{ readonly loss: number; readonly accuracy: number }> {
  let loss = 0;
  let right = 0;
  for (let start = 0; start < x.rows; start += PREDICT_CHUNK_ROWS) {
    const rows = Math.min(PREDICT_CHUNK_ROWS, x.rows - start);
    const chunk = { rows, cols: x.cols, data: x.data.subarray(start * x.cols, (start + rows) * x.cols) };
    const codes = y.subarray(start, start + rows);
    const { logits } = await mlpForward(layers, rows === x.rows ? chunk : { ...chunk, data: chunk.data.slice() });
    const { probabilities, losses } = softmaxCrossEntropy(logits, rows, K, codes);
    const predicted = argmaxRows(probabilities, rows, K);
    for (let i = 0; i < rows; i++) {
      loss += losses[i]!;
      if (predicted[i] === codes[i]) right++;
    }
  }
  return { loss: loss / x.rows, accuracy: right / x.rows };
}

function argmaxRows(p: Float64Array, rows: number, K: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k]! > p[i * K + best]!) best = k;
    out[i] = best;
  }
  return out;
}
