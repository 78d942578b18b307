/**
 * Quantum entropy (QUE) scores (Dong, Hopkins & Li, "Quantum Entropy Scoring for Fast Robust Mean
 * Estimation and Improved Outlier Detection", NeurIPS 2019): for whitened rows y with second
 * moment S, τ(y) = yᵀ Q y with Q = exp(α (S − I) / (‖S‖ − 1)) / tr(exp(...)). α = 0 weighs all
 * directions alike (squared norm); large α keeps only the top direction (spectral signatures).
 */
import type { Matrix } from '../../core/matrix.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Q in its eigenbasis: unit directions (rows) and weights summing to 1. */
export interface QueModel {
  readonly p: number;
  readonly directions: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Q for whitened rows (n x p). When no direction has excess variance (‖S‖ <= 1) the exponent's
 * denominator is floored at 1e-9, which puts all the weight on the top direction.
 */
export function queModel(y: Matrix<Float64Array>, alpha: number): QueModel {
  const { rows: n, cols: p, data } = y;
  const s = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const ya = data[i * p + a]!;
      for (let b = a; b < p; b++) s[a * p + b]! += ya * data[i * p + b]!;
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      s[a * p + b]! /= Math.max(1, n);
      s[b * p + a] = s[a * p + b]!;
    }
  }
  const { values, vectors } = symmetricEigen(s, p);
  const denom = Math.max(values[0]! - 1, 1e-9);
  const exponents = values.map((v) => (alpha * (v - 1)) / denom);
  const top = Math.max(...exponents);
  const weights = exponents.map((e) => Math.exp(e - top));
  let total = 0;
  for (const w of weights) total += w;
  for (let j = 0; j < p; j++) weights[j]! /= total;
  return { p, directions: vectors, weights };
}

/** τ of one whitened row: Σ_j w_j (u_j · y)². */
export function queScore(model: QueModel, y: ArrayLike<number>, offset = 0): number {
  const { p, directions, weights } = model;
  let tau = 0;
  for (let j = 0; j < p; j++) {
    let dot = 0;
    for (let q = 0; q < p; q++) dot += directions[j * p + q]! * y[offset + q]!;
    tau += weights[j]! * dot * dot;
  }
  return tau;
}
