// Label-consistent backdoor: Turner, Tsipras & Madry (2019), "Label-Consistent Backdoor Attacks", arXiv:1912.02771.
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { inputSha256 } from './input-hash.js';
import type { FeaturePoisoning, JsonValue, Labels } from './poison-result.js';
import { copyMatrix } from './backdoor-poisoning.js';
import { checkClass, checkLabels, chooseRows, eligibleRows, maskOf, poisonCount } from './poison-rows.js';
import { fitSoftmaxSurrogate, surrogateInputGradient, type SurrogateOptions } from './softmax-surrogate.js';

/** Settings of {@link labelConsistentBackdoor}. */
export interface LabelConsistentBackdoorOptions extends SurrogateOptions {
  /** The class whose rows are perturbed and triggered; they keep this, their correct label. */
  readonly target: number;
  /** Fraction of the target-class rows to poison, in [0, 1]. */
  readonly rate: number;
  readonly seed: number;
  /** L∞ bound of the adversarial perturbation, in feature units (e.g. 8 for pixels in [0, 255]). */
  readonly epsilon: number;
  /** Projected-gradient steps (default 10). */
  readonly steps?: number;
  /** Size of each signed step (default 2.5 · epsilon / steps, Madry et al.'s choice). */
  readonly stepSize?: number;
  /** Box the perturbed rows are kept in (e.g. [0, 255]). */
  readonly clip?: readonly [number, number];
  /** Stamps the trigger on a copy of the given rows (e.g. `(x) => applyPatchTrigger(x, patch)`). */
  readonly applyTrigger: (x: Matrix<Float64Array>) => Matrix<Float64Array>;
  /** What the trigger is, for the manifest (e.g. the patch settings). */
  readonly triggerDescription: JsonValue;
}

/**
 * Turner et al.'s attack without label noise: target-class rows (seeded choice,
 * `round(rate * target rows)`) are first made hard to classify by a projected-gradient ascent on
 * the surrogate's loss of their true label within an L∞ ball of radius epsilon (so the model
 * cannot fit them from their natural features and leans on the trigger), then the trigger is
 * stamped on them. Their label stays the target class: every poison is correctly labelled. The
 * surrogate is a softmax regression fitted on the clean data; its input gradient is analytic.
 *
 * @throws AntidoteError `invalid_input` for a non-positive epsilon, bad steps, a class or rate out of range, or non-finite features.
 * @example
 * const patch = { shape: { height: 28, width: 28 }, size: 3, value: 255 };
 * const { x: poisoned, mask } = await labelConsistentBackdoor(x, labels, {
 *   target: 0, rate: 0.3, seed: 0, epsilon: 16, clip: [0, 255],
 *   applyTrigger: (rows) => applyPatchTrigger(rows, patch), triggerDescription: { kind: 'patch', size: 3, value: 255 },
 * });
 */
export async function labelConsistentBackdoor(x: Matrix, labels: Labels, options: LabelConsistentBackdoorOptions): Promise<FeaturePoisoning> {
  const base = copyMatrix(x, 'label-consistent');
  const { rows: n, cols: d } = base;
  checkLabels(labels, n, 'label-consistent');
  checkClass(options.target, labels.classes, 'target');
  const eps = options.epsilon;
  const steps = options.steps ?? 10;
  if (!(eps > 0) || !Number.isFinite(eps)) throw invalidInput(`label-consistent: epsilon ${eps} must be a positive finite number (the L∞ bound of the perturbation)`, { path: ['epsilon'] });
  if (!Number.isInteger(steps) || steps < 1) throw invalidInput(`label-consistent: steps ${steps} must be a positive integer`, { path: ['steps'] });
  const stepSize = options.stepSize ?? (2.5 * eps) / steps;
  if (!(stepSize > 0) || !Number.isFinite(stepSize)) throw invalidInput(`label-consistent: stepSize ${stepSize} must be a positive finite number`, { path: ['stepSize'] });
  const clip = options.clip;
  if (clip && !(clip[0] <= clip[1])) throw invalidInput(`label-consistent: clip range [${clip[0]}, ${clip[1]}] needs low <= high`, { path: ['clip'] });

  const eligible = eligibleRows(labels, (c) => c === options.target);
  const rows = chooseRows(eligible, poisonCount(options.rate, eligible.length), createRng(options.seed));
  const m = rows.length;
  if (m > 0) {
    const surrogate = await fitSoftmaxSurrogate(base, labels, options);
    const original = new Float64Array(m * d);
    rows.forEach((i, r) => original.set(base.data.subarray(i * d, (i + 1) * d), r * d));
    const current = Float64Array.from(original);
    const truth = new Int32Array(m).fill(options.target);
    for (let s = 0; s < steps; s++) {
      const g = await surrogateInputGradient(surrogate, { rows: m, cols: d, data: current }, truth);
      for (let q = 0; q < m * d; q++) {
        // Ascend the loss of the true label, then project onto the ε-ball and the box.
        let v = current[q]! + stepSize * Math.sign(g.data[q]!);
        v = Math.min(original[q]! + eps, Math.max(original[q]! - eps, v));
        if (clip) v = Math.min(clip[1], Math.max(clip[0], v));
        current[q] = v;
      }
    }
    const triggered = options.applyTrigger({ rows: m, cols: d, data: current });
    if (triggered.rows !== m || triggered.cols !== d) throw invalidInput(`label-consistent: the trigger returned ${triggered.rows} x ${triggered.cols}, expected ${m} x ${d}`);
    rows.forEach((i, r) => base.data.set(triggered.data.subarray(r * d, (r + 1) * d), i * d));
  }
  return {
    x: base,
    labels: labels.codes.slice(),
    mask: maskOf(n, rows),
    manifest: {
      attack: 'label-consistent',
      parameters: {
        rate: options.rate, target: options.target, classes: labels.classes, epsilon: eps, steps, stepSize,
        clip: clip ? [clip[0], clip[1]] : null, surrogate: 'softmax-regression', C: options.C ?? 1, maxIterations: options.maxIterations ?? 100,
        trigger: options.triggerDescription,
      },
      seed: options.seed,
      inputSha256: inputSha256([x.data, x.cols, labels.codes, labels.classes]),
      eligible: eligible.length,
      poisoned: m,
    },
  };
}
