/**
 * The contamination parameter and the decision offset it sets, as scikit-learn's outlier
 * detectors do: the offset is the contamination-quantile (numpy's linear percentile) of the
 * scores of the data the detector was fitted on, so `predict` flags about that share of it.
 */
import { invalidInput } from '../../core/errors.js';
import { quantiles } from '../../kernels/index.js';

/** The contamination used when none is given (the `DetectorOptions` default). */
export const DEFAULT_CONTAMINATION = 0.1;

/**
 * The contamination to use: the default when absent, else a number in (0, 0.5].
 *
 * @throws AntidoteError `invalid_input` for a value outside (0, 0.5].
 */
export function resolveContamination(contamination: number | undefined): number {
  if (contamination === undefined) return DEFAULT_CONTAMINATION;
  if (!(typeof contamination === 'number' && contamination > 0 && contamination <= 0.5)) {
    throw invalidInput(`contamination must be a number in (0, 0.5], got ${String(contamination)}`);
  }
  return contamination;
}

/**
 * The decision offset: the `contamination` quantile of the fit scores
 * (`numpy.percentile(scores, 100 * contamination)`).
 *
 * @example
 * contaminationOffset(new Float64Array([-3, -1, -1, -1]), 0.25); // -1.5
 */
export function contaminationOffset(fitScores: Float64Array, contamination: number): number {
  return quantiles(fitScores, [contamination])[0]!;
}
