/**
 * The decision offset of a ranking detector, as scikit-learn sets it: the `contamination`
 * percentile of the scores on the fit data, so that about that share of it falls below.
 */
import { invalidInput } from '../../core/errors.js';
import { quantiles } from '../../kernels/quantiles.js';

/** scikit-learn's default when no contamination is given is 'auto'; Antidote's is 0.1 (see DetectorOptions). */
export const DEFAULT_CONTAMINATION = 0.1;

/**
 * The contamination to use: the given one, or {@link DEFAULT_CONTAMINATION}.
 *
 * @throws AntidoteError `invalid_input` outside (0, 0.5], scikit-learn's range.
 */
export function checkContamination(contamination: number | undefined, who: string): number {
  const c = contamination ?? DEFAULT_CONTAMINATION;
  if (typeof c !== 'number' || !(c > 0 && c <= 0.5)) throw invalidInput(`${who}: contamination = ${String(c)} must be a number within (0, 0.5]`);
  return c;
}

/** numpy's `percentile(scores, 100 * contamination)` (linear interpolation); 0 for no scores. */
export function contaminationOffset(scores: Float64Array, contamination: number): number {
  if (scores.length === 0) return 0;
  return quantiles(scores, [contamination])[0]!;
}
