/**
 * The attacker's surrogate model: a softmax regression fitted on standardised features, with the
 * per-row log-loss of any label and the analytic gradient of the loss with respect to the input
 * (what loss-maximising label flips and adversarial perturbations need).
 */
import type { Labels } from '../core/detector.js';
import type { Matrix } from '../core/matrix.js';
import { SoftmaxRegression } from '../models/softmax-regression.js';

/** Settings of {@link fitSoftmaxSurrogate}. */
export interface SurrogateOptions {
  /** Inverse L2 strength of the regression (default 1). */
  readonly C?: number;
  /** L-BFGS iteration budget (default 100). */
  readonly maxIterations?: number;
}

/** A fitted surrogate: the model and the standardisation it was fitted behind. */
export interface SoftmaxSurrogate {
  readonly model: SoftmaxRegression;
  /** Per-feature mean subtracted before the model. */
  readonly mean: Float64Array;
  /** Per-feature scale divided by (the standard deviation, 1 for a constant feature). */
  readonly scale: Float64Array;
  readonly classes: number;
}

/** Column means and standard deviations (population), a constant column scaled by 1. */
function standardisation(x: Matrix): { mean: Float64Array; scale: Float64Array } {
  const { rows: n, cols: d } = x;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= Math.max(1, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x.data[i * d + j]! - mean[j]!;
      scale[j]! += v * v;
    }
  }
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(scale[j]! / Math.max(1, n));
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

function standardise(s: SoftmaxSurrogate, x: Matrix): Matrix<Float64Array> {
  const { rows: n, cols: d } = x;
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) z[i * d + j] = (x.data[i * d + j]! - s.mean[j]!) / s.scale[j]!;
  return { rows: n, cols: d, data: z };
}

/**
 * Fits the surrogate: standardises every feature, then a softmax regression (deterministic).
 *
 * @example
 * const s = await fitSoftmaxSurrogate(x, { codes, classes: 2 });
 * const p = await surrogateProba(s, x);
 */
export async function fitSoftmaxSurrogate(x: Matrix, labels: Labels, options: SurrogateOptions = {}): Promise<SoftmaxSurrogate> {
  const { mean, scale } = standardisation(x);
  const model = new SoftmaxRegression({ C: options.C ?? 1, maxIterations: options.maxIterations ?? 100 });
  const partial: SoftmaxSurrogate = { model, mean, scale, classes: labels.classes };
  await model.fit(standardise(partial, x), labels);
  return partial;
}

/** Class probabilities of the surrogate, `rows x classes`. */
export async function surrogateProba(s: SoftmaxSurrogate, x: Matrix): Promise<Float64Array> {
  return s.model.predictProba(standardise(s, x));
}

/** Predicted class codes (the most probable class; the lowest code on a tie). */
export async function surrogatePredict(s: SoftmaxSurrogate, x: Matrix): Promise<Int32Array> {
  const p = await surrogateProba(s, x);
  const K = s.classes;
  const out = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (p[i * K + k]! > p[i * K + best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** The total log-loss −Σ log p(labels[i] | x_i) of the surrogate over the labelled rows (probabilities floored at 1e-300). */
export async function surrogateLoss(s: SoftmaxSurrogate, x: Matrix, labels: Int32Array): Promise<number> {
  const p = await surrogateProba(s, x);
  let loss = 0;
  for (let i = 0; i < x.rows; i++) {
    const y = labels[i]!;
    if (y >= 0) loss -= Math.log(Math.max(p[i * s.classes + y]!, 1e-300));
  }
  return loss;
}

/**
 * The gradient of each row's log-loss for its label with respect to the raw input:
 * ∂/∂x (−log p_y) = ((p − e_y)ᵀ W) ⊘ scale, where W (classes x features) acts on standardised inputs.
 */
export async function surrogateInputGradient(s: SoftmaxSurrogate, x: Matrix, labels: Int32Array): Promise<Matrix<Float64Array>> {
  const { rows: n, cols: d } = x;
  const K = s.classes;
  const p = await surrogateProba(s, x);
  const w = s.model.coefficients();
  const g = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let k = 0; k < K; k++) {
      const r = p[i * K + k]! - (labels[i] === k ? 1 : 0);
      if (r === 0) continue;
      for (let j = 0; j < d; j++) g[o + j]! += r * w[k * d + j]!;
    }
    for (let j = 0; j < d; j++) g[o + j]! /= s.scale[j]!;
  }
  return { rows: n, cols: d, data: g };
}
