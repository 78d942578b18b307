import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { flatMlpLayers, flatMlpParameterCount, initialFlatMlp } from './flat-mlp.js';
import { localSgdUpdate } from './local-sgd.js';

describe('flat MLP', () => {
  it('counts and lays out weights then biases per layer, as views into one array', () => {
    expect(flatMlpParameterCount([784, 32, 10])).toBe(784 * 32 + 32 + 32 * 10 + 10);
    const params = new Float32Array(flatMlpParameterCount([3, 2, 2]));
    const layers = flatMlpLayers([3, 2, 2], params);
    layers[1]!.bias[1] = 7;
    expect(params[params.length - 1]).toBe(7);
    expect(layers.map((l) => [l.weights.length, l.bias.length])).toEqual([[6, 2], [4, 2]]);
    expect(() => flatMlpLayers([3, 2], new Float32Array(5))).toThrow(/5 parameters given; widths \[3, 2\] have 8/);
  });

  it('initialises like Mlp (He normal weights, zero biases), the same for the same seed', () => {
    const a = initialFlatMlp([100, 20, 10], createRng(1));
    expect(a).toEqual(initialFlatMlp([100, 20, 10], createRng(1)));
    const [first] = flatMlpLayers([100, 20, 10], a);
    const w = first!.weights;
    const sd = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(sd).toBeGreaterThan(Math.sqrt(2 / 100) * 0.9);
    expect(sd).toBeLessThan(Math.sqrt(2 / 100) * 1.1);
    expect(first!.bias.every((v) => v === 0)).toBe(true);
  });
});

describe('localSgdUpdate', () => {
  it('one full-batch step of softmax regression is −η times the mean cross-entropy gradient (float64 by hand)', async () => {
    const rng = createRng(2);
    const n = 6;
    const d = 4;
    const K = 3;
    const x = Float32Array.from({ length: n * d }, () => rng.normal());
    const codes = Int32Array.of(0, 1, 2, 2, 1, 0);
    const params = Float32Array.from({ length: d * K + K }, () => 0.3 * rng.normal());
    const eta = 0.5;
    const update = await localSgdUpdate([d, K], params, { x: { rows: n, cols: d, data: x }, labels: { codes, classes: K } }, { epochs: 1, batchSize: n, learningRate: eta }, createRng(1));
    const W = params.subarray(0, d * K);
    const b = params.subarray(d * K);
    const gW = new Float64Array(K * d);
    const gb = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      const z = Array.from({ length: K }, (_, k) => b[k]! + Array.from({ length: d }, (_, j) => W[k * d + j]! * x[i * d + j]!).reduce((s, v) => s + v, 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((s, v) => s + v, 0);
      for (let k = 0; k < K; k++) {
        const g = (e[k]! / sum - (codes[i] === k ? 1 : 0)) / n;
        gb[k]! += g;
        for (let j = 0; j < d; j++) gW[k * d + j]! += g * x[i * d + j]!;
      }
    }
    Array.from(gW).forEach((g, q) => expect(update[q]).toBeCloseTo(-eta * g, 6));
    Array.from(gb).forEach((g, k) => expect(update[d * K + k]).toBeCloseTo(-eta * g, 6));
    expect(params.subarray(0, 3)).toEqual(params.slice(0, 3)); // the global parameters are untouched
  });

  it('lowers the training loss of a hidden-layer MLP and is reproducible for a seed', async () => {
    const rng = createRng(4);
    const n = 200;
    const d = 5;
    const x = Float32Array.from({ length: n * d }, () => rng.normal());
    const codes = Int32Array.from({ length: n }, (_, i) => (x[i * d]! + x[i * d + 1]! > 0 ? 1 : 0));
    const shard = { x: { rows: n, cols: d, data: x }, labels: { codes, classes: 2 } };
    const sizes = [d, 8, 2];
    const params = initialFlatMlp(sizes, createRng(1));
    const training = { epochs: 5, batchSize: 16, learningRate: 0.2 };
    const a = await localSgdUpdate(sizes, params, shard, training, createRng(9));
    expect(await localSgdUpdate(sizes, params, shard, training, createRng(9))).toEqual(a);
    const after = params.map((v, p) => v + a[p]!);
    const { flatMlpAccuracy } = await import('./model-evaluation.js');
    expect(await flatMlpAccuracy(sizes, after, shard)).toBeGreaterThan(0.9);
  });
});
