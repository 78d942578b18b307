// Activation clustering: Chen, Carvalho, Baracaldo, Ludwig, Edwards, Lee, Molloy & Srivastava, "Detecting Backdoor Attacks on Deep Neural Networks by Activation Clustering" (AAAI SafeAI workshop 2019; arXiv 2018).
import type { DetectorInput, DetectorOptions, Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { matmulTransposedBSync } from '../../kernels/matmul.js';
import { centreColumns } from './column-centring.js';
import { checkContamination, contaminationOffset } from './contamination-offset.js';
import { checkFeatures, checkLabels, checkRng, checkScoringFeatures, gatherRows, membersByClass } from './poison-input.js';
import { ScoreOffsetDetector } from './score-offset-detector.js';
import { silhouetteScore } from './silhouette-score.js';
import { topEigenvectors } from './top-eigenvectors.js';
import { twoMeans } from './two-means.js';

/** Parameters of {@link ActivationClustering}. */
export interface ActivationClusteringParams {
  /** Dimensions kept by the per-class PCA (default 10, as the paper). */
  readonly dims?: number;
  /** The smaller cluster is poison when its share of the class is below this (default 0.35). */
  readonly sizeThreshold?: number;
  /** ... and the split's silhouette is at least this (default 0.1). */
  readonly minSilhouette?: number;
  /** k-means++ restarts per class (default 5). */
  readonly restarts?: number;
  /** Rows the silhouette is computed on at most, a seeded sample above (default 2000). */
  readonly silhouetteSample?: number;
}

/** Options of {@link createActivationClustering}. */
export type ActivationClusteringOptions = DetectorOptions & ActivationClusteringParams;

/** What the clustering found in one class. */
export interface ClassClusterAnalysis {
  readonly label: number;
  /** Rows in the class. */
  readonly size: number;
  /** Rows in its smaller cluster. */
  readonly smallClusterSize: number;
  /** smallClusterSize / size. */
  readonly relativeSize: number;
  /** Silhouette of the two-way split. */
  readonly silhouette: number;
  /** Whether the smaller cluster is judged poison (relative size below threshold, silhouette at least the minimum). */
  readonly flagged: boolean;
  /** Smooth version of that judgement in (0, 1), the weight of the class's memberships in the score. */
  readonly confidence: number;
}

interface ClassModel {
  readonly mean: Float64Array;
  /** PCA basis, r x d. */
  readonly basis: Float64Array;
  readonly r: number;
  /** Centroids in the reduced space: small cluster first, r values each. */
  readonly small: Float64Array;
  readonly large: Float64Array;
  readonly confidence: number;
}

interface ActivationState {
  readonly cols: number;
  readonly classes: number;
  readonly models: readonly (ClassModel | undefined)[];
  readonly analysis: readonly ClassClusterAnalysis[];
}

/** Width of the smooth step around the size and silhouette thresholds. */
const STEP_WIDTH = 0.05;

const logistic = (t: number): number => 1 / (1 + Math.exp(-t));

/**
 * Activation clustering for backdoors: within each class, project the representations on their
 * top principal components, split them in two by k-means, and call the smaller cluster poison
 * when it is small (relative size below `sizeThreshold`) and the split is real (silhouette at
 * least `minSilhouette`) — the paper's relative-size and silhouette analyses.
 *
 * Score, for a continuous ranking: minus membership x confidence, where membership =
 * d_large² / (d_small² + d_large²) (1 on the small centroid, 0 on the large one) and confidence
 * is a smooth version of the class verdict, logistic((sizeThreshold − relSize) / 0.05) x
 * logistic((silhouette − minSilhouette) / 0.05). The offset is the contamination percentile of
 * the fit scores; {@link classAnalysis} gives the per-class verdicts.
 *
 * Simplified from the paper: PCA (exact, or seeded subspace iteration) instead of ICA, and the
 * exclusionary-reclassification analysis (retraining without the cluster) is not done. Classes
 * with fewer than 4 rows and rows labelled -1 score 0.
 *
 * @example
 * const ac = await createActivationClustering({ rng: createRng(1) }).fit(embeddings, labels);
 * ac.classAnalysis().filter((c) => c.flagged); // classes with a poison cluster
 */
export class ActivationClustering extends ScoreOffsetDetector {
  readonly name = 'activation-clustering';
  readonly requires: readonly DetectorInput[] = ['embeddings', 'labels'];
  /** PCA dimensions. */
  readonly dims: number;
  /** Relative size threshold. */
  readonly sizeThreshold: number;
  /** Silhouette threshold. */
  readonly minSilhouette: number;
  /** k-means restarts. */
  readonly restarts: number;
  /** Silhouette sample size. */
  readonly silhouetteSample: number;
  /** Expected poison share (sets the offset). */
  readonly contamination: number;
  private readonly rng: Rng;
  private state: ActivationState | undefined;

  /** Stores and checks the parameters; `invalid_input` for any out of range. */
  constructor(options: ActivationClusteringOptions) {
    super();
    this.rng = checkRng(options.rng, 'activation-clustering');
    this.contamination = checkContamination(options.contamination, 'activation-clustering');
    this.dims = options.dims ?? 10;
    this.sizeThreshold = options.sizeThreshold ?? 0.35;
    this.minSilhouette = options.minSilhouette ?? 0.1;
    this.restarts = options.restarts ?? 5;
    this.silhouetteSample = options.silhouetteSample ?? 2000;
    if (!Number.isInteger(this.dims) || this.dims < 1) throw invalidInput(`activation-clustering: dims = ${String(this.dims)} must be a positive integer`);
    if (typeof this.sizeThreshold !== 'number' || !(this.sizeThreshold > 0 && this.sizeThreshold <= 0.5)) {
      throw invalidInput(`activation-clustering: sizeThreshold = ${String(this.sizeThreshold)} must be within (0, 0.5]`);
    }
    if (typeof this.minSilhouette !== 'number' || !(this.minSilhouette >= -1 && this.minSilhouette <= 1)) {
      throw invalidInput(`activation-clustering: minSilhouette = ${String(this.minSilhouette)} must be within [-1, 1]`);
    }
    if (!Number.isInteger(this.restarts) || this.restarts < 1) throw invalidInput(`activation-clustering: restarts = ${String(this.restarts)} must be a positive integer`);
    if (!Number.isInteger(this.silhouetteSample) || this.silhouetteSample < 2) {
      throw invalidInput(`activation-clustering: silhouetteSample = ${String(this.silhouetteSample)} must be an integer of at least 2`);
    }
  }

  /** Per-class result of the last fit (classes with fewer than 4 rows are left out). */
  classAnalysis(): readonly ClassClusterAnalysis[] {
    return this.requireFitted(this.state).analysis;
  }

  /** Reduces, splits and judges every class, and sets the offset; `invalid_input` without labels or with bad values. */
  async fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this> {
    checkFeatures(x, this.name, 2);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    const models: (ClassModel | undefined)[] = [];
    const analysis: ClassClusterAnalysis[] = [];
    const members = membersByClass(codes, classes);
    for (let c = 0; c < classes; c++) {
      const rows = members[c]!;
      if (rows.length < 4) {
        models.push(undefined);
        continue;
      }
      const m = gatherRows(x, rows);
      const mean = centreColumns(m);
      const r = Math.min(this.dims, x.cols, rows.length - 1);
      const { vectors: basis } = await topEigenvectors(m, r, this.rng);
      const z = matmulTransposedBSync(m, { rows: r, cols: x.cols, data: basis });
      const split = twoMeans(z, this.rng, this.restarts);
      const smallIndex = split.sizes[1] < split.sizes[0] ? 1 : 0;
      const smallSize = split.sizes[smallIndex];
      const relativeSize = smallSize / rows.length;
      const silhouette = silhouetteScore(z, split.assignment, this.rng, this.silhouetteSample);
      const flagged = relativeSize < this.sizeThreshold && silhouette >= this.minSilhouette;
      const confidence = logistic((this.sizeThreshold - relativeSize) / STEP_WIDTH) * logistic((silhouette - this.minSilhouette) / STEP_WIDTH);
      models.push({
        mean,
        basis,
        r,
        small: split.centroids.slice(smallIndex * r, (smallIndex + 1) * r),
        large: split.centroids.slice((1 - smallIndex) * r, (2 - smallIndex) * r),
        confidence,
      });
      analysis.push({ label: c, size: rows.length, smallClusterSize: smallSize, relativeSize, silhouette, flagged, confidence });
    }
    this.state = { cols: x.cols, classes, models, analysis };
    this.offset = contaminationOffset(this.scoreWith(this.state, x, codes), this.contamination);
    return this;
  }

  /** Minus membership of the fitted small cluster times the class confidence, for each row. */
  async scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array> {
    const s = this.requireFitted(this.state);
    checkScoringFeatures(x, s.cols, this.name);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    if (classes !== s.classes) throw invalidInput(`activation-clustering: labels have ${classes} classes, the detector was fitted with ${s.classes}`);
    return Promise.resolve(this.scoreWith(s, x, codes));
  }

  /** −membership(small cluster) x class confidence, for every row. */
  private scoreWith(s: ActivationState, x: Matrix, codes: Int32Array): Float64Array {
    const d = x.cols;
    const out = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      const model = codes[i]! >= 0 ? s.models[codes[i]!] : undefined;
      if (!model) continue;
      let toSmall = 0;
      let toLarge = 0;
      for (let q = 0; q < model.r; q++) {
        let z = 0;
        for (let j = 0; j < d; j++) z += (x.data[i * d + j]! - model.mean[j]!) * model.basis[q * d + j]!;
        toSmall += (z - model.small[q]!) ** 2;
        toLarge += (z - model.large[q]!) ** 2;
      }
      const membership = toSmall + toLarge > 0 ? toLarge / (toSmall + toLarge) : 0.5;
      out[i] = -membership * model.confidence;
    }
    return out;
  }
}

/**
 * Builds an {@link ActivationClustering} (registry name `activation-clustering`).
 *
 * @example
 * const detector = createActivationClustering({ rng: createRng(7), sizeThreshold: 0.3 });
 */
export function createActivationClustering(options: ActivationClusteringOptions): ActivationClustering {
  return new ActivationClustering(options);
}
