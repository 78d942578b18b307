// Multinomial logistic regression with an L2 penalty (as scikit-learn's LogisticRegression(multi_class='multinomial')), fitted by L-BFGS (Liu & Nocedal 1989).
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { matmul, matmulTransposedB } from '../kernels/matmul.js';
import { decodeModelTensor, encodeModelTensor, expectNumber, MODEL_JSON_FORMAT, modelJsonError, readModelEnvelope, type ModelJson, type ModelJsonTensor } from './model-json.js';

/** Settings of {@link SoftmaxRegression}. */
export interface SoftmaxRegressionOptions {
  /** Inverse L2 strength, as scikit-learn's `C` (default 1): the objective is Σ log-loss + ‖W‖² / (2C); intercepts are not penalised. */
  readonly C?: number;
  /** The iteration budget of L-BFGS (default 100, scikit-learn's `max_iter`). */
  readonly maxIterations?: number;
  /** Stop when the largest gradient entry of the mean objective is at most this (default 1e-6). */
  readonly tolerance?: number;
  /** Correction pairs L-BFGS keeps (default 10). */
  readonly memory?: number;
}

/** How the last {@link SoftmaxRegression.fit} ended. */
export interface SoftmaxFitSummary {
  /** L-BFGS iterations run. */
  readonly iterations: number;
  /** Objective and gradient evaluations (line-search trials included). */
  readonly evaluations: number;
  /** Whether the gradient tolerance was met within the budget. */
  readonly converged: boolean;
  /** The mean objective at the solution: (Σ log-loss + ‖W‖² / (2C)) / n. */
  readonly objective: number;
}

/** The current version of the softmax regression's model file. */
export const SOFTMAX_REGRESSION_JSON_VERSION = 1;

/** The stored form of a {@link SoftmaxRegression} (see `model-json.ts` for the envelope). */
export type SoftmaxRegressionJson = ModelJson<
  Required<SoftmaxRegressionOptions>,
  { readonly features: number; readonly classes: number; readonly weights: ModelJsonTensor; readonly intercepts: ModelJsonTensor }
>;

/** Mean objective and its gradient at a parameter vector. */
type Objective = (theta: Float64Array, gradient: Float64Array) => Promise<number>;

/**
 * Multinomial logistic regression (softmax over K linear scores) with an L2 penalty on the
 * weights, fitted by full-batch L-BFGS from zero: deterministic, no randomness involved. Its
 * probabilities agree with scikit-learn's `LogisticRegression(multi_class='multinomial', C)` at
 * the optimum (the test pins them to 1e-6). The products run through the kernels' `matmul`, so
 * large inputs use the onnxruntime path.
 *
 * Rows whose label is -1 (missing) are left out of the fit. A class with no rows gets ever lower
 * scores as the iterations go on (its probability tends to 0).
 *
 * @example
 * const model = await new SoftmaxRegression({ C: 1 }).fit(x, { codes, classes: 3 });
 * const p = await model.predictProba(x); // p[i * 3 + k] = P(class k | row i)
 */
export class SoftmaxRegression {
  /** Inverse regularisation strength. */
  readonly C: number;
  /** L-BFGS iteration budget. */
  readonly maxIterations: number;
  /** Gradient tolerance (largest entry, mean objective). */
  readonly tolerance: number;
  /** L-BFGS memory. */
  readonly memory: number;
  private weights: Float64Array | undefined;
  private intercepts: Float64Array | undefined;
  private features = 0;
  private classCount = 0;
  private summary: SoftmaxFitSummary | undefined;

  /** Stores the settings; throws `invalid_input` for a non-positive C, budget, tolerance or memory. */
  constructor(options: SoftmaxRegressionOptions = {}) {
    this.C = options.C ?? 1;
    this.maxIterations = options.maxIterations ?? 100;
    this.tolerance = options.tolerance ?? 1e-6;
    this.memory = options.memory ?? 10;
    if (!(this.C > 0) || !Number.isFinite(this.C)) throw invalidInput(`softmax regression: C = ${this.C} must be a positive finite number`);
    if (!Number.isInteger(this.maxIterations) || this.maxIterations < 1) {
      throw invalidInput(`softmax regression: maxIterations = ${this.maxIterations} must be a positive integer`);
    }
    if (typeof this.tolerance !== 'number' || !(this.tolerance > 0)) throw invalidInput(`softmax regression: tolerance = ${this.tolerance} must be positive`);
    if (!Number.isInteger(this.memory) || this.memory < 1) throw invalidInput(`softmax regression: memory = ${this.memory} must be a positive integer`);
  }

  /**
   * Fits the weights (K x d) and intercepts (K) to the labelled rows of `x`.
   *
   * @throws AntidoteError `invalid_input` for a malformed matrix, a non-finite value, labels of the
   *   wrong length or out of range, or no labelled row.
   */
  async fit(x: Matrix, labels: Labels): Promise<this> {
    checkMatrix(x, 'x');
    const { rows: n, cols: d } = x;
    const K = labels.classes;
    if (!Number.isInteger(K) || K < 1) throw invalidInput(`softmax regression: labels.classes = ${K} must be a positive integer`);
    if (labels.codes.length !== n) {
      throw invalidInput(`softmax regression: ${labels.codes.length} labels for ${n} rows; give one label per row`);
    }
    const kept: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = labels.codes[i]!;
      if (!Number.isInteger(c) || c < -1 || c >= K) throw invalidInput(`softmax regression: label ${c} of row ${i} must be -1 (missing) or within [0, ${K})`);
      if (c >= 0) kept.push(i);
    }
    if (kept.length === 0) throw invalidInput('softmax regression: no labelled row to fit (every label is -1)');

    const m = kept.length;
    const xs = new Float64Array(m * d);
    const y = new Int32Array(m);
    for (let r = 0; r < m; r++) {
      const i = kept[r]!;
      for (let j = 0; j < d; j++) xs[r * d + j] = x.data[i * d + j]!;
      y[r] = labels.codes[i]!;
    }
    const design: Matrix<Float64Array> = { rows: m, cols: d, data: xs };
    const objective = softmaxObjective(design, y, K, this.C);
    const theta = new Float64Array(K * d + K);
    const result = await minimiseLbfgs(objective, theta, this.maxIterations, this.tolerance, this.memory);
    this.weights = theta.slice(0, K * d);
    this.intercepts = theta.slice(K * d);
    this.features = d;
    this.classCount = K;
    this.summary = result;
    return this;
  }

  /**
   * Class probabilities, row-major `rows x classes`: softmax of `x · Wᵀ + b`.
   *
   * @throws AntidoteError `invalid_input` before fit, or for a matrix of the wrong width or with non-finite values.
   */
  async predictProba(x: Matrix): Promise<Float64Array> {
    const w = this.weights;
    const b = this.intercepts;
    if (!w || !b) throw invalidInput('softmax regression: predictProba called before fit');
    checkMatrix(x, 'x');
    if (x.cols !== this.features) throw invalidInput(`softmax regression: x has ${x.cols} columns, the model was fitted on ${this.features}`);
    const K = this.classCount;
    const n = x.rows;
    const xs: Matrix<Float64Array> = { rows: n, cols: x.cols, data: x.data instanceof Float64Array ? x.data : Float64Array.from(x.data) };
    const zt = (await matmulTransposedB({ rows: K, cols: this.features, data: w }, xs)).data;
    const p = new Float64Array(n * K);
    for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) p[i * K + k] = zt[k * n + i]!;
    softmaxRowsInPlace(p, n, K, b);
    return p;
  }

  /** The fitted weights, row-major `classes x features` (a copy). */
  coefficients(): Float64Array {
    if (!this.weights) throw invalidInput('softmax regression: coefficients requested before fit');
    return this.weights.slice();
  }

  /** The fitted intercepts, one per class (a copy). */
  interceptValues(): Float64Array {
    if (!this.intercepts) throw invalidInput('softmax regression: intercepts requested before fit');
    return this.intercepts.slice();
  }

  /** How the last fit ended (iterations, convergence, objective). */
  fitSummary(): SoftmaxFitSummary {
    if (!this.summary) throw invalidInput('softmax regression: fitSummary requested before fit (a loaded model keeps no summary)');
    return this.summary;
  }

  /**
   * The fitted model as a versioned JSON document (settings, weights and intercepts in float64).
   *
   * @example
   * await writeFile('softmax.json', JSON.stringify(model.toJSON()));
   */
  toJSON(): SoftmaxRegressionJson {
    if (!this.weights || !this.intercepts) throw invalidInput('softmax regression: toJSON called before fit');
    return {
      format: MODEL_JSON_FORMAT,
      kind: 'softmax-regression',
      version: SOFTMAX_REGRESSION_JSON_VERSION,
      config: { C: this.C, maxIterations: this.maxIterations, tolerance: this.tolerance, memory: this.memory },
      state: {
        features: this.features,
        classes: this.classCount,
        weights: encodeModelTensor(this.weights, [this.classCount, this.features]),
        intercepts: encodeModelTensor(this.intercepts, [this.classCount]),
      },
    };
  }

  /**
   * A fitted model from the document {@link SoftmaxRegression.toJSON} wrote; its predictions are
   * bit-identical to the saved model's.
   *
   * @throws AntidoteError `invalid_input` naming the field at fault: not a softmax-regression file,
   *   a version this code does not read, a setting out of range, or weights of the wrong shape or not finite.
   *
   * @example
   * const model = SoftmaxRegression.fromJSON(JSON.parse(await readFile('softmax.json', 'utf8')));
   */
  static fromJSON(json: unknown): SoftmaxRegression {
    const { config, state } = readModelEnvelope(json, 'softmax-regression', SOFTMAX_REGRESSION_JSON_VERSION);
    let model: SoftmaxRegression;
    try {
      model = new SoftmaxRegression(config as SoftmaxRegressionOptions);
    } catch (e) {
      throw modelJsonError(e instanceof Error ? e.message : String(e), ['config']);
    }
    const d = expectNumber(state['features'], ['state', 'features'], 'positive integer');
    const K = expectNumber(state['classes'], ['state', 'classes'], 'positive integer');
    model.weights = decodeModelTensor(state['weights'], ['state', 'weights'], 'float64', [K, d]);
    model.intercepts = decodeModelTensor(state['intercepts'], ['state', 'intercepts'], 'float64', [K]);
    model.features = d;
    model.classCount = K;
    return model;
  }
}

function checkMatrix(x: Matrix, name: string): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 1 || x.data.length !== x.rows * x.cols) {
    throw invalidInput(`softmax regression: ${name} is ${x.rows} x ${x.cols} with ${x.data.length} values; it needs at least one column and rows * cols values`);
  }
  for (let p = 0; p < x.data.length; p++) {
    if (!Number.isFinite(x.data[p]!)) {
      throw invalidInput(`softmax regression: ${name}[${Math.floor(p / x.cols)}][${p % x.cols}] is ${x.data[p]}; every value must be finite`);
    }
  }
}

/** Adds the intercepts to each row of scores and turns it into probabilities, stably (max subtracted). */
function softmaxRowsInPlace(z: Float64Array, n: number, K: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const o = i * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      const v = z[o + k]! + b[k]!;
      z[o + k] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(z[o + k]! - max);
      z[o + k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) z[o + k]! /= sum;
  }
}

/**
 * The mean penalised multinomial log-loss over θ = [W (K x d, row-major), b (K)] and its gradient:
 * f = (Σ_i (logsumexp(z_i) − z_{i,y_i}) + ‖W‖² / (2C)) / n, z = X Wᵀ + b. The scores are computed
 * transposed, W Xᵀ (K x n): onnxruntime's float64 Gemm is about twice as fast in that orientation
 * for few classes, and the residuals P − Y are then already laid out for the gradient (P − Y)ᵀ X.
 */
function softmaxObjective(x: Matrix<Float64Array>, y: Int32Array, K: number, C: number): Objective {
  const { rows: n, cols: d } = x;
  const residualT = new Float64Array(K * n);
  const rowMax = new Float64Array(n);
  const rowSum = new Float64Array(n);
  return async (theta, gradient) => {
    const w = theta.subarray(0, K * d);
    const b = theta.subarray(K * d);
    const zt = (await matmulTransposedB({ rows: K, cols: d, data: w }, x)).data;
    // Class-major passes over the K x n scores keep every access sequential.
    rowMax.fill(-Infinity);
    for (let k = 0; k < K; k++) {
      const bk = b[k]!;
      for (let i = 0, o = k * n; i < n; i++, o++) {
        const v = zt[o]! + bk;
        zt[o] = v;
        if (v > rowMax[i]!) rowMax[i] = v;
      }
    }
    rowSum.fill(0);
    for (let k = 0; k < K; k++) {
      for (let i = 0, o = k * n; i < n; i++, o++) {
        const t = Math.exp(zt[o]! - rowMax[i]!);
        residualT[o] = t;
        rowSum[i]! += t;
      }
    }
    let loss = 0;
    for (let i = 0; i < n; i++) loss += rowMax[i]! + Math.log(rowSum[i]!) - zt[y[i]! * n + i]!;
    for (let k = 0; k < K; k++) for (let i = 0, o = k * n; i < n; i++, o++) residualT[o]! /= rowSum[i]!;
    for (let i = 0; i < n; i++) residualT[y[i]! * n + i]! -= 1;
    const gw = await matmul({ rows: K, cols: n, data: residualT }, x);
    let penalty = 0;
    for (let q = 0; q < K * d; q++) {
      penalty += w[q]! * w[q]!;
      gradient[q] = (gw.data[q]! + w[q]! / C) / n;
    }
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += residualT[k * n + i]!;
      gradient[K * d + k] = s / n;
    }
    return (loss + penalty / (2 * C)) / n;
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/**
 * Minimises a smooth convex objective in place from `theta` by L-BFGS: the two-loop recursion
 * for the direction, a backtracking line search with the Armijo condition (c1 = 1e-4), and a
 * correction pair kept only when its curvature sᵀy is positive.
 */
async function minimiseLbfgs(f: Objective, theta: Float64Array, maxIterations: number, tolerance: number, memory: number): Promise<SoftmaxFitSummary> {
  const size = theta.length;
  const g = new Float64Array(size);
  let evaluations = 1;
  let fx = await f(theta, g);
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  const direction = new Float64Array(size);
  const alpha = new Float64Array(memory);
  const trial = new Float64Array(size);
  const gTrial = new Float64Array(size);
  let iterations = 0;
  let converged = maxAbs(g) <= tolerance;
  while (!converged && iterations < maxIterations) {
    // Two-loop recursion: direction = −H g.
    direction.set(g);
    for (let j = s.length - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(s[j]!, direction);
      const yj = yv[j]!;
      for (let q = 0; q < size; q++) direction[q]! -= alpha[j]! * yj[q]!;
    }
    const gamma = s.length > 0 ? dot(s[s.length - 1]!, yv[yv.length - 1]!) / dot(yv[yv.length - 1]!, yv[yv.length - 1]!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let q = 0; q < size; q++) direction[q]! *= gamma;
    for (let j = 0; j < s.length; j++) {
      const beta = rho[j]! * dot(yv[j]!, direction);
      const sj = s[j]!;
      for (let q = 0; q < size; q++) direction[q]! += sj[q]! * (alpha[j]! - beta);
    }
    for (let q = 0; q < size; q++) direction[q] = -direction[q]!;
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): restart from steepest descent.
      s.length = 0;
      yv.length = 0;
      rho.length = 0;
      for (let q = 0; q < size; q++) direction[q] = -g[q]! / Math.max(1, Math.sqrt(dot(g, g)));
      slope = dot(g, direction);
    }
    let step = 1;
    let fTrial = fx;
    let accepted = false;
    for (let attempt = 0; attempt < 40; attempt++) {
      for (let q = 0; q < size; q++) trial[q] = theta[q]! + step * direction[q]!;
      fTrial = await f(trial, gTrial);
      evaluations++;
      // Near the optimum the decrease Armijo asks for drops below the rounding of f: then a step
      // that keeps f within rounding and shrinks the gradient is progress too.
      const flat = Math.abs(fTrial - fx) <= 4 * Number.EPSILON * Math.max(1, Math.abs(fx)) && maxAbs(gTrial) < maxAbs(g);
      if (Number.isFinite(fTrial) && (fTrial <= fx + 1e-4 * step * slope || flat)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    iterations++;
    if (!accepted) break;
    const sNew = new Float64Array(size);
    const yNew = new Float64Array(size);
    for (let q = 0; q < size; q++) {
      sNew[q] = trial[q]! - theta[q]!;
      yNew[q] = gTrial[q]! - g[q]!;
    }
    const sy = dot(sNew, yNew);
    theta.set(trial);
    g.set(gTrial);
    fx = fTrial;
    if (sy > 1e-12 * Math.max(1, dot(yNew, yNew))) {
      if (s.length === memory) {
        s.shift();
        yv.shift();
        rho.shift();
      }
      s.push(sNew);
      yv.push(yNew);
      rho.push(1 / sy);
    }
    converged = maxAbs(g) <= tolerance;
  }
  return { iterations, evaluations, converged, objective: fx };
}
