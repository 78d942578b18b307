// Confident learning: Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty in Dataset Labels" (JAIR 2021).
import type { DetectorInput, DetectorOptions, Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { SoftmaxRegression } from '../../models/softmax-regression.js';
import { rowArgmax } from './confident-joint.js';
import { checkContamination } from './contamination-offset.js';
import { findLabelIssues } from './find-label-issues.js';
import { checkFeatures, checkLabels, checkRng, checkScoringFeatures, gatherRows, labelledRows } from './poison-input.js';
import { ScoreOffsetDetector } from './score-offset-detector.js';
import { copyMatrix, sameCodes, sameRows } from '../../kernels/same-rows.js';
import { stratifiedFolds } from './stratified-folds.js';

/** Parameters of {@link ConfidentLearning}. */
export interface ConfidentLearningParams {
  /** Cross-validation folds for the out-of-fold probabilities (default 5, as cleanlab). */
  readonly folds?: number;
  /** Inverse L2 strength of the built-in softmax regression (default 1, scikit-learn's). */
  readonly C?: number;
  /** L-BFGS iteration budget of each model fit (default 100). */
  readonly maxIterations?: number;
  /** Rows kept per class at the least (cleanlab's `min_examples_per_class`, default 1). */
  readonly minExamplesPerClass?: number;
  /**
   * Out-of-sample predicted probabilities from the user's own model, `rows x classes`, one row
   * per row given to `fit`: used instead of the built-in model. Such a detector scores only the
   * rows it was fitted on.
   */
  readonly predProbs?: Matrix;
}

/** Options of {@link createConfidentLearning}. */
export type ConfidentLearningOptions = DetectorOptions & ConfidentLearningParams;

/** The label each row most probably has, and that probability. */
export interface SuggestedLabels {
  /** argmax of the predicted probabilities (first on ties). */
  readonly labels: Int32Array;
  /** Its probability. */
  readonly confidence: Float64Array;
}

interface Standardiser {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
}

interface ConfidentLearningState {
  readonly fitX: Matrix<Float32Array>;
  readonly fitCodes: Int32Array;
  readonly classes: number;
  readonly probs: Float64Array;
  readonly issues: Uint8Array;
  readonly confidentJoint: Float64Array;
  readonly scores: Float64Array;
  /** Absent when the probabilities were supplied. */
  readonly model: SoftmaxRegression | undefined;
  readonly standardiser: Standardiser | undefined;
}

/**
 * Confident learning for flipped labels. Out-of-fold probabilities come from the built-in
 * softmax regression ({@link SoftmaxRegression}, on standardised features) over seeded stratified
 * K folds, or from `predProbs`; label issues are then selected exactly as cleanlab's
 * `find_label_issues(filter_by='prune_by_noise_rate')` does (per-class thresholds t_j = mean p̂_j
 * over rows labelled j, the calibrated confident joint, prune by noise rate).
 *
 * The score is the self-confidence p̂(given label), lowered by 1 for the selected issues, and
 * the offset is 0: the rows below 0 are exactly cleanlab's label issues, and inside either group a
 * lower self-confidence is more suspicious. The detector decides by itself; `contamination` is
 * not used. {@link labelIssues} and {@link suggestedLabels} give the selection and the label to
 * relabel with. Rows labelled -1 score 1 and are never issues (they still get a suggestion).
 *
 * Follows the paper and cleanlab; the model is a linear one, so on data a linear model cannot
 * separate, supply `predProbs` from a better model.
 *
 * @example
 * const cl = await createConfidentLearning({ rng: createRng(1) }).fit(x, labels);
 * cl.labelIssues();           // rows cleanlab would flag
 * cl.suggestedLabels().labels; // what to relabel them with
 */
export class ConfidentLearning extends ScoreOffsetDetector {
  readonly name = 'confident-learning';
  readonly requires: readonly DetectorInput[] = ['features', 'labels'];
  /** Cross-validation folds. */
  readonly folds: number;
  /** Inverse L2 strength of the built-in model. */
  readonly C: number;
  /** L-BFGS iteration budget. */
  readonly maxIterations: number;
  /** Rows kept per class at the least. */
  readonly minExamplesPerClass: number;
  private readonly predProbs: Matrix | undefined;
  private readonly rng: Rng;
  private state: ConfidentLearningState | undefined;

  /** Stores and checks the parameters; `invalid_input` for bad folds, C, budget or minimum. */
  constructor(options: ConfidentLearningOptions) {
    super();
    this.rng = checkRng(options.rng, 'confident-learning');
    // Not used (the detector decides by itself) but checked like every detector's.
    checkContamination(options.contamination, 'confident-learning');
    this.folds = options.folds ?? 5;
    this.C = options.C ?? 1;
    this.maxIterations = options.maxIterations ?? 100;
    this.minExamplesPerClass = options.minExamplesPerClass ?? 1;
    this.predProbs = options.predProbs;
    if (!Number.isInteger(this.folds) || this.folds < 2) throw invalidInput(`confident-learning: folds = ${String(this.folds)} must be an integer of at least 2`);
    if (!(this.C > 0) || !Number.isFinite(this.C)) throw invalidInput(`confident-learning: C = ${String(this.C)} must be a positive finite number`);
    if (!Number.isInteger(this.maxIterations) || this.maxIterations < 1) {
      throw invalidInput(`confident-learning: maxIterations = ${String(this.maxIterations)} must be a positive integer`);
    }
    if (!Number.isInteger(this.minExamplesPerClass) || this.minExamplesPerClass < 0) {
      throw invalidInput(`confident-learning: minExamplesPerClass = ${String(this.minExamplesPerClass)} must be a non-negative integer`);
    }
  }

  /** Computes out-of-fold (or takes the supplied) probabilities and selects the label issues; `invalid_input` without labels, with bad values or malformed `predProbs`. */
  async fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this> {
    checkFeatures(x, this.name, 2);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    const labelled = labelledRows(codes);
    if (labelled.length < 2) throw invalidInput(`confident-learning: ${labelled.length} labelled rows; at least 2 are needed`);
    let probs: Float64Array;
    let model: SoftmaxRegression | undefined;
    let standardiser: Standardiser | undefined;
    if (this.predProbs) {
      probs = checkPredProbs(this.predProbs, x.rows, classes);
    } else {
      standardiser = fitStandardiser(x);
      const z = standardise(x, standardiser);
      probs = await this.outOfFoldProbabilities(z, codes, classes, labelled);
      model = await new SoftmaxRegression({ C: this.C, maxIterations: this.maxIterations }).fit(z, { codes, classes });
      const unlabelled = codes.length - labelled.length;
      if (unlabelled > 0) {
        const all = await model.predictProba(z);
        for (let i = 0; i < codes.length; i++) if (codes[i]! < 0) probs.set(all.subarray(i * classes, (i + 1) * classes), i * classes);
      }
    }
    const { issues, scores, confidentJoint } = this.selectIssues(codes, probs, classes);
    this.state = { fitX: copyMatrix(x), fitCodes: Int32Array.from(codes), classes, probs, issues, confidentJoint, scores, model, standardiser };
    this.offset = 0;
    return this;
  }

  /** The fit scores for the fit data itself; otherwise the batch's own selection under probabilities from the model fitted on all the fit data (`invalid_input` when fitted on `predProbs`). */
  async scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array> {
    const s = this.requireFitted(this.state);
    checkScoringFeatures(x, s.fitX.cols, this.name);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    if (classes !== s.classes) throw invalidInput(`confident-learning: labels have ${classes} classes, the detector was fitted with ${s.classes}`);
    if (sameRows(x, s.fitX) && sameCodes(codes, s.fitCodes)) return s.scores.slice();
    if (!s.model || !s.standardiser) {
      throw invalidInput('confident-learning: fitted on user-supplied predProbs, it can score only the rows it was fitted on; fit again with the probabilities of these rows');
    }
    const probs = await s.model.predictProba(standardise(x, s.standardiser));
    return this.selectIssues(codes, probs, classes).scores;
  }

  /** Rows of the fit data selected as label issues, ascending. */
  labelIssues(): Uint32Array {
    const { issues } = this.requireFitted(this.state);
    const out: number[] = [];
    for (let i = 0; i < issues.length; i++) if (issues[i]) out.push(i);
    return Uint32Array.from(out);
  }

  /** For every fit row: the most probable label and its probability (what a sanitiser relabels with). */
  suggestedLabels(): SuggestedLabels {
    const { probs, classes, fitCodes } = this.requireFitted(this.state);
    const labels = new Int32Array(fitCodes.length);
    const confidence = new Float64Array(fitCodes.length);
    for (let i = 0; i < fitCodes.length; i++) {
      labels[i] = rowArgmax(probs, i, classes);
      confidence[i] = probs[i * classes + labels[i]!]!;
    }
    return { labels, confidence };
  }

  /** The out-of-fold (or supplied) probabilities of the fit rows, row-major `rows x classes` (a copy). */
  predictedProbabilities(): Float64Array {
    return this.requireFitted(this.state).probs.slice();
  }

  /** The calibrated confident joint of the fit data, row-major `classes x classes` (given x likely true). */
  confidentJoint(): Float64Array {
    return this.requireFitted(this.state).confidentJoint.slice();
  }

  /**
   * Probabilities of every labelled row from a model that did not see it: seeded stratified folds,
   * one softmax regression per fold. A class missing from a fold's training part borrows one of
   * its held-out rows, whose own prediction is then set to its label with certainty (cleanlab's rule).
   */
  private async outOfFoldProbabilities(z: Matrix<Float64Array>, codes: Int32Array, classes: number, labelled: readonly number[]): Promise<Float64Array> {
    const n = codes.length;
    const probs = new Float64Array(n * classes);
    const folds = Math.min(this.folds, labelled.length);
    const fold = stratifiedFolds(codes, classes, folds, this.rng);
    for (let f = 0; f < folds; f++) {
      const train: number[] = [];
      const holdout: number[] = [];
      for (const i of labelled) (fold[i] === f ? holdout : train).push(i);
      if (holdout.length === 0) continue;
      const present = new Uint8Array(classes);
      for (const i of train) present[codes[i]!] = 1;
      const borrowed: number[] = [];
      for (let c = 0; c < classes; c++) {
        if (present[c]) continue;
        const first = holdout.find((i) => codes[i] === c);
        if (first !== undefined) {
          train.push(first);
          borrowed.push(first);
        }
      }
      const model = await new SoftmaxRegression({ C: this.C, maxIterations: this.maxIterations }).fit(gatherRows(z, train), {
        codes: Int32Array.from(train, (i) => codes[i]!),
        classes,
      });
      const p = await model.predictProba(gatherRows(z, holdout));
      holdout.forEach((i, r) => probs.set(p.subarray(r * classes, (r + 1) * classes), i * classes));
      for (const i of borrowed) {
        probs.fill(0, i * classes, (i + 1) * classes);
        probs[i * classes + codes[i]!] = 1;
      }
    }
    return probs;
  }

  /** cleanlab's selection on the labelled rows, and the scores (self-confidence, minus 1 for issues). */
  private selectIssues(codes: Int32Array, probs: Float64Array, classes: number): { issues: Uint8Array; scores: Float64Array; confidentJoint: Float64Array } {
    const n = codes.length;
    const labelled = labelledRows(codes);
    const issues = new Uint8Array(n);
    const scores = new Float64Array(n).fill(1);
    let confidentJoint = new Float64Array(classes * classes);
    if (labelled.length > 0) {
      const subCodes = Int32Array.from(labelled, (i) => codes[i]!);
      const subProbs = new Float64Array(labelled.length * classes);
      labelled.forEach((i, r) => subProbs.set(probs.subarray(i * classes, (i + 1) * classes), r * classes));
      const found = findLabelIssues(subCodes, subProbs, classes, { minExamplesPerClass: this.minExamplesPerClass });
      confidentJoint = new Float64Array(found.confidentJoint);
      labelled.forEach((i, r) => {
        issues[i] = found.issues[r]!;
        scores[i] = probs[i * classes + codes[i]!]! - (issues[i] ? 1 : 0);
      });
    }
    return { issues, scores, confidentJoint };
  }
}

/** Checks user-supplied probabilities and returns them in double precision. */
function checkPredProbs(p: Matrix, rows: number, classes: number): Float64Array {
  if (typeof p !== 'object' || p === null || !(p.data instanceof Float32Array || p.data instanceof Float64Array)) {
    throw invalidInput('confident-learning: predProbs must be a matrix { rows, cols, data } over a Float32Array or Float64Array');
  }
  if (p.rows !== rows || p.cols !== classes || p.data.length !== rows * classes) {
    throw invalidInput(`confident-learning: predProbs is ${p.rows} x ${p.cols}; it must be ${rows} x ${classes} (one row per fitted row, one column per class)`);
  }
  const out = Float64Array.from(p.data);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const v = out[i * classes + k]!;
      if (!(v >= 0 && v <= 1)) throw invalidInput(`confident-learning: predProbs[${i}][${k}] = ${v}; probabilities must be within [0, 1]`);
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3) throw invalidInput(`confident-learning: predProbs row ${i} sums to ${sum}; each row must sum to 1 (within 1e-3)`);
  }
  return out;
}

/** Column means and standard deviations (1 for a constant column). */
function fitStandardiser(x: Matrix): Standardiser {
  const { rows: n, cols: d } = x;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j]! += (x.data[i * d + j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(scale[j]! / n);
    scale[j] = sd > 0 ? sd : 1;
  }
  return { mean, scale };
}

function standardise(x: Matrix, s: Standardiser): Matrix<Float64Array> {
  const { rows: n, cols: d } = x;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = (x.data[i * d + j]! - s.mean[j]!) / s.scale[j]!;
  return { rows: n, cols: d, data: out };
}

/**
 * Builds a {@link ConfidentLearning} (registry name `confident-learning`).
 *
 * @example
 * const detector = createConfidentLearning({ rng: createRng(7), predProbs: myModelProbs });
 */
export function createConfidentLearning(options: ConfidentLearningOptions): ConfidentLearning {
  return new ConfidentLearning(options);
}
