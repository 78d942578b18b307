// kNN label sanitisation: Paudice, Muñoz-González & Lupu, "Label Sanitization against Label Flipping Poisoning Attacks" (ECML PKDD workshops 2018).
import type { DetectorInput, DetectorOptions, Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { checkContamination, contaminationOffset } from './contamination-offset.js';
import { checkNeighbourOptions, nearestNeighbours, type NeighbourMetric, type NeighbourSearch } from './nearest-neighbours.js';
import { neighbourVotes, typicalNeighbourDistance } from './neighbour-votes.js';
import { checkFeatures, checkLabels, checkRng, checkScoringFeatures, gatherRows, labelledRows } from './poison-input.js';
import { ScoreOffsetDetector } from './score-offset-detector.js';
import { copyMatrix, sameCodes, sameRows } from '../../kernels/same-rows.js';

/** Parameters of {@link KnnLabelDisagreement}. */
export interface KnnLabelDisagreementParams {
  /** Neighbours consulted (default 10). */
  readonly k?: number;
  /** `euclidean` (default) or `cosine` (for embeddings). */
  readonly metric?: NeighbourMetric;
  /** Exact or approximate (HNSW) neighbour search; `auto` by size (default). */
  readonly search?: NeighbourSearch;
}

/** Options of {@link createKnnLabelDisagreement}. */
export type KnnLabelDisagreementOptions = DetectorOptions & KnnLabelDisagreementParams;

/** Fitted state: the labelled reference rows and the scores of the fit data. */
interface KnnLabelState {
  readonly fitX: Matrix<Float32Array>;
  readonly fitCodes: Int32Array;
  readonly reference: Matrix<Float64Array>;
  readonly referenceCodes: Int32Array;
  readonly classes: number;
  readonly scale: number;
  readonly k: number;
  readonly fitScores: Float64Array;
}

/**
 * The share of a row's k nearest neighbours (in feature or embedding space) that carry its label:
 * a flipped label sits among neighbours of the other class. Score = that share plus a tie-break
 * of at most half a vote, `closeness / (2k)`, where closeness = 1 / (1 + mean neighbour distance /
 * typical distance): among rows with the same vote, the one in the sparser neighbourhood ranks as
 * more suspicious. Lower = more suspicious; the offset is the contamination percentile of the fit
 * scores (scikit-learn style).
 *
 * A row's own neighbourhood leaves the row out when the fit data is scored; new rows are compared
 * with the labelled fit rows. Rows labelled -1 score `1 + 1/(2k)` (nothing to disagree with) and
 * are not neighbours of anything.
 *
 * @example
 * const d = await createKnnLabelDisagreement({ rng: createRng(1), k: 10 }).fit(x, labels);
 * const suspicious = await d.predict(x, labels); // -1 for the lowest `contamination` share
 */
export class KnnLabelDisagreement extends ScoreOffsetDetector {
  readonly name = 'knn-label';
  readonly requires: readonly DetectorInput[] = ['features', 'labels'];
  /** Neighbours consulted. */
  readonly k: number;
  /** Distance used. */
  readonly metric: NeighbourMetric;
  /** Neighbour search. */
  readonly search: NeighbourSearch;
  /** Expected share of flipped labels (sets the offset). */
  readonly contamination: number;
  private state: KnnLabelState | undefined;

  /** Stores and checks the parameters; `invalid_input` for a bad k, metric, search or contamination. */
  constructor(options: KnnLabelDisagreementOptions) {
    super();
    this.k = options.k ?? 10;
    if (!Number.isInteger(this.k) || this.k < 1) throw invalidInput(`knn-label: k = ${String(this.k)} must be a positive integer`);
    const { metric, search } = checkNeighbourOptions(options, 'knn-label');
    this.metric = metric;
    this.search = search;
    this.contamination = checkContamination(options.contamination, 'knn-label');
    checkRng(options.rng, 'knn-label');
  }

  /** Finds each labelled row's neighbours among the other labelled rows, scores them, and sets the offset; `invalid_input` without labels or with bad values. */
  async fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this> {
    checkFeatures(x, this.name, 2);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    const labelled = labelledRows(codes);
    if (labelled.length < 2) throw invalidInput(`knn-label: ${labelled.length} labelled rows; at least 2 are needed`);
    const reference = gatherRows(x, labelled);
    const referenceCodes = Int32Array.from(labelled, (i) => codes[i]!);
    const neighbours = await nearestNeighbours(reference, null, this.k, { metric: this.metric, search: this.search });
    const scale = typicalNeighbourDistance(neighbours);
    const votes = neighbourVotes(neighbours, referenceCodes, referenceCodes, classes, scale);
    const k = neighbours.k;
    const fitScores = new Float64Array(x.rows).fill(1 + 1 / (2 * k));
    labelled.forEach((row, r) => {
      fitScores[row] = votes.agreement[r]! + votes.closeness[r]! / (2 * k);
    });
    this.state = { fitX: copyMatrix(x), fitCodes: Int32Array.from(codes), reference, referenceCodes, classes, scale, k, fitScores };
    this.offset = contaminationOffset(fitScores, this.contamination);
    return this;
  }

  /** The fit scores for the fit data itself; otherwise each labelled row's neighbours among the fitted labelled rows. */
  async scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array> {
    const s = this.requireFitted(this.state);
    checkScoringFeatures(x, s.fitX.cols, this.name);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    if (classes !== s.classes) throw invalidInput(`knn-label: labels have ${classes} classes, the detector was fitted with ${s.classes}`);
    if (sameRows(x, s.fitX) && sameCodes(codes, s.fitCodes)) return s.fitScores.slice();
    const labelled = labelledRows(codes);
    const out = new Float64Array(x.rows).fill(1 + 1 / (2 * s.k));
    if (labelled.length === 0) return out;
    const queries = gatherRows(x, labelled);
    const neighbours = await nearestNeighbours(s.reference, queries, s.k, { metric: this.metric, search: this.search });
    const votes = neighbourVotes(neighbours, s.referenceCodes, Int32Array.from(labelled, (i) => codes[i]!), classes, s.scale);
    labelled.forEach((row, r) => {
      out[row] = votes.agreement[r]! + votes.closeness[r]! / (2 * s.k);
    });
    return out;
  }
}

/**
 * Builds a {@link KnnLabelDisagreement} (registry name `knn-label`).
 *
 * @example
 * const detector = createKnnLabelDisagreement({ rng: createRng(7), contamination: 0.1, k: 15 });
 */
export function createKnnLabelDisagreement(options: KnnLabelDisagreementOptions): KnnLabelDisagreement {
  return new KnnLabelDisagreement(options);
}
