import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { encodeOnnxModel, type OnnxDim } from '../kernels/onnx-model.js';
import { extractEmbeddings } from './onnx-embeddings.js';

const dir = mkdtempSync(join(tmpdir(), 'antidote-onnx-emb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const D_IN = 5;
const D_HIDDEN = 4;
const D_OUT = 3;

/** Seeded weights of a 5 -> 4 (ReLU) -> 3 MLP. */
function weights(seed: number): { w1: Float32Array; b1: Float32Array; w2: Float32Array; b2: Float32Array } {
  const rng = createRng(seed);
  const draw = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  return { w1: draw(D_IN * D_HIDDEN), b1: draw(D_HIDDEN), w2: draw(D_HIDDEN * D_OUT), b2: draw(D_OUT) };
}

/** Writes the MLP as an ONNX file exposing the hidden layer `hidden` beside the `logits`. */
function writeMlp(name: string, w: ReturnType<typeof weights>, options: { batch?: OnnxDim; scale?: number } = {}): string {
  const batch = options.batch ?? 'batch';
  const bytes = encodeOnnxModel({
    graph: {
      name: 'mlp',
      inputs: [{ name: 'x', elemType: 'float32', shape: [batch, D_IN] }],
      outputs: [
        { name: 'logits', elemType: 'float32', shape: [batch, D_OUT] },
        { name: 'hidden', elemType: 'float32', shape: [batch, D_HIDDEN] },
      ],
      initializers: [
        { name: 'W1', elemType: 'float32', dims: [D_IN, D_HIDDEN], data: w.w1 },
        { name: 'b1', elemType: 'float32', dims: [D_HIDDEN], data: w.b1 },
        { name: 'W2', elemType: 'float32', dims: [D_HIDDEN, D_OUT], data: w.w2 },
        { name: 'b2', elemType: 'float32', dims: [D_OUT], data: w.b2 },
        { name: 's', elemType: 'float32', dims: [], data: [options.scale ?? 1] },
      ],
      nodes: [
        { opType: 'Gemm', inputs: ['x', 'W1', 'b1'], outputs: ['pre'] },
        { opType: 'Relu', inputs: ['pre'], outputs: ['relu'] },
        { opType: 'Mul', inputs: ['relu', 's'], outputs: ['hidden'] },
        { opType: 'Gemm', inputs: ['hidden', 'W2', 'b2'], outputs: ['logits'] },
      ],
    },
  });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The hidden layer computed in plain TypeScript (double precision). */
function hiddenReference(x: Matrix<Float32Array>, w: ReturnType<typeof weights>): Float64Array {
  const out = new Float64Array(x.rows * D_HIDDEN);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < D_HIDDEN; j++) {
      let s = w.b1[j]!;
      for (let k = 0; k < D_IN; k++) s += x.data[i * D_IN + k]! * w.w1[k * D_HIDDEN + j]!;
      out[i * D_HIDDEN + j] = Math.max(0, s);
    }
  }
  return out;
}

function randomRows(rows: number, cols: number, seed: number): Matrix<Float32Array> {
  const rng = createRng(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => rng.normal()) };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function caught(p: Promise<unknown>): Promise<AntidoteError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AntidoteError);
    return e as AntidoteError;
  }
  throw new Error('expected an AntidoteError');
}

describe('extractEmbeddings', () => {
  const w = weights(7);
  const model = writeMlp('mlp.onnx', w);

  it('returns the hidden layer the model exposes, equal to the same computation in TypeScript, across uneven batches', async () => {
    const x = randomRows(103, D_IN, 1);
    const seen: number[] = [];
    const progress = { start: () => {}, update: (d: number) => seen.push(d), finish: () => {} };
    const emb = await extractEmbeddings(model, x, { output: 'hidden', batchSize: 16, progress });
    expect(emb.rows).toBe(103);
    expect(emb.cols).toBe(D_HIDDEN);
    expect(emb.data).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(emb.data, hiddenReference(x, w))).toBeLessThan(1e-5);
    expect(seen.at(-1)).toBe(103);
    expect(seen).toHaveLength(7);
    // The same with one batch, and the final output is reachable too.
    const whole = await extractEmbeddings(model, x, { output: 'hidden', inputName: 'x' });
    expect(maxAbsDiff(whole.data, emb.data)).toBe(0);
    const logits = await extractEmbeddings(model, x, { output: 'logits' });
    expect(logits.cols).toBe(D_OUT);
  });

  it('runs a model with a fixed batch size of 1', async () => {
    const fixed = writeMlp('mlp-b1.onnx', w, { batch: 1 });
    const x = randomRows(9, D_IN, 2);
    const emb = await extractEmbeddings(fixed, x, { output: 'hidden' });
    expect(emb.rows).toBe(9);
    expect(maxAbsDiff(emb.data, hiddenReference(x, w))).toBeLessThan(1e-5);
  });

  it('rejects an unknown output, listing the outputs the model has', async () => {
    const e = await caught(extractEmbeddings(model, randomRows(4, D_IN, 3), { output: 'penultimate' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('"penultimate"');
    expect(e.message).toContain('"logits"');
    expect(e.message).toContain('"hidden"');
    expect(e.location?.file).toBe(model);
  });

  it('rejects data whose width differs from the model input, giving both widths', async () => {
    const e = await caught(extractEmbeddings(model, randomRows(4, 7, 4), { output: 'hidden' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/takes rows of 5 values .* but the data has 7 columns/);
  });

  it('rejects an unknown input name', async () => {
    const e = await caught(extractEmbeddings(model, randomRows(4, D_IN, 5), { output: 'hidden', inputName: 'pixels' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('its inputs: "x"');
  });

  it('rejects NaN or infinite values in the output', async () => {
    const nan = writeMlp('mlp-nan.onnx', w, { scale: Number.NaN });
    const e = await caught(extractEmbeddings(nan, randomRows(4, D_IN, 6), { output: 'hidden' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/NaN or infinite/);
    expect(e.message).toContain('row 1');
  });

  it('says when the file is missing or is not a model', async () => {
    expect((await caught(extractEmbeddings(join(dir, 'none.onnx'), randomRows(2, D_IN, 7), { output: 'hidden' }))).code).toBe('not_found');
    const junk = join(dir, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    const e = await caught(extractEmbeddings(junk, randomRows(2, D_IN, 7), { output: 'hidden' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/onnxruntime can load/);
  });
});
