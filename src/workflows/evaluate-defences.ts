/**
 * The defences of the evaluation lab: no defence, a detector followed by sanitisation, and the
 * hardening methods of `hardening/`, each turning a poisoned training set into a classifier.
 */
import type { Dataset } from '../core/dataset.js';
import type { Labels } from '../core/detector.js';
import { AntidoteError, invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import type { DetectorRegistry } from '../detectors/detector-registry.js';
import { adversarialTraining } from '../hardening/adversarial-training.js';
import { DeepPartitionAggregation } from '../hardening/deep-partition-aggregation.js';
import { poisonAwareAugmentation } from '../hardening/poison-aware-augmentation.js';
import { trimmedLossTraining } from '../hardening/trimmed-loss-training.js';
import { Mlp, type MlpOptions } from '../models/mlp.js';
import type { PoisonedTraining } from './evaluate-attacks.js';
import type { EvaluationData } from './evaluate-data.js';
import { runDetectors } from './run-detectors.js';
import { decideFates } from './sanitize-batch.js';

/** The defences other than the detector ones (`detector:<name>+sanitize` or `+relabel`). */
export const EVALUATION_HARDENINGS = ['none', 'augment', 'adversarial', 'trimmed-loss', 'dpa'] as const;

/** A parsed defence name. */
export type EvaluationDefence =
  | { readonly kind: (typeof EVALUATION_HARDENINGS)[number] }
  | { readonly kind: 'detector'; readonly detector: string; readonly action: 'remove' | 'relabel' };

/**
 * Parses a defence name: one of {@link EVALUATION_HARDENINGS}, or `detector:<name>+sanitize`
 * (flagged rows removed) or `detector:<name>+relabel` (relabelled where confident learning
 * suggests a label, else removed).
 *
 * @throws AntidoteError `invalid_input` naming the valid forms and, for an unknown detector, the registered ones.
 */
export function parseDefence(name: string, registry: DetectorRegistry): EvaluationDefence {
  if ((EVALUATION_HARDENINGS as readonly string[]).includes(name)) return { kind: name as (typeof EVALUATION_HARDENINGS)[number] };
  const m = /^detector:([a-z0-9-]+)\+(sanitize|relabel)$/.exec(name);
  if (!m) {
    throw invalidInput(`unknown defence "${name}"; choose ${EVALUATION_HARDENINGS.join(', ')}, or detector:<name>+sanitize / detector:<name>+relabel`, { path: ['defences'] });
  }
  if (!registry.has(m[1]!)) throw invalidInput(`defence "${name}": unknown detector "${m[1]}"; available: ${[...registry.keys()].join(', ')}`, { path: ['defences'] });
  return { kind: 'detector', detector: m[1]!, action: m[2] === 'relabel' ? 'relabel' : 'remove' };
}

/** Settings of the defences, shared by every cell. */
export interface DefenceSettings {
  /** The classifier every defence trains (its rng is replaced per cell). */
  readonly model: Omit<MlpOptions, 'rng'>;
  /** augment: share of the training rows copied with the trigger (default 0.5). */
  readonly augmentFraction?: number;
  /** adversarial: FGSM's ε (default 5% of the feature range). */
  readonly epsilon?: number;
  /** trimmed-loss: share of highest-loss rows left out per epoch (default 0.2). */
  readonly trimFraction?: number;
  /** dpa: partitions (default 10). */
  readonly dpaPartitions?: number;
}

/** What a defence produced. */
export interface DefenceOutcome {
  readonly predict: (x: Matrix) => Promise<Int32Array>;
  /** Rows the detector flagged (detector defences), else null. */
  readonly flagged: Uint8Array | null;
  /** DPA: the median certified radius over the test rows, else null. */
  readonly certifiedMedian: number | null;
  /** Rows the final model trained on. */
  readonly trainRows: number;
}

/** The per-cell context of {@link runDefence}. */
export interface DefenceContext {
  readonly data: EvaluationData;
  readonly poisoned: PoisonedTraining;
  readonly seed: number;
  readonly settings: DefenceSettings;
  readonly registry: DetectorRegistry;
  /** The undefended model of this cell (trained once and shared by the defences that need it). */
  readonly undefended: () => Promise<Mlp>;
}

/** The seed of the model of a cell: the same for every defence, so their comparison is paired. */
export function modelSeed(seed: number): number {
  return (seed * 7919 + 17) >>> 0;
}

/** Trains the undefended model of a cell. */
export async function trainUndefended(poisoned: PoisonedTraining, seed: number, settings: DefenceSettings): Promise<Mlp> {
  return new Mlp({ ...settings.model, validationFraction: 0, rng: createRng(modelSeed(seed)) }).fit(poisoned.x, poisoned.labels);
}

/**
 * Runs one defence on the cell's poisoned training set.
 *
 * @throws AntidoteError from the detector or the model for settings they refuse.
 */
export async function runDefence(defence: EvaluationDefence, ctx: DefenceContext): Promise<DefenceOutcome> {
  const { poisoned, seed, settings, data } = ctx;
  const mlp = (): MlpOptions => ({ ...settings.model, validationFraction: 0, rng: createRng(modelSeed(seed)) });
  const plain = (m: Mlp, trainRows: number): DefenceOutcome => ({ predict: (x) => m.predict(x), flagged: null, certifiedMedian: null, trainRows });
  const [lo, hi] = data.range;
  switch (defence.kind) {
    case 'none':
      return plain(await ctx.undefended(), poisoned.x.rows);
    case 'augment': {
      // Without a trigger (label flips) there is nothing to augment with: the defence is plain training.
      if (!poisoned.trigger) return plain(await ctx.undefended(), poisoned.x.rows);
      const aug = poisonAwareAugmentation(poisoned.x, poisoned.labels, { triggers: [poisoned.trigger], fraction: settings.augmentFraction ?? 0.5, rng: createRng(seed + 1) });
      return plain(await new Mlp(mlp()).fit(aug.x, aug.labels), aug.x.rows);
    }
    case 'adversarial': {
      const epsilon = settings.epsilon ?? 0.05 * Math.max(hi - lo, 1e-6);
      return plain(await adversarialTraining(poisoned.x, poisoned.labels, { mlp: mlp(), method: 'fgsm', epsilon, clip: [lo, hi] }), poisoned.x.rows);
    }
    case 'trimmed-loss': {
      // Trimming by the loss of an under-trained model drops the minority class first (every row of it
      // has a high loss early on): the first half of the epochs train on every row.
      const warmupEpochs = Math.max(1, Math.floor((settings.model.maxEpochs ?? 20) / 2));
      return plain(await trimmedLossTraining(poisoned.x, poisoned.labels, { mlp: mlp(), trimFraction: settings.trimFraction ?? 0.2, warmupEpochs }), poisoned.x.rows);
    }
    case 'dpa': {
      const dpa = await new DeepPartitionAggregation({
        partitions: settings.dpaPartitions ?? 10,
        train: async (x, labels, p) => {
          const m = await new Mlp({ ...settings.model, validationFraction: 0, rng: createRng(modelSeed(seed) + 1000 + p) }).fit(x, labels);
          return (rows) => m.predict(rows);
        },
      }).fit(poisoned.x, poisoned.labels);
      const votes = await dpa.vote(data.test.x);
      const sorted = Int32Array.from(votes.certified).sort();
      return { predict: (x) => dpa.predict(x), flagged: null, certifiedMedian: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : null, trainRows: poisoned.x.rows };
    }
    case 'detector':
      return detectAndSanitize(defence.detector, defence.action, ctx);
  }
}

/**
 * Runs one detector on the poisoned training rows — on the undefended model's penultimate-layer
 * embeddings when the detector needs embeddings (spectral signatures, activation clustering, ...),
 * on the features otherwise — then removes (or relabels) the flagged rows and trains a new model.
 */
async function detectAndSanitize(name: string, action: 'remove' | 'relabel', ctx: DefenceContext): Promise<DefenceOutcome> {
  const { poisoned, seed, settings, registry, data } = ctx;
  const entry = registry.get(name);
  if (!entry) throw new AntidoteError('invalid_input', `unknown detector "${name}"; available: ${[...registry.keys()].join(', ')}`);
  const representation = entry.requires.includes('embeddings') ? await (await ctx.undefended()).embed(poisoned.x) : poisoned.x;
  const batch: Dataset = {
    rowCount: poisoned.x.rows,
    columns: [
      { kind: 'embedding', name: 'embedding', dim: representation.cols, values: representation.data },
      { kind: 'categorical', name: 'label', codes: poisoned.labels.codes, categories: data.classNames.map((_, k) => String(k)) },
    ],
  };
  const run = await runDetectors(batch, { registry, rng: createRng(seed + 2), policy: { run: [name] }, label: 'label' });
  if (run.skipped.some((s) => s.detector === name)) throw invalidInput(`detector "${name}" could not run: ${run.skipped.find((s) => s.detector === name)!.why}`);
  const fates = decideFates(run.rows, action === 'relabel' ? 'relabel' : 'remove');
  const flagged = new Uint8Array(poisoned.x.rows);
  const kept: number[] = [];
  const codes: number[] = [];
  for (const f of fates) {
    if (f.fate !== 'keep') flagged[f.index] = 1;
    if (f.fate === 'keep') {
      kept.push(f.index);
      codes.push(poisoned.labels.codes[f.index]!);
    } else if (f.fate === 'relabel' && f.newLabel !== undefined) {
      kept.push(f.index);
      codes.push(Number(f.newLabel));
    }
  }
  const d = poisoned.x.cols;
  const x = new Float32Array(kept.length * d);
  kept.forEach((i, r) => x.set(poisoned.x.data.subarray(i * d, (i + 1) * d), r * d));
  const labels: Labels = { codes: Int32Array.from(codes), classes: poisoned.labels.classes };
  const model = await new Mlp({ ...settings.model, validationFraction: 0, rng: createRng(modelSeed(seed)) }).fit({ rows: kept.length, cols: d, data: x }, labels);
  return { predict: (m) => model.predict(m), flagged, certifiedMedian: null, trainRows: kept.length };
}
