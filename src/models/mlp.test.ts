import { afterAll, describe, expect, it } from 'vitest';
import type { Labels } from '../core/detector.js';
import { isAntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { disposeMatmulBackends } from '../kernels/matmul.js';
import { loadMlpFixture, type MlpForwardFixture } from '../../test/fixtures/mlp-fixtures.js';
import { Mlp, MLP_JSON_VERSION } from './mlp.js';
import { mlpBackward, softmaxCrossEntropyGradient } from './mlp-backward.js';
import { mlpForward, mlpPenultimate } from './mlp-forward.js';
import type { DenseLayer } from './mlp-layers.js';
import { softmaxCrossEntropy } from './mlp-loss.js';
import { encodeModelTensor, MODEL_JSON_FORMAT } from './model-json.js';

afterAll(disposeMatmulBackends);

const fx = loadMlpFixture<MlpForwardFixture>('mlp-forward.json');
const K = fx.sizes[fx.sizes.length - 1]!;
const fxX: Matrix<Float32Array> = { rows: fx.rows, cols: fx.sizes[0]!, data: Float32Array.from(fx.x) };
const fxY = Int32Array.from(fx.labels);

function fixtureLayers(): DenseLayer[] {
  return fx.weights.map((w, l) => ({ inputs: fx.sizes[l]!, outputs: fx.sizes[l + 1]!, weights: Float32Array.from(w), bias: Float32Array.from(fx.bias[l]!) }));
}

/** A fitted Mlp holding the fixture's weights, built through the model file (so fromJSON is exercised too). */
function fixtureModel(): Mlp {
  const layers = fixtureLayers();
  return Mlp.fromJSON({
    format: MODEL_JSON_FORMAT,
    kind: 'mlp',
    version: MLP_JSON_VERSION,
    config: { hiddenLayers: fx.sizes.slice(1, -1) },
    state: { sizes: fx.sizes, layers: layers.map((l) => ({ weights: encodeModelTensor(l.weights, [l.outputs, l.inputs]), bias: encodeModelTensor(l.bias, [l.outputs]) })) },
  });
}

/** Largest |a − b| relative to the largest |b| (float32 arithmetic against numpy's float64). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

async function expectCode(fn: () => unknown, code: 'invalid_input', pattern: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(isAntidoteError(caught, code), String(caught)).toBe(true);
  expect((caught as Error).message).toMatch(pattern);
}

/** Gaussian blobs, one per class, well apart: a problem an MLP must solve almost perfectly. */
function blobs(rowsPerClass: number, classes: number, dims: number, seed: number): { x: Matrix<Float32Array>; labels: Labels } {
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: dims }, () => rng.normal() * 3));
  const n = rowsPerClass * classes;
  const data = new Float32Array(n * dims);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    codes[i] = c;
    for (let j = 0; j < dims; j++) data[i * dims + j] = centres[c]![j]! + rng.normal();
  }
  return { x: { rows: n, cols: dims, data }, labels: { codes, classes } };
}

describe('MLP forward and backward against numpy (scripts/fixtures/mlp.py)', () => {
  it('gives numpy’s logits, penultimate activations, probabilities and per-row losses', async () => {
    const layers = fixtureLayers();
    const trace = await mlpForward(layers, fxX);
    expect(relErr(trace.logits, fx.logits)).toBeLessThan(1e-6);
    expect(relErr((await mlpPenultimate(layers, fxX)).data, fx.penultimate)).toBeLessThan(1e-6);
    const { probabilities, losses } = softmaxCrossEntropy(trace.logits, fx.rows, K, fxY);
    expect(relErr(probabilities, fx.probabilities)).toBeLessThan(1e-6);
    expect(relErr(losses, fx.losses)).toBeLessThan(1e-6);
  });

  it('gives numpy’s gradients of the mean loss for every weight and bias, and of each row’s loss for its input', async () => {
    const layers = fixtureLayers();
    const trace = await mlpForward(layers, fxX);
    const { probabilities } = softmaxCrossEntropy(trace.logits, fx.rows, K, fxY);
    const mean = await mlpBackward(layers, trace, softmaxCrossEntropyGradient(probabilities, fxY, K, 1 / fx.rows), false);
    expect(mean.input).toBeUndefined();
    for (let l = 0; l < layers.length; l++) {
      expect(relErr(mean.weights[l]!, fx.gradWeights[l]!), `layer ${l} weights`).toBeLessThan(1e-5);
      expect(relErr(mean.bias[l]!, fx.gradBias[l]!), `layer ${l} bias`).toBeLessThan(1e-5);
    }
    const perRow = await mlpBackward(layers, trace, softmaxCrossEntropyGradient(probabilities, fxY, K, 1), true);
    expect(relErr(perRow.input!, fx.gradInput)).toBeLessThan(1e-5);
  });

  it('exposes the same numbers through the Mlp class (predictProba, sampleLosses, inputGradient, embed)', async () => {
    const model = fixtureModel();
    expect(model.layerSizes()).toEqual(fx.sizes);
    expect(relErr(await model.predictProba(fxX), fx.probabilities)).toBeLessThan(1e-6);
    expect(relErr(await model.sampleLosses(fxX, { codes: fxY, classes: K }), fx.losses)).toBeLessThan(1e-6);
    expect(relErr((await model.inputGradient(fxX, { codes: fxY, classes: K })).data, fx.gradInput)).toBeLessThan(1e-5);
    const emb = await model.embed(fxX);
    expect([emb.rows, emb.cols]).toEqual([fx.rows, fx.sizes[fx.sizes.length - 2]]);
    expect(relErr(emb.data, fx.penultimate)).toBeLessThan(1e-6);
    const predicted = await model.predict(fxX);
    for (let i = 0; i < fx.rows; i++) {
      const row = fx.probabilities.slice(i * K, (i + 1) * K);
      expect(predicted[i]).toBe(row.indexOf(Math.max(...row)));
    }
  });

  it('gives a zero input gradient and a NaN loss for a row whose label is missing (-1)', async () => {
    const model = fixtureModel();
    const codes = fxY.slice();
    codes[2] = -1;
    const g = await model.inputGradient(fxX, { codes, classes: K });
    const d = fxX.cols;
    expect(Array.from(g.data.subarray(2 * d, 3 * d))).toEqual(new Array(d).fill(0));
    expect(relErr(g.data.subarray(0, d), fx.gradInput.slice(0, d))).toBeLessThan(1e-5);
    const losses = await model.sampleLosses(fxX, { codes, classes: K });
    expect(Number.isNaN(losses[2])).toBe(true);
    expect(losses[3]).toBeCloseTo(fx.losses[3]!, 6);
  });
});

describe('Mlp training', () => {
  const train = blobs(150, 4, 10, 11);
  // Same seed, more rows: the same centres and the same first 600 rows, then 400 fresh ones.
  const held = blobs(250, 4, 10, 11);
  const heldOut = { x: { rows: 400, cols: 10, data: held.x.data.slice(600 * 10) }, labels: { codes: held.labels.codes.slice(600), classes: 4 } };

  it('learns separable blobs: at least 97% accuracy on rows it did not see', async () => {
    const model = await new Mlp({ rng: createRng(1), hiddenLayers: [16], batchSize: 32, maxEpochs: 40, learningRate: 1e-2 }).fit(train.x, train.labels);
    const predicted = await model.predict(heldOut.x);
    let right = 0;
    for (let i = 0; i < heldOut.x.rows; i++) if (predicted[i] === heldOut.labels.codes[i]) right++;
    expect(right / heldOut.x.rows).toBeGreaterThanOrEqual(0.97);
  });

  it('is deterministic: the same seed gives bit-identical weights, another seed different ones', async () => {
    const fit = async (seed: number): Promise<DenseLayer[]> =>
      (await new Mlp({ rng: createRng(seed), hiddenLayers: [8, 6], maxEpochs: 3 }).fit(train.x, train.labels)).layerParameters();
    const [a, b, c] = [await fit(5), await fit(5), await fit(6)];
    for (let l = 0; l < a.length; l++) {
      expect(Buffer.from(b[l]!.weights.buffer).equals(Buffer.from(a[l]!.weights.buffer))).toBe(true);
      expect(Buffer.from(b[l]!.bias.buffer).equals(Buffer.from(a[l]!.bias.buffer))).toBe(true);
    }
    expect(Buffer.from(c[0]!.weights.buffer).equals(Buffer.from(a[0]!.weights.buffer))).toBe(false);
  });

  it('reports every epoch, lowers the training loss, and stops early when validation stops improving', async () => {
    // Random labels: the validation loss cannot keep falling while the model memorises the training rows.
    const rng = createRng(3);
    const noisy: Labels = { codes: Int32Array.from({ length: train.x.rows }, () => rng.nextInt(4)), classes: 4 };
    const epochs: number[] = [];
    const losses: number[] = [];
    const model = await new Mlp({ rng: createRng(2), hiddenLayers: [64], maxEpochs: 200, patience: 3, learningRate: 1e-2, batchSize: 16 }).fit(train.x, noisy, {
      onEpoch: (e) => {
        epochs.push(e.epoch);
        losses.push(e.trainLoss);
        expect(e.validationAccuracy).toBeGreaterThanOrEqual(0);
        expect(e.validationAccuracy).toBeLessThanOrEqual(1);
      },
    });
    const s = model.fitSummary();
    expect(s.stoppedEarly).toBe(true);
    expect(s.epochs).toBe(s.bestEpoch + 3);
    expect(epochs).toEqual(Array.from({ length: s.epochs }, (_, i) => i + 1));
    const best = s.history[s.bestEpoch - 1]!.validationLoss!;
    for (const h of s.history) expect(h.validationLoss!).toBeGreaterThanOrEqual(best);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  });

  it('keeps the best epoch’s weights, not the last', async () => {
    const rng = createRng(4);
    const noisy: Labels = { codes: Int32Array.from({ length: train.x.rows }, () => rng.nextInt(4)), classes: 4 };
    const options = { hiddenLayers: [64], patience: 2, learningRate: 1e-2, batchSize: 16 } as const;
    const stopped = await new Mlp({ rng: createRng(9), ...options, maxEpochs: 200 }).fit(train.x, noisy);
    const best = stopped.fitSummary().bestEpoch;
    const upToBest = await new Mlp({ rng: createRng(9), ...options, maxEpochs: best }).fit(train.x, noisy);
    expect(stopped.fitSummary().epochs).toBeGreaterThan(best);
    const a = stopped.layerParameters();
    const b = upToBest.layerParameters();
    expect(Buffer.from(a[0]!.weights.buffer).equals(Buffer.from(b[0]!.weights.buffer))).toBe(true);
  });

  it('shrinks the weights with weight decay', async () => {
    const norm = async (weightDecay: number): Promise<number> => {
      const layers = (await new Mlp({ rng: createRng(1), hiddenLayers: [16], maxEpochs: 30, learningRate: 1e-2, weightDecay, validationFraction: 0 }).fit(train.x, train.labels)).layerParameters();
      return layers.reduce((s, l) => s + l.weights.reduce((t, w) => t + w * w, 0), 0);
    };
    expect(await norm(0.1)).toBeLessThan(0.8 * (await norm(0)));
  });

  it('leaves out rows whose label is -1 and stops when the signal aborts', async () => {
    const codes = train.labels.codes.slice();
    codes.fill(-1, 0, 100);
    const model = await new Mlp({ rng: createRng(1), hiddenLayers: [8], maxEpochs: 2 }).fit(train.x, { codes, classes: 4 });
    expect(model.fitSummary().epochs).toBe(2);
    const controller = new AbortController();
    controller.abort(new Error('stop requested'));
    await expect(new Mlp({ rng: createRng(1) }).fit(train.x, train.labels, { signal: controller.signal })).rejects.toThrow('stop requested');
  });

  it('rejects bad settings, inputs and calls before fit, naming the problem', async () => {
    const rng = createRng(1);
    await expectCode(() => new Mlp({ rng, hiddenLayers: [] }), 'invalid_input', /hiddenLayers is empty/);
    await expectCode(() => new Mlp({ rng, hiddenLayers: [0] }), 'invalid_input', /width 0/);
    await expectCode(() => new Mlp({ rng, batchSize: 1.5 }), 'invalid_input', /batchSize/);
    await expectCode(() => new Mlp({ rng, validationFraction: 1 }), 'invalid_input', /validationFraction/);
    await expectCode(() => new Mlp({ rng, learningRate: -1 }), 'invalid_input', /learningRate/);
    await expectCode(() => new Mlp({ rng }).predict(train.x), 'invalid_input', /before fit/);
    await expectCode(() => new Mlp({ rng }).fit(train.x, { codes: new Int32Array(3), classes: 4 }), 'invalid_input', /3 labels for 600 rows/);
    await expectCode(() => new Mlp({ rng }).fit(train.x, { codes: new Int32Array(600).fill(4), classes: 4 }), 'invalid_input', /label 4 of row 0/);
    const bad = { ...train.x, data: train.x.data.slice() };
    bad.data[7] = Number.NaN;
    await expectCode(() => new Mlp({ rng }).fit(bad, train.labels), 'invalid_input', /x\[0\]\[7\] is NaN/);
    await expectCode(() => new Mlp({ rng, validationFraction: 0.1 }).fit({ rows: 2, cols: 10, data: train.x.data.slice(0, 20) }, { codes: Int32Array.of(0, 1), classes: 2 }), 'invalid_input', /validationFraction/);
    await expectCode(() => fixtureModel().predict({ rows: 1, cols: 3, data: new Float32Array(3) }), 'invalid_input', /3 columns, the model was fitted on 6/);
  });
});

describe('Mlp model file', () => {
  const data = blobs(40, 3, 5, 21);

  it('round-trips through JSON text with bit-identical predictions', async () => {
    const model = await new Mlp({ rng: createRng(8), hiddenLayers: [7, 5], maxEpochs: 3, weightDecay: 1e-3 }).fit(data.x, data.labels);
    const text = JSON.stringify(model.toJSON());
    const loaded = Mlp.fromJSON(JSON.parse(text));
    expect(loaded.config).toEqual(model.config);
    expect(Array.from(await loaded.predictProba(data.x))).toEqual(Array.from(await model.predictProba(data.x)));
    expect(Array.from((await loaded.embed(data.x)).data)).toEqual(Array.from((await model.embed(data.x)).data));
  });

  it('rejects a file of another kind, version, shape or with non-finite weights, naming the field', async () => {
    const model = await new Mlp({ rng: createRng(8), hiddenLayers: [4], maxEpochs: 1 }).fit(data.x, data.labels);
    const good = JSON.parse(JSON.stringify(model.toJSON())) as Record<string, unknown> & { state: { layers: { weights: { shape: number[]; base64: string } }[] } };
    const variant = (edit: (doc: typeof good) => void): unknown => {
      const doc = JSON.parse(JSON.stringify(good)) as typeof good;
      edit(doc);
      return doc;
    };
    await expectCode(() => Mlp.fromJSON('nope'), 'invalid_input', /expected an object, found string/);
    await expectCode(() => Mlp.fromJSON(variant((d) => (d['format'] = 'onnx'))), 'invalid_input', /format is "onnx"/);
    await expectCode(() => Mlp.fromJSON(variant((d) => (d['kind'] = 'softmax-regression'))), 'invalid_input', /kind is "softmax-regression"; expected "mlp"/);
    await expectCode(() => Mlp.fromJSON(variant((d) => (d['version'] = 99))), 'invalid_input', /version is 99/);
    await expectCode(() => Mlp.fromJSON(variant((d) => (d.state.layers[0]!.weights.shape = [5, 4]))), 'invalid_input', /state\.layers\.0\.weights\.shape: shape is \[5,4\]; expected \[4, 5\]/);
    await expectCode(() => Mlp.fromJSON(variant((d) => (d.state.layers[1]!.weights.base64 = 'AAAA'))), 'invalid_input', /state\.layers\.1\.weights\.base64: base64 holds 3 bytes/);
    const nan = encodeModelTensor(Float32Array.of(Number.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), [4, 5]);
    await expectCode(() => Mlp.fromJSON(variant((d) => (d.state.layers[0]!.weights.base64 = nan.base64))), 'invalid_input', /value 0 is NaN/);
    await expectCode(() => Mlp.fromJSON(variant((d) => ((d['config'] as Record<string, unknown>)['batchSize'] = 0))), 'invalid_input', /config: .*batchSize/);
  });
});
