/**
 * What every poison detector shares: `decisionFunction` is `scoreSamples` minus the fitted
 * offset and `predict` is -1 exactly where that is negative (scikit-learn's contract), so each
 * detector only fits, scores and sets its offset.
 */
import type { Detector, DetectorInput, Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';

/** Base of the poison detectors: holds the offset and derives the decision and the prediction from the scores. */
export abstract class ScoreOffsetDetector implements Detector {
  abstract readonly name: string;
  abstract readonly requires: readonly DetectorInput[];
  /** The fitted offset; undefined before fit. */
  protected offset: number | undefined;

  abstract fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this>;
  abstract scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array>;

  /** The offset subtracted from the scores (`offset_` in scikit-learn). */
  fittedOffset(): number {
    return this.requireFitted(this.offset);
  }

  /** `scoreSamples` minus the fitted offset: negative for suspicious rows. */
  async decisionFunction(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array> {
    const scores = await this.scoreSamples(x, labels);
    const offset = this.requireFitted(this.offset);
    for (let i = 0; i < scores.length; i++) scores[i]! -= offset;
    return scores;
  }

  /** -1 where the decision function is negative (suspicious), +1 elsewhere. */
  async predict(x: Matrix<Float32Array>, labels?: Labels): Promise<Int8Array> {
    const f = await this.decisionFunction(x, labels);
    return Int8Array.from(f, (v) => (v < 0 ? -1 : 1));
  }

  /** The fitted value, or `invalid_input` naming the detector when fit has not run. */
  protected requireFitted<T>(value: T | undefined): T {
    if (value === undefined) throw invalidInput(`${this.name}: the detector is not fitted; call fit before scoring`);
    return value;
  }
}
