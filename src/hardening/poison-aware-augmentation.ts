// Poison-aware augmentation: copies of training inputs with known trigger patterns applied and their correct labels kept, the "unlearning" step of Wang et al. (2019), "Neural Cleanse: Identifying and Mitigating Backdoor Attacks in Neural Networks", IEEE S&P.
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { sampleIndices, type Rng } from '../core/rng.js';

/** Stamps a trigger on every row of a matrix and returns the triggered copy (e.g. `(x) => applyPatchTrigger(x, patch)`). */
export type TriggerFunction = (x: Matrix) => Matrix;

/** Settings of {@link poisonAwareAugmentation}. */
export interface PoisonAwareAugmentationOptions {
  /** The trigger patterns to teach the model to ignore; at least one. */
  readonly triggers: readonly TriggerFunction[];
  /** Share of the labelled rows copied per trigger, in (0, 1] (default 0.2, Neural Cleanse's share). */
  readonly fraction?: number;
  /** Seeded randomness choosing the copied rows. */
  readonly rng: Rng;
}

/** The training set with the triggered copies appended. */
export interface AugmentedTrainingSet {
  /** The original rows, then the triggered copies. */
  readonly x: Matrix<Float32Array>;
  readonly labels: Labels;
  /** Rows appended. */
  readonly added: number;
}

/**
 * Appends, for each trigger, `round(fraction · labelled rows)` rows drawn without replacement,
 * with the trigger applied and their labels unchanged. A model trained on the result sees each
 * trigger on every class with the right answer, so "trigger → target class" is no longer the
 * simplest rule that fits the data: a dirty-label backdoor of that pattern stops working, at little
 * cost to clean accuracy. Only patterns the defender knows (or has reverse-engineered) are covered.
 *
 * @throws AntidoteError `invalid_input` for no trigger, a fraction outside (0, 1], labels of the wrong
 *   length, or a trigger that returns a matrix of another shape.
 * @example
 * const aug = poisonAwareAugmentation(x, labels, { triggers: [(m) => applyPatchTrigger(m, patch)], rng: createRng(4) });
 * await new Mlp({ rng: createRng(5) }).fit(aug.x, aug.labels);
 */
export function poisonAwareAugmentation(x: Matrix, labels: Labels, options: PoisonAwareAugmentationOptions): AugmentedTrainingSet {
  const fraction = options.fraction ?? 0.2;
  if (options.triggers.length === 0) throw invalidInput('poison-aware augmentation: give at least one trigger function', { path: ['triggers'] });
  if (!(fraction > 0 && fraction <= 1)) throw invalidInput(`poison-aware augmentation: fraction = ${fraction} must be within (0, 1]`, { path: ['fraction'] });
  if (labels.codes.length !== x.rows) throw invalidInput(`poison-aware augmentation: ${labels.codes.length} labels for ${x.rows} rows; give one label per row`);
  const d = x.cols;
  const labelled: number[] = [];
  for (let i = 0; i < x.rows; i++) if (labels.codes[i]! >= 0) labelled.push(i);
  const perTrigger = Math.round(fraction * labelled.length);
  const added = perTrigger * options.triggers.length;
  const data = new Float32Array((x.rows + added) * d);
  data.set(x.data);
  const codes = new Int32Array(x.rows + added);
  codes.set(labels.codes);
  let at = x.rows;
  for (const [t, trigger] of options.triggers.entries()) {
    const chosen = Array.from(sampleIndices(labelled.length, perTrigger, options.rng), (k) => labelled[k]!).sort((a, b) => a - b);
    const picked = new Float64Array(chosen.length * d);
    chosen.forEach((i, r) => picked.set(x.data.subarray(i * d, (i + 1) * d), r * d));
    const triggered = trigger({ rows: chosen.length, cols: d, data: picked });
    if (triggered.rows !== chosen.length || triggered.cols !== d || triggered.data.length !== chosen.length * d) {
      throw invalidInput(`poison-aware augmentation: trigger ${t} returned ${triggered.rows} x ${triggered.cols} for ${chosen.length} x ${d} rows; it must keep the shape`, { path: ['triggers', t] });
    }
    data.set(triggered.data, at * d);
    chosen.forEach((i, r) => {
      codes[at + r] = labels.codes[i]!;
    });
    at += chosen.length;
  }
  return { x: { rows: x.rows + added, cols: d, data }, labels: { codes, classes: labels.classes }, added };
}
