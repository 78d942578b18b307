/**
 * The attacks of the evaluation lab: each poisons the training rows of an {@link EvaluationData}
 * with the simulators of `attacks/` and says how to measure its success on the test rows.
 */
import { applyBlendedTrigger, blendedBackdoor } from '../attacks/blended-backdoor.js';
import { applyFeatureTrigger, featureTriggerBackdoor, type FeatureTrigger } from '../attacks/feature-trigger-backdoor.js';
import { applyPatchTrigger, imagePatchBackdoor, type PatchTrigger } from '../attacks/image-patch-backdoor.js';
import { randomLabelFlip } from '../attacks/random-label-flip.js';
import { targetedLabelFlip } from '../attacks/targeted-label-flip.js';
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { TriggerFunction } from '../hardening/poison-aware-augmentation.js';
import type { EvaluationData } from './evaluate-data.js';

/** The attacks `evaluate` runs. */
export const EVALUATION_ATTACKS = ['label-flip', 'targeted-flip', 'backdoor-patch', 'blended', 'feature-trigger'] as const;

/** One of {@link EVALUATION_ATTACKS}. */
export type EvaluationAttack = (typeof EVALUATION_ATTACKS)[number];

/** Attack settings shared by every cell. */
export interface EvaluationAttackSettings {
  /** The class backdoors send triggered inputs to, and targeted flips relabel as (default 0). */
  readonly target?: number;
  /** The class targeted flips relabel (default 1; spam in SpamAssassin). */
  readonly source?: number;
}

/** A poisoned training set and how to measure the attack on test rows. */
export interface PoisonedTraining {
  readonly x: Matrix<Float32Array>;
  readonly labels: Labels;
  /** 1 for a poisoned row. */
  readonly mask: Uint8Array;
  readonly poisoned: number;
  /** The inference-time trigger of a backdoor (null for label flips). */
  readonly trigger: TriggerFunction | null;
  /**
   * What the attacker wants the model to answer: for a backdoor, the target class of triggered
   * rows; for a targeted flip, the target class of source-class rows; null for random flips.
   */
  readonly goal: { readonly target: number; readonly source: number | null } | null;
}

/**
 * Poisons `rate` of the eligible training rows of `data` with `attack` (seeded).
 *
 * @throws AntidoteError `invalid_input` for an attack the data cannot take (a patch on rows that
 *   are not images) or a class out of range.
 * @example
 * const p = poisonTraining('backdoor-patch', data, 0.05, 1);
 * p.trigger!(data.test.x); // the test rows with the patch
 */
export function poisonTraining(attack: EvaluationAttack, data: EvaluationData, rate: number, seed: number, settings: EvaluationAttackSettings = {}): PoisonedTraining {
  const { x, labels } = data.train;
  const K = labels.classes;
  const target = settings.target ?? 0;
  const source = settings.source ?? 1;
  for (const [name, c] of [['target', target], ['source', source]] as const) {
    if (!Number.isInteger(c) || c < 0 || c >= K) throw invalidInput(`evaluate: ${name} class ${c} is not within 0..${K - 1} (${data.classNames.join(', ')})`, { path: [name] });
  }
  switch (attack) {
    case 'label-flip': {
      const p = randomLabelFlip(labels, { rate, seed });
      return { x, labels: { codes: p.labels, classes: K }, mask: p.mask, poisoned: p.manifest.poisoned, trigger: null, goal: null };
    }
    case 'targeted-flip': {
      const p = targetedLabelFlip(labels, { rate, seed, source, target });
      return { x, labels: { codes: p.labels, classes: K }, mask: p.mask, poisoned: p.manifest.poisoned, trigger: null, goal: { target, source } };
    }
    case 'backdoor-patch': {
      if (!data.imageShape) throw invalidInput(`evaluate: backdoor-patch stamps a patch on images, but the rows of ${data.name} are not images (give --image-shape HxW for a CSV of images)`, { path: ['attacks'] });
      const trigger: PatchTrigger = { shape: data.imageShape, size: 3, value: data.range[1] };
      const p = imagePatchBackdoor(x, labels, { rate, seed, target, trigger });
      return backdoor(p, K, (m) => applyPatchTrigger(m, trigger), target);
    }
    case 'blended': {
      const p = blendedBackdoor(x, labels, { rate, seed, target, alpha: 0.2, noiseRange: [data.range[0], data.range[1]] });
      return backdoor(p, K, (m) => applyBlendedTrigger(m, p.trigger), target);
    }
    case 'feature-trigger': {
      // The first three features, each set to its training maximum: a combination clean rows rarely show.
      const columns = Array.from({ length: Math.min(3, x.cols) }, (_, j) => j);
      const trigger: FeatureTrigger = { columns, values: columns.map((j) => data.columnMax[j]!) };
      const p = featureTriggerBackdoor(x, labels, { rate, seed, target, trigger });
      return backdoor(p, K, (m) => applyFeatureTrigger(m, trigger), target);
    }
  }
}

function backdoor(p: { x: Matrix<Float64Array>; labels: Int32Array; mask: Uint8Array; manifest: { poisoned: number } }, K: number, trigger: TriggerFunction, target: number): PoisonedTraining {
  return {
    x: { rows: p.x.rows, cols: p.x.cols, data: Float32Array.from(p.x.data) },
    labels: { codes: p.labels, classes: K },
    mask: p.mask,
    poisoned: p.manifest.poisoned,
    trigger,
    goal: { target, source: null },
  };
}

/**
 * How often the attack gets its way on the test rows: for a backdoor, the share of triggered test
 * rows not of the target class predicted as the target (the attack success rate); for a targeted
 * flip, the share of source-class test rows predicted as the target; null for random flips.
 */
export async function attackSuccess(p: PoisonedTraining, test: { readonly x: Matrix; readonly labels: Labels }, predict: (x: Matrix) => Promise<ArrayLike<number>>): Promise<number | null> {
  if (!p.goal) return null;
  const { target, source } = p.goal;
  const x = p.trigger ? p.trigger(test.x) : test.x;
  const predicted = await predict(x);
  let counted = 0;
  let hits = 0;
  for (let i = 0; i < test.labels.codes.length; i++) {
    const y = test.labels.codes[i]!;
    if (y < 0 || (source === null ? y === target : y !== source)) continue;
    counted++;
    if (predicted[i] === target) hits++;
  }
  return counted === 0 ? null : hits / counted;
}
