import { describe, expect, it } from 'vitest';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { featureCollision } from './feature-collision.js';
import { represent, type Representation } from './representation.js';

const d = 5;
const e = 3;

function data(n: number, seed: number): { x: Matrix<Float64Array>; codes: Int32Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = i % 2;
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal() + (codes[i] === 1 ? 2 : -2);
  }
  return { x: { rows: n, cols: d, data: x }, codes };
}

function weights(seed: number): Matrix<Float64Array> {
  const rng = createRng(seed);
  return { rows: d, cols: e, data: Float64Array.from({ length: d * e }, () => rng.normal()) };
}

/** Solves A y = b (A n x n, row-major) by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, b: Float64Array): Float64Array {
  const n = b.length;
  const m = Float64Array.from(a);
  const y = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k]!, m[c * n + k]!];
    [y[c], y[p]] = [y[p]!, y[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / m[c * n + c]!;
      for (let k = c; k < n; k++) m[r * n + k]! -= f * m[c * n + k]!;
      y[r]! -= f * y[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = y[c]!;
    for (let k = c + 1; k < n; k++) s -= m[c * n + k]! * y[k]!;
    y[c] = s / m[c * n + c]!;
  }
  return y;
}

/** argmin ‖xW − tW‖² + β‖x − b‖²: (W Wᵀ + β I) x = W Wᵀ t + β b. */
function closedForm(w: Matrix<Float64Array>, t: Float64Array, b: Float64Array, beta: number): Float64Array {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < e; k++) a[i * d + j]! += w.data[i * e + k]! * w.data[j * e + k]!;
  const rhs = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) rhs[i]! += a[i * d + j]! * t[j]!;
    rhs[i]! += beta * b[i]!;
    a[i * d + i]! += beta;
  }
  return solve(a, rhs);
}

function distance(f: Representation, a: Float64Array, b: Float64Array): number {
  const fa = represent(f, a);
  const fb = represent(f, b);
  return Math.sqrt(fa.reduce((s, v, k) => s + (v - fb[k]!) ** 2, 0));
}

describe('featureCollision (Poison Frogs)', () => {
  const { x, codes } = data(60, 1);
  const labels = { codes, classes: 2 };
  const target = Float64Array.from({ length: d }, (_, j) => 2 + 0.1 * j); // a class-1 point
  const w = weights(2);
  const linear: Representation = { kind: 'linear', weights: w };

  it('moves base rows of the base class onto the target in representation space, keeping every label', () => {
    const r = featureCollision(x, labels, { targetInstance: target, baseClass: 0, rate: 0.2, seed: 3, representation: linear, beta: 0.05 });
    expect(r.manifest.eligible).toBe(30);
    expect(r.manifest.poisoned).toBe(6);
    expect(r.labels).toEqual(codes);
    for (let i = 0; i < x.rows; i++) {
      const before = x.data.subarray(i * d, (i + 1) * d);
      const after = r.x.data.subarray(i * d, (i + 1) * d);
      if (r.mask[i]) {
        expect(codes[i]).toBe(0);
        expect(distance(linear, after, target)).toBeLessThan(0.25 * distance(linear, before, target));
      } else {
        expect(Array.from(after)).toEqual(Array.from(before));
      }
    }
  });

  it('converges to the exact minimiser of ‖f(x) − f(t)‖² + β‖x − b‖² for a linear f', () => {
    const beta = 0.3;
    const r = featureCollision(x, labels, { targetInstance: target, baseClass: 0, rate: 0.1, seed: 4, representation: linear, beta, iterations: 3000 });
    let checked = 0;
    r.mask.forEach((m, i) => {
      if (!m) return;
      const expected = closedForm(w, target, x.data.slice(i * d, (i + 1) * d), beta);
      const got = r.x.data.subarray(i * d, (i + 1) * d);
      for (let j = 0; j < d; j++) expect(got[j]).toBeCloseTo(expected[j]!, 6);
      checked++;
    });
    expect(checked).toBe(3);
  });

  it('for the identity, lands at (t + β b) / (1 + β)', () => {
    const beta = 0.5;
    const r = featureCollision(x, labels, { targetInstance: target, baseClass: 0, rate: 0.1, seed: 4, beta, iterations: 400 });
    r.mask.forEach((m, i) => {
      if (!m) return;
      for (let j = 0; j < d; j++) expect(r.x.data[i * d + j]).toBeCloseTo((target[j]! + beta * x.data[i * d + j]!) / (1 + beta), 9);
    });
  });

  it('with a function f (numerical gradient) agrees with the same map given as a matrix', () => {
    const asFunction: Representation = { kind: 'function', embed: (row) => represent(linear, row) };
    const options = { targetInstance: target, baseClass: 0, rate: 0.1, seed: 4, beta: 0.3, iterations: 200, step: 0.02 };
    const exact = featureCollision(x, labels, { ...options, representation: linear });
    const numeric = featureCollision(x, labels, { ...options, representation: asFunction });
    expect(numeric.mask).toEqual(exact.mask);
    for (let q = 0; q < x.data.length; q++) expect(numeric.x.data[q]).toBeCloseTo(exact.x.data[q]!, 5);
    // A nonlinear f: the distance still falls.
    const tanh: Representation = { kind: 'function', embed: (row) => represent(linear, row).map((v) => Math.tanh(0.2 * v)) };
    const nl = featureCollision(x, labels, { ...options, representation: tanh, beta: 0.01, iterations: 300, step: 0.5 });
    nl.mask.forEach((m, i) => {
      if (m) expect(distance(tanh, nl.x.data.subarray(i * d, (i + 1) * d), target)).toBeLessThan(0.5 * distance(tanh, x.data.subarray(i * d, (i + 1) * d), target));
    });
  });

  it('keeps poisons in the clip box and rejects a target of the wrong width', () => {
    const r = featureCollision(x, labels, { targetInstance: target, baseClass: 0, rate: 0.5, seed: 4, clip: [-2.5, 1] });
    r.mask.forEach((m, i) => {
      if (m) for (let j = 0; j < d; j++) expect(r.x.data[i * d + j]).toBeLessThanOrEqual(1);
    });
    expect(() => featureCollision(x, labels, { targetInstance: new Float64Array(3), baseClass: 0, rate: 0.5, seed: 4 })).toThrow(/target instance has 3 features, the data 5/);
  });
});
