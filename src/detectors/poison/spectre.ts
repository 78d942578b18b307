// SPECTRE: Hayase, Kong, Somani & Oh, "SPECTRE: Defending Against Backdoor Attacks Using Robust Statistics" (ICML 2021).
import type { DetectorInput, DetectorOptions, Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { matmulTransposedBSync } from '../../kernels/matmul.js';
import { centreColumns } from './column-centring.js';
import { checkContamination, contaminationOffset } from './contamination-offset.js';
import { checkFeatures, checkLabels, checkRng, checkScoringFeatures, gatherRows, membersByClass } from './poison-input.js';
import { queModel, queScore, type QueModel } from './quantum-entropy-scores.js';
import { robustCovariance } from './robust-covariance.js';
import { ScoreOffsetDetector } from './score-offset-detector.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { topEigenvectors } from './top-eigenvectors.js';

/** Parameters of {@link Spectre}. */
export interface SpectreParams {
  /** Principal directions kept per class before the robust estimate (the paper's k; default 32). */
  readonly dims?: number;
  /** QUE's α (default 4, as the paper). */
  readonly alpha?: number;
  /** Random starts of the robust covariance besides the classical one (default 4). */
  readonly starts?: number;
}

/** Options of {@link createSpectre}. */
export type SpectreOptions = DetectorOptions & SpectreParams;

interface SpectreClassModel {
  readonly mean: Float64Array;
  /** PCA basis, r x d. */
  readonly basis: Float64Array;
  readonly r: number;
  readonly robustMean: Float64Array;
  /** Σ^{-1/2}, r x r, symmetric. */
  readonly whitening: Float64Array;
  readonly que: QueModel;
}

interface SpectreState {
  readonly cols: number;
  readonly classes: number;
  readonly models: readonly (SpectreClassModel | undefined)[];
}

/**
 * SPECTRE for backdoors at small poison fractions: per class, project the centred
 * representations on their top `dims` principal directions, estimate mean and covariance
 * robustly (so the poison cannot hide its direction in the estimate), whiten with that
 * estimate, and score each row by quantum entropy (QUE, α = 4) in the whitened space: poisons
 * stand out along the direction whose variance the whitening did not absorb. Score = −τ (lower =
 * more suspicious; τ is about 1 for clean whitened rows in every class, so classes compare); the
 * offset is the contamination percentile of the fit scores.
 *
 * Simplified relative to the paper:
 * - the robust estimate is a minimum-covariance-determinant one (FastMCD concentration steps over
 *   half the class, consistency correction and reweighting, see {@link robustCovariance}) instead
 *   of the paper's filtering-based robust covariance estimation, which takes ε as input: half the
 *   class is the most robust choice, and poisons that are a small share of the data can still be
 *   a large share of their target class;
 * - k is fixed (`dims`, capped by the width and the class size) instead of chosen by the paper's
 *   search over several k;
 * - rows are ranked and cut at the contamination percentile over all classes, not by removing
 *   1.5ε of each class.
 * New rows are scored with the fitted projection, whitening and Q. Classes with fewer than 4 rows
 * and rows labelled -1 score 0.
 *
 * @example
 * const d = await createSpectre({ rng: createRng(1), contamination: 0.02 }).fit(embeddings, labels);
 */
export class Spectre extends ScoreOffsetDetector {
  readonly name = 'spectre';
  readonly requires: readonly DetectorInput[] = ['embeddings', 'labels'];
  /** Principal directions kept. */
  readonly dims: number;
  /** QUE α. */
  readonly alpha: number;
  /** Random starts of the robust estimate. */
  readonly starts: number;
  /** Expected poison share (sets the offset). */
  readonly contamination: number;
  private readonly rng: Rng;
  private state: SpectreState | undefined;

  /** Stores and checks the parameters; `invalid_input` for any out of range. */
  constructor(options: SpectreOptions) {
    super();
    this.rng = checkRng(options.rng, 'spectre');
    this.contamination = checkContamination(options.contamination, 'spectre');
    this.dims = options.dims ?? 32;
    this.alpha = options.alpha ?? 4;
    this.starts = options.starts ?? 4;
    if (!Number.isInteger(this.dims) || this.dims < 1) throw invalidInput(`spectre: dims = ${String(this.dims)} must be a positive integer`);
    if (!(this.alpha >= 0) || !Number.isFinite(this.alpha)) throw invalidInput(`spectre: alpha = ${String(this.alpha)} must be a finite number >= 0`);
    if (!Number.isInteger(this.starts) || this.starts < 0) throw invalidInput(`spectre: starts = ${String(this.starts)} must be a non-negative integer`);
  }

  /** Fits each class's projection, robust whitening and QUE weights, and sets the offset; `invalid_input` without labels or with bad values. */
  async fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this> {
    checkFeatures(x, this.name, 2);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    const members = membersByClass(codes, classes);
    const models: (SpectreClassModel | undefined)[] = [];
    for (const rows of members) {
      const r = Math.min(this.dims, x.cols, rows.length - 2);
      if (rows.length < 4 || r < 1) {
        models.push(undefined);
        continue;
      }
      const m = gatherRows(x, rows);
      const mean = centreColumns(m);
      const { vectors: basis } = await topEigenvectors(m, r, this.rng);
      const z = matmulTransposedBSync(m, { rows: r, cols: x.cols, data: basis });
      const robust = robustCovariance(z, this.rng, { starts: this.starts });
      const whitening = inverseSquareRoot(robust.covariance, r);
      const y = new Float64Array(rows.length * r);
      for (let i = 0; i < rows.length; i++) whiten(z.data, i * r, robust.mean, whitening, r, y, i * r);
      const que = queModel({ rows: rows.length, cols: r, data: y }, this.alpha);
      models.push({ mean, basis, r, robustMean: robust.mean, whitening, que });
    }
    this.state = { cols: x.cols, classes, models };
    this.offset = contaminationOffset(scoreWith(this.state, x, codes), this.contamination);
    return this;
  }

  /** Minus the QUE score of each row under its class's fitted model. */
  async scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array> {
    const s = this.requireFitted(this.state);
    checkScoringFeatures(x, s.cols, this.name);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    if (classes !== s.classes) throw invalidInput(`spectre: labels have ${classes} classes, the detector was fitted with ${s.classes}`);
    return Promise.resolve(scoreWith(s, x, codes));
  }
}

/** −τ of every row under its class's model (0 without one). */
function scoreWith(s: SpectreState, x: Matrix, codes: Int32Array): Float64Array {
  const d = x.cols;
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    const model = codes[i]! >= 0 ? s.models[codes[i]!] : undefined;
    if (!model) continue;
    const { r } = model;
    const z = new Float64Array(r);
    for (let q = 0; q < r; q++) {
      let v = 0;
      for (let j = 0; j < d; j++) v += (x.data[i * d + j]! - model.mean[j]!) * model.basis[q * d + j]!;
      z[q] = v;
    }
    const y = new Float64Array(r);
    whiten(z, 0, model.robustMean, model.whitening, r, y, 0);
    out[i] = -queScore(model.que, y);
  }
  return out;
}

/** y = W (z − m) for the r values of z at `from`, written at `to`. */
function whiten(z: ArrayLike<number>, from: number, m: Float64Array, w: Float64Array, r: number, y: Float64Array, to: number): void {
  for (let a = 0; a < r; a++) {
    let v = 0;
    for (let b = 0; b < r; b++) v += w[a * r + b]! * (z[from + b]! - m[b]!);
    y[to + a] = v;
  }
}

/** Σ^{-1/2} of a covariance by its eigen-decomposition; eigenvalues are floored at 1e-12 of the largest. */
function inverseSquareRoot(cov: Float64Array, r: number): Float64Array {
  const { values, vectors } = symmetricEigen(cov, r);
  const floor = Math.max(values[0]! * 1e-12, 1e-300);
  const out = new Float64Array(r * r);
  for (let j = 0; j < r; j++) {
    const s = 1 / Math.sqrt(Math.max(values[j]!, floor));
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) out[a * r + b]! += s * vectors[j * r + a]! * vectors[j * r + b]!;
  }
  return out;
}

/**
 * Builds a {@link Spectre} (registry name `spectre`).
 *
 * @example
 * const detector = createSpectre({ rng: createRng(7), dims: 16 });
 */
export function createSpectre(options: SpectreOptions): Spectre {
  return new Spectre(options);
}
