import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Labels } from '../core/detector.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { disposeMatmulBackends } from '../kernels/matmul.js';
import { loadOnnxRuntime } from '../kernels/matmul-onnx.js';
import { Mlp } from './mlp.js';
import { denseClassifierToOnnx, mlpToOnnx, ONNX_EXPORT_INPUT, ONNX_EXPORT_OUTPUTS, softmaxRegressionToOnnx } from './onnx-export.js';
import { extractEmbeddings } from './onnx-embeddings.js';
import { SoftmaxRegression } from './softmax-regression.js';

const dir = mkdtempSync(join(tmpdir(), 'antidote-onnx-export-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await disposeMatmulBackends();
});

/** Three noisy classes in 12 dimensions, 300 rows. */
function data(seed: number): { x: Matrix<Float32Array>; labels: Labels } {
  const rng = createRng(seed);
  const n = 300;
  const d = 12;
  const x = new Float32Array(n * d);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = i % 3;
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal() + (j % 3 === codes[i] ? 1.5 : 0);
  }
  return { x: { rows: n, cols: d, data: x }, labels: { codes, classes: 3 } };
}

/** Runs ONNX bytes in onnxruntime-node and returns the named outputs. */
async function runOnnx(bytes: Uint8Array, x: Matrix<Float32Array>, outputs: readonly string[]): Promise<Record<string, Float32Array>> {
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ [ONNX_EXPORT_INPUT]: new ort.Tensor('float32', x.data, [x.rows, x.cols]) }, [...outputs]);
    return Object.fromEntries(outputs.map((name) => [name, result[name]!.data as Float32Array]));
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('ONNX export run in onnxruntime-node', () => {
  const { x, labels } = data(1);

  it('an exported MLP gives the TypeScript forward pass’s probabilities and embeddings (1e-5)', async () => {
    const mlp = await new Mlp({ rng: createRng(2), hiddenLayers: [16, 8], maxEpochs: 5 }).fit(x, labels);
    const out = await runOnnx(mlpToOnnx(mlp), x, [ONNX_EXPORT_OUTPUTS.probabilities, ONNX_EXPORT_OUTPUTS.embeddings, ONNX_EXPORT_OUTPUTS.logits]);
    expect(maxAbsDiff(out['probabilities']!, await mlp.predictProba(x))).toBeLessThan(1e-5);
    expect(maxAbsDiff(out['embeddings']!, (await mlp.embed(x)).data)).toBeLessThan(1e-5);
    // The logits' softmax is the probabilities output (the graph ends in Softmax over the last axis).
    const p = out['probabilities']!;
    for (let i = 0; i < x.rows; i++) expect(p[i * 3]! + p[i * 3 + 1]! + p[i * 3 + 2]!).toBeCloseTo(1, 5);
  });

  it('an exported MLP file serves extractEmbeddings with output "embeddings" (the --onnx-output path)', async () => {
    const mlp = await new Mlp({ rng: createRng(3), hiddenLayers: [10], maxEpochs: 3 }).fit(x, labels);
    const path = join(dir, 'mlp.onnx');
    writeFileSync(path, mlpToOnnx(mlp));
    const emb = await extractEmbeddings(path, x, { output: ONNX_EXPORT_OUTPUTS.embeddings, batchSize: 64 });
    const ours = await mlp.embed(x);
    expect([emb.rows, emb.cols]).toEqual([ours.rows, ours.cols]);
    expect(maxAbsDiff(emb.data, ours.data)).toBeLessThan(1e-5);
  });

  it('an exported softmax regression gives its probabilities (float32 weights, 1e-5)', async () => {
    const x64: Matrix<Float64Array> = { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data) };
    const model = await new SoftmaxRegression({ C: 1 }).fit(x64, labels);
    const out = await runOnnx(softmaxRegressionToOnnx(model), x, [ONNX_EXPORT_OUTPUTS.probabilities]);
    expect(maxAbsDiff(out['probabilities']!, await model.predictProba(x64))).toBeLessThan(1e-5);
  });

  it('rejects layers whose widths do not chain or whose arrays are the wrong length', () => {
    const layer = (inputs: number, outputs: number) => ({ inputs, outputs, weights: new Float32Array(inputs * outputs), bias: new Float32Array(outputs) });
    expect(() => denseClassifierToOnnx([], 'g')).toThrow(/at least one layer/);
    expect(() => denseClassifierToOnnx([layer(4, 3), layer(2, 2)], 'g')).toThrow(/layer 1 takes 2 inputs but layer 0 gives 3/);
    expect(() => denseClassifierToOnnx([{ ...layer(4, 3), bias: new Float32Array(2) }], 'g')).toThrow(/layer 0 is 3 x 4 but has 12 weights and 2 biases/);
    expect(() => mlpToOnnx(new Mlp({ rng: createRng(1) }))).toThrow(/before fit/);
  });
});
