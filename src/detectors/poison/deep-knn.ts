// Deep k-NN defence: Peri, Gupta, Huang, Fowl, Zhu, Feizi, Goldstein & Dickerson, "Deep k-NN Defense against Clean-label Data Poisoning Attacks" (ECCV workshops 2020).
import type { DetectorInput, DetectorOptions, Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { quantiles } from '../../kernels/quantiles.js';
import { checkContamination } from './contamination-offset.js';
import { checkNeighbourOptions, nearestNeighbours, type NeighbourMetric, type NeighbourSearch } from './nearest-neighbours.js';
import { neighbourVotes, typicalNeighbourDistance } from './neighbour-votes.js';
import { checkFeatures, checkLabels, checkRng, checkScoringFeatures, gatherRows, labelledRows, membersByClass } from './poison-input.js';
import { ScoreOffsetDetector } from './score-offset-detector.js';
import { copyMatrix, sameCodes, sameRows } from '../../kernels/same-rows.js';

/** Smallest and largest k the automatic choice gives (the largest bounds time and memory, n x k). */
export const DEEP_KNN_K_RANGE = [3, 200] as const;

/** Parameters of {@link DeepKnn}. */
export interface DeepKnnParams {
  /** Neighbours consulted; default: twice the expected poisons per class (see {@link deepKnnK}). */
  readonly k?: number;
  /** `euclidean` (default, as the paper) or `cosine`. */
  readonly metric?: NeighbourMetric;
  /** Exact or approximate (HNSW) neighbour search; `auto` by size (default). */
  readonly search?: NeighbourSearch;
}

/** Options of {@link createDeepKnn}. */
export type DeepKnnOptions = DetectorOptions & DeepKnnParams;

/**
 * The paper's rule for k: normalised k (k over the number of poisons in the target class) near 2
 * works best, and Geiping et al.'s reimplementation uses the same overestimation factor of 2. The
 * number of poisons is unknown, so it is estimated as contamination x the median class size;
 * the result is kept within {@link DEEP_KNN_K_RANGE}.
 */
export function deepKnnK(contamination: number, classSizes: readonly number[]): number {
  const sizes = classSizes.filter((s) => s > 0);
  const median = sizes.length === 0 ? 0 : quantiles(sizes, [0.5])[0]!;
  const k = Math.round(2 * contamination * median);
  return Math.min(DEEP_KNN_K_RANGE[1], Math.max(DEEP_KNN_K_RANGE[0], k));
}

interface DeepKnnState {
  readonly fitX: Matrix<Float32Array>;
  readonly fitCodes: Int32Array;
  readonly reference: Matrix<Float64Array>;
  readonly referenceCodes: Int32Array;
  readonly classes: number;
  readonly k: number;
  readonly scale: number;
  readonly fitScores: Float64Array;
}

/**
 * Deep k-NN in representation space: a row is flagged when its label is not the plurality label
 * of its k nearest neighbours (strictly: another label has more votes). Score = the vote margin,
 * share agreeing with the row's label minus the largest share of one other label (for two
 * classes, 2 x share − 1: the same order as the share), plus a tie-break `closeness / (2k)` of
 * at most half a vote (denser neighbourhood = more normal). The offset is 0, so `predict` applies
 * the paper's plurality rule exactly and the detector decides by itself; `contamination` only
 * sets the default k.
 *
 * Follows the paper except that k is capped (see {@link DEEP_KNN_K_RANGE}) and, with classes of
 * different sizes, the median class size stands for the target class's. Rows labelled -1 score
 * `1 + 1/(2k)` and are nobody's neighbour.
 *
 * @example
 * const d = await createDeepKnn({ rng: createRng(3), contamination: 0.05 }).fit(embeddings, labels);
 * const flags = await d.predict(embeddings, labels); // -1 where the neighbours' plurality disagrees
 */
export class DeepKnn extends ScoreOffsetDetector {
  readonly name = 'deep-knn';
  readonly requires: readonly DetectorInput[] = ['embeddings', 'labels'];
  /** The k given, or undefined for the automatic choice. */
  readonly k: number | undefined;
  /** Distance used. */
  readonly metric: NeighbourMetric;
  /** Neighbour search. */
  readonly search: NeighbourSearch;
  /** Expected poison share (sets the automatic k). */
  readonly contamination: number;
  private state: DeepKnnState | undefined;

  /** Stores and checks the parameters; `invalid_input` for a bad k, metric, search or contamination. */
  constructor(options: DeepKnnOptions) {
    super();
    this.k = options.k;
    if (this.k !== undefined && (!Number.isInteger(this.k) || this.k < 1)) throw invalidInput(`deep-knn: k = ${String(this.k)} must be a positive integer`);
    const { metric, search } = checkNeighbourOptions(options, 'deep-knn');
    this.metric = metric;
    this.search = search;
    this.contamination = checkContamination(options.contamination, 'deep-knn');
    checkRng(options.rng, 'deep-knn');
  }

  /** The k used by the last fit. */
  fittedK(): number {
    return this.requireFitted(this.state).k;
  }

  /** Chooses k, finds each labelled row's neighbours among the other labelled rows and scores the vote margins; `invalid_input` without labels or with bad values. */
  async fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this> {
    checkFeatures(x, this.name, 2);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    const labelled = labelledRows(codes);
    if (labelled.length < 2) throw invalidInput(`deep-knn: ${labelled.length} labelled rows; at least 2 are needed`);
    const wanted = this.k ?? deepKnnK(this.contamination, membersByClass(codes, classes).map((m) => m.length));
    const reference = gatherRows(x, labelled);
    const referenceCodes = Int32Array.from(labelled, (i) => codes[i]!);
    const neighbours = await nearestNeighbours(reference, null, wanted, { metric: this.metric, search: this.search });
    const k = neighbours.k;
    const scale = typicalNeighbourDistance(neighbours);
    const votes = neighbourVotes(neighbours, referenceCodes, referenceCodes, classes, scale);
    const fitScores = new Float64Array(x.rows).fill(1 + 1 / (2 * k));
    labelled.forEach((row, r) => {
      fitScores[row] = votes.agreement[r]! - votes.topOther[r]! + votes.closeness[r]! / (2 * k);
    });
    this.state = { fitX: copyMatrix(x), fitCodes: Int32Array.from(codes), reference, referenceCodes, classes, k, scale, fitScores };
    this.offset = 0;
    return this;
  }

  /** The fit scores for the fit data itself; otherwise vote margins among the fitted labelled rows. */
  async scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array> {
    const s = this.requireFitted(this.state);
    checkScoringFeatures(x, s.fitX.cols, this.name);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    if (classes !== s.classes) throw invalidInput(`deep-knn: labels have ${classes} classes, the detector was fitted with ${s.classes}`);
    if (sameRows(x, s.fitX) && sameCodes(codes, s.fitCodes)) return s.fitScores.slice();
    const labelled = labelledRows(codes);
    const out = new Float64Array(x.rows).fill(1 + 1 / (2 * s.k));
    if (labelled.length === 0) return out;
    const neighbours = await nearestNeighbours(s.reference, gatherRows(x, labelled), s.k, { metric: this.metric, search: this.search });
    const votes = neighbourVotes(neighbours, s.referenceCodes, Int32Array.from(labelled, (i) => codes[i]!), classes, s.scale);
    labelled.forEach((row, r) => {
      out[row] = votes.agreement[r]! - votes.topOther[r]! + votes.closeness[r]! / (2 * s.k);
    });
    return out;
  }
}

/**
 * Builds a {@link DeepKnn} (registry name `deep-knn`).
 *
 * @example
 * const detector = createDeepKnn({ rng: createRng(7), contamination: 0.02 });
 */
export function createDeepKnn(options: DeepKnnOptions): DeepKnn {
  return new DeepKnn(options);
}
