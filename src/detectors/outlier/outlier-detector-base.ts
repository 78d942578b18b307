/**
 * What every unsupervised outlier detector here shares, after scikit-learn's `OutlierMixin`:
 * input checks, the decision offset set from the contamination, and `decisionFunction` and
 * `predict` derived from `scoreSamples`. A detector supplies only how it learns and how it scores.
 */
import type { Detector, DetectorInput } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { contaminationOffset, resolveContamination } from './contamination.js';
import { assertFeatureMatrix } from './feature-matrix.js';

/** The inputs an unsupervised outlier detector uses: features only. */
export const FEATURES_ONLY: readonly DetectorInput[] = Object.freeze(['features'] as const);

/**
 * A feature-only detector with scikit-learn's contract. Subclasses implement {@link learn}
 * (fit, returning the scores of the fit rows) and {@link score} (scores of any rows, called only
 * after fit with a checked matrix); the offset is the contamination-quantile of the fit scores.
 */
export abstract class OutlierDetectorBase implements Detector {
  /** Registry name. */
  abstract readonly name: string;
  /** Feature-only. */
  readonly requires: readonly DetectorInput[] = FEATURES_ONLY;
  /** Expected share of outliers in the fit data, in (0, 0.5]. */
  readonly contamination: number;
  private fittedOffset: number | undefined;
  private fittedCols = 0;

  protected constructor(contamination: number | undefined) {
    this.contamination = resolveContamination(contamination);
  }

  /** The fewest fit rows the method needs (default 2). */
  protected get minFitRows(): number {
    return 2;
  }

  /** Learns from `x` (checked: finite float32, enough rows) and returns the scores of its rows. */
  protected abstract learn(x: Matrix<Float32Array>): Promise<Float64Array>;

  /** Scores rows (checked: finite float32 with the fitted column count); called only after fit. */
  protected abstract score(x: Matrix<Float32Array>): Promise<Float64Array>;

  /**
   * Learns the model from `x` and sets the decision offset (scikit-learn's `offset_`).
   *
   * @throws AntidoteError `invalid_input` for a malformed matrix, a non-finite value or too few rows.
   */
  async fit(x: Matrix<Float32Array>): Promise<this> {
    // A failed refit leaves the detector unfitted rather than half-updated.
    this.fittedOffset = undefined;
    assertFeatureMatrix(x, `${this.name}.fit`, undefined, this.minFitRows);
    const scores = await this.learn(x);
    this.fittedOffset = contaminationOffset(scores, this.contamination);
    this.fittedCols = x.cols;
    return this;
  }

  /**
   * The normality score of every row: higher is more normal.
   *
   * @throws AntidoteError `invalid_input` before fit, or for rows of another width or with non-finite values.
   */
  async scoreSamples(x: Matrix<Float32Array>): Promise<Float64Array> {
    this.requireFitted('scoreSamples');
    assertFeatureMatrix(x, `${this.name}.scoreSamples`, this.fittedCols, 0);
    return this.score(x);
  }

  /** `scoreSamples(x) − offset`: negative for outliers. */
  async decisionFunction(x: Matrix<Float32Array>): Promise<Float64Array> {
    const s = await this.scoreSamples(x);
    const offset = this.offset;
    for (let i = 0; i < s.length; i++) s[i] = s[i]! - offset;
    return s;
  }

  /** −1 where the decision function is negative (outlier), +1 elsewhere. */
  async predict(x: Matrix<Float32Array>): Promise<Int8Array> {
    const f = await this.decisionFunction(x);
    const out = new Int8Array(f.length);
    for (let i = 0; i < f.length; i++) out[i] = f[i]! < 0 ? -1 : 1;
    return out;
  }

  /**
   * The fitted decision offset (scikit-learn's `offset_`).
   *
   * @throws AntidoteError `invalid_input` before fit.
   */
  get offset(): number {
    return this.requireFitted('offset');
  }

  private requireFitted(op: string): number {
    if (this.fittedOffset === undefined) throw invalidInput(`${this.name}.${op}: the detector is not fitted; call fit(x) first`);
    return this.fittedOffset;
  }
}
