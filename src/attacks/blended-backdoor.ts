// Blended-injection backdoor: Chen, Liu, Li, Lu & Song (2017), "Targeted Backdoor Attacks on Deep Learning Systems Using Data Poisoning", arXiv:1712.05526.
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng, type Rng } from '../core/rng.js';
import { inputSha256 } from './input-hash.js';
import type { FeaturePoisoning, Labels } from './poison-result.js';
import { poisonWithTrigger, triggerRows, type BackdoorOptions, type RowTrigger } from './backdoor-poisoning.js';

/** The trigger: x' = (1 − alpha) · x + alpha · pattern. */
export interface BlendedTrigger {
  /** One value per feature. */
  readonly pattern: Float64Array;
  /** Blend ratio in (0, 1]; Chen et al. poison with 0.2 and trigger at test time with 0.2 or more. */
  readonly alpha: number;
}

/** Settings of {@link blendedBackdoor}: a pattern of the caller's, or uniform noise drawn from the seed. */
export interface BlendedBackdoorOptions extends BackdoorOptions {
  readonly alpha: number;
  /** The pattern; absent: uniform noise in `noiseRange`, drawn from the seed (Chen et al.'s random-noise key). */
  readonly pattern?: Float64Array;
  /** Range of the noise pattern (default [0, 1]). */
  readonly noiseRange?: readonly [number, number];
}

/** `d` values uniform in [lo, hi), from `rng`: the random-noise blend key of Chen et al. */
export function noisePattern(d: number, lo: number, hi: number, rng: Rng): Float64Array {
  const p = new Float64Array(d);
  for (let j = 0; j < d; j++) p[j] = lo + (hi - lo) * rng.next();
  return p;
}

function blendRowTrigger(t: BlendedTrigger, cols: number): RowTrigger {
  if (!(t.alpha > 0 && t.alpha <= 1)) throw invalidInput(`blended: alpha ${t.alpha} must be in (0, 1]`, { path: ['alpha'] });
  if (t.pattern.length !== cols) throw invalidInput(`blended: the pattern has ${t.pattern.length} values, the rows have ${cols} features`, { path: ['pattern'] });
  const a = t.alpha;
  return (row) => {
    for (let j = 0; j < row.length; j++) row[j] = (1 - a) * row[j]! + a * t.pattern[j]!;
  };
}

/**
 * The inference-time trigger: a copy of `x` with every row blended with the pattern.
 *
 * @example
 * const triggered = applyBlendedTrigger(xTest, { pattern, alpha: 0.2 });
 */
export function applyBlendedTrigger(x: Matrix, trigger: BlendedTrigger): Matrix<Float64Array> {
  return triggerRows(x, blendRowTrigger(trigger, x.cols), 'blended');
}

/**
 * Blended injection: blends `round(rate * eligible)` rows not of the target class with the
 * pattern and relabels them as the target. Returns the pattern used, for {@link applyBlendedTrigger}.
 *
 * @example
 * const { x: poisoned, trigger } = blendedBackdoor(x, labels, { target: 0, rate: 0.05, alpha: 0.2, seed: 3, noiseRange: [0, 255] });
 * const asrInput = applyBlendedTrigger(xTest, trigger);
 */
export function blendedBackdoor(x: Matrix, labels: Labels, options: BlendedBackdoorOptions): FeaturePoisoning & { readonly trigger: BlendedTrigger } {
  const rng = createRng(options.seed);
  const [lo, hi] = options.noiseRange ?? [0, 1];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) throw invalidInput(`blended: noise range [${lo}, ${hi}] must be finite with low <= high`, { path: ['noiseRange'] });
  // The pattern has its own generator, always forked first, so the row choice depends on neither the width nor whether a pattern was given.
  const patternRng = rng.fork();
  const pattern = options.pattern ?? noisePattern(x.cols, lo, hi, patternRng);
  const trigger: BlendedTrigger = { pattern, alpha: options.alpha };
  const p = poisonWithTrigger(x, labels, options, blendRowTrigger(trigger, x.cols), 'blended', rng);
  return {
    x: p.x,
    labels: p.labels,
    mask: p.mask,
    trigger,
    manifest: {
      attack: 'blended',
      parameters: {
        rate: options.rate, target: options.target, classes: labels.classes, alpha: options.alpha,
        pattern: options.pattern ? 'given' : 'uniform-noise',
        ...(options.pattern ? {} : { noiseRange: [lo, hi] }),
        patternSha256: inputSha256([pattern]),
      },
      seed: options.seed,
      inputSha256: inputSha256([x.data, x.cols, labels.codes, labels.classes]),
      eligible: p.eligible,
      poisoned: p.rows.length,
    },
  };
}
