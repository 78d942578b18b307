import { afterAll, describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { disposeMatmulBackends } from '../kernels/matmul.js';
import { decodeModelTensor, encodeModelTensor, MODEL_JSON_FORMAT, readModelEnvelope } from './model-json.js';
import { SoftmaxRegression, SOFTMAX_REGRESSION_JSON_VERSION } from './softmax-regression.js';

afterAll(disposeMatmulBackends);

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isAntidoteError(e, 'invalid_input'), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('model file tensors', () => {
  it('round-trip float32 and float64 bit for bit, as little-endian base64', () => {
    const f32 = Float32Array.of(1, -0.1, 3.4e38, 1e-45);
    const t = encodeModelTensor(f32, [2, 2]);
    expect(t).toMatchObject({ dtype: 'float32', shape: [2, 2] });
    expect(Buffer.from(t.base64, 'base64').subarray(0, 4)).toEqual(Buffer.from([0x00, 0x00, 0x80, 0x3f])); // 1.0f little-endian
    expect(Array.from(decodeModelTensor(t, ['w'], 'float32', [2, 2]))).toEqual(Array.from(f32));
    const f64 = Float64Array.of(Math.PI, -0, 5e-324);
    expect(Array.from(decodeModelTensor(JSON.parse(JSON.stringify(encodeModelTensor(f64, [3]))), ['b'], 'float64', [3]))).toEqual(Array.from(f64));
  });

  it('reject the wrong dtype, shape, bytes or non-base64 text, naming the field', () => {
    const t = encodeModelTensor(Float32Array.of(1, 2), [2]);
    expect(message(() => decodeModelTensor(t, ['state', 'w'], 'float64', [2]))).toMatch(/state\.w\.dtype: dtype is "float32"; this model stores float64/);
    expect(message(() => decodeModelTensor(t, ['w'], 'float32', [3]))).toMatch(/shape is \[2\]; expected \[3\]/);
    expect(message(() => decodeModelTensor({ ...t, base64: 'not base64!' }, ['w'], 'float32', [2]))).toMatch(/w\.base64: base64 must be a base64 string/);
    expect(message(() => decodeModelTensor([1, 2], ['w'], 'float32', [2]))).toMatch(/w: expected an object, found an array/);
  });

  it('reject an envelope of another format, kind or version', () => {
    const env = { format: MODEL_JSON_FORMAT, kind: 'mlp', version: 1, config: {}, state: {} };
    expect(readModelEnvelope(env, 'mlp', 1)).toEqual({ config: {}, state: {} });
    expect(message(() => readModelEnvelope({ ...env, format: 'x' }, 'mlp', 1))).toMatch(/format is "x"; an Antidote model file has format "antidote-model"/);
    expect(message(() => readModelEnvelope(env, 'softmax-regression', 1))).toMatch(/kind is "mlp"; expected "softmax-regression" \(model kinds: mlp, softmax-regression\)/);
    expect(message(() => readModelEnvelope({ ...env, version: 2 }, 'mlp', 1))).toMatch(/version is 2; this Antidote reads mlp files of version 1/);
    expect(message(() => readModelEnvelope({ ...env, state: null }, 'mlp', 1))).toMatch(/state: expected an object, found null/);
  });
});

describe('SoftmaxRegression model file', () => {
  const x = { rows: 6, cols: 2, data: Float64Array.of(0, 0, 1, 0.2, 0.1, 1, 2, 2, 2.2, 1.9, 1.8, 2.1) };
  const labels = { codes: Int32Array.of(0, 0, 0, 1, 1, 1), classes: 2 };

  it('round-trips through JSON text with bit-identical probabilities and the same settings', async () => {
    const model = await new SoftmaxRegression({ C: 0.5, maxIterations: 50 }).fit(x, labels);
    const loaded = SoftmaxRegression.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect([loaded.C, loaded.maxIterations, loaded.tolerance, loaded.memory]).toEqual([0.5, 50, model.tolerance, model.memory]);
    expect(Array.from(await loaded.predictProba(x))).toEqual(Array.from(await model.predictProba(x)));
    expect(Array.from(loaded.coefficients())).toEqual(Array.from(model.coefficients()));
  });

  it('rejects a bad file naming the field, and toJSON before fit', async () => {
    const model = await new SoftmaxRegression().fit(x, labels);
    const doc = JSON.parse(JSON.stringify(model.toJSON())) as { version: number; config: { C: number }; state: { features: number } };
    expect(doc.version).toBe(SOFTMAX_REGRESSION_JSON_VERSION);
    expect(message(() => SoftmaxRegression.fromJSON({ ...doc, kind: 'mlp' }))).toMatch(/kind is "mlp"; expected "softmax-regression"/);
    expect(message(() => SoftmaxRegression.fromJSON({ ...doc, config: { ...doc.config, C: -1 } }))).toMatch(/config: .*C = -1/);
    expect(message(() => SoftmaxRegression.fromJSON({ ...doc, state: { ...doc.state, features: 3 } }))).toMatch(/state\.weights\.shape: shape is \[2,2\]; expected \[2, 3\]/);
    expect(message(() => SoftmaxRegression.fromJSON({ ...doc, state: { ...doc.state, features: 0 } }))).toMatch(/state\.features: 0 must be a positive integer/);
    expect(message(() => new SoftmaxRegression().toJSON())).toMatch(/toJSON called before fit/);
  });
});
