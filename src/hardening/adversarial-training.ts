// Adversarial training: FGSM (Goodfellow, Shlens & Szegedy 2015, arXiv:1412.6572) and PGD (Madry et al. 2018, arXiv:1706.06083).
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Mlp, MlpOptions } from '../models/mlp.js';
import { fgsmExamples, type InputGradientModel, type InputRange } from './fgsm-examples.js';
import { batchInputGradient, trainMlp, type MlpBatch, type TrainingState } from './mlp-training-loop.js';
import { pgdExamples } from './pgd-examples.js';

/** The attacks adversarial training can train against. */
export const ADVERSARIAL_METHODS = ['fgsm', 'pgd'] as const;

/** One of {@link ADVERSARIAL_METHODS}. */
export type AdversarialMethod = (typeof ADVERSARIAL_METHODS)[number];

/** Settings of {@link adversarialTraining}. */
export interface AdversarialTrainingOptions {
  /** The MLP's settings (its rng also draws PGD's random starts). */
  readonly mlp: MlpOptions;
  /** `fgsm` (Goodfellow et al.) or `pgd` (Madry et al.); default `fgsm`. */
  readonly method?: AdversarialMethod;
  /** The L∞ budget of the adversarial examples, in feature units. */
  readonly epsilon: number;
  /** PGD steps (default 7). */
  readonly steps?: number;
  /** Keep inputs inside this box, e.g. [0, 1] for scaled pixels. */
  readonly clip?: InputRange;
  /**
   * Train on each clean mini-batch together with its adversarial copy, equal weights (default
   * true: Goodfellow et al.'s α = 0.5 objective); false trains on the adversarial copy alone, as Madry et al. do.
   */
  readonly mixClean?: boolean;
}

/**
 * Trains an MLP on adversarial examples made on the fly: every mini-batch is attacked with FGSM or
 * PGD against the current weights, and the step is taken on the attacked rows (with the clean ones
 * when `mixClean`). The model is then less sensitive to small input perturbations, a property that
 * also blunts some poisons that rely on small, precise feature changes.
 *
 * @throws AntidoteError `invalid_input` for an unknown method, a non-positive ε, or any setting the Mlp refuses.
 * @example
 * const robust = await adversarialTraining(x, labels, { mlp: { rng: createRng(1), maxEpochs: 8 }, method: 'pgd', epsilon: 0.1, clip: [0, 1] });
 */
export async function adversarialTraining(x: Matrix, labels: Labels, options: AdversarialTrainingOptions): Promise<Mlp> {
  const method = options.method ?? 'fgsm';
  if (!(ADVERSARIAL_METHODS as readonly string[]).includes(method)) {
    throw invalidInput(`adversarial training: unknown method "${method}"; choose one of ${ADVERSARIAL_METHODS.join(', ')}`, { path: ['method'] });
  }
  const mix = options.mixClean ?? true;
  const rng = options.mlp.rng;
  return trainMlp(x, labels, options.mlp, {
    transformBatch: async (batch, state) => {
      const model = currentModel(state);
      const batchLabels: Labels = { codes: batch.y, classes: state.classes };
      const adversarial =
        method === 'fgsm'
          ? await fgsmExamples(model, batch.x, batchLabels, { epsilon: options.epsilon, ...(options.clip ? { clip: options.clip } : {}) })
          : await pgdExamples(model, batch.x, batchLabels, { epsilon: options.epsilon, rng, ...(options.steps !== undefined ? { steps: options.steps } : {}), ...(options.clip ? { clip: options.clip } : {}) });
      return mix ? concatBatches(batch, { x: adversarial, y: batch.y }) : { x: adversarial, y: batch.y };
    },
  });
}

/** The weights being trained, seen as a model that gives input gradients. */
function currentModel(state: TrainingState): InputGradientModel {
  return { inputGradient: (x, labels) => batchInputGradient(state, { x: { rows: x.rows, cols: x.cols, data: x.data instanceof Float32Array ? x.data : Float32Array.from(x.data) }, y: labels.codes }) };
}

function concatBatches(a: MlpBatch, b: MlpBatch): MlpBatch {
  const data = new Float32Array(a.x.data.length + b.x.data.length);
  data.set(a.x.data);
  data.set(b.x.data, a.x.data.length);
  const y = new Int32Array(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  return { x: { rows: a.x.rows + b.x.rows, cols: a.x.cols, data }, y };
}
