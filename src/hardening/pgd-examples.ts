// Projected gradient descent attack: Madry, Makelov, Schmidt, Tsipras & Vladu (2018), "Towards Deep Learning Models Resistant to Adversarial Attacks", ICLR, arXiv:1706.06083.
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';
import { checkEpsilon, checkRange, clipInto, signStep, type InputGradientModel, type InputRange } from './fgsm-examples.js';

/** Settings of {@link pgdExamples}. */
export interface PgdOptions {
  /** The L∞ radius of the ball around each row, ε > 0, in feature units. */
  readonly epsilon: number;
  /** Sign-gradient steps (default 7). */
  readonly steps?: number;
  /** Size of each step (default 2.5 ε / steps, Madry et al.'s choice). */
  readonly stepSize?: number;
  /** Start from a uniform random point of the ball (default true, as in the paper); needs `rng`. */
  readonly randomStart?: boolean;
  /** Seeded randomness for the random start. */
  readonly rng?: Rng;
  /** Clip into this box after every step (default: no clipping). */
  readonly clip?: InputRange;
}

/**
 * PGD adversarial examples under an L∞ budget: from `x` (or a random point of the ε-ball), take
 * `steps` steps `x ← Π(x + α · sign(∇ₓ ℓ(x, y)))`, where Π projects back onto the ε-ball around
 * the original row and into the clip box.
 *
 * @throws AntidoteError `invalid_input` for a non-positive ε, step count or step size, a bad box,
 *   or a random start without an rng.
 * @example
 * const adversarial = await pgdExamples(mlp, x, labels, { epsilon: 0.1, steps: 7, rng: createRng(3), clip: [0, 1] });
 */
export async function pgdExamples(model: InputGradientModel, x: Matrix, labels: Labels, options: PgdOptions): Promise<Matrix<Float32Array>> {
  const eps = options.epsilon;
  checkEpsilon(eps, 'pgd');
  checkRange(options.clip, 'pgd');
  const steps = options.steps ?? 7;
  if (!Number.isInteger(steps) || steps < 1) throw invalidInput(`pgd: steps = ${steps} must be a positive integer`, { path: ['steps'] });
  const alpha = options.stepSize ?? (2.5 * eps) / steps;
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw invalidInput(`pgd: stepSize = ${alpha} must be a positive finite number`, { path: ['stepSize'] });
  const randomStart = options.randomStart ?? true;
  if (randomStart && !options.rng) throw invalidInput('pgd: a random start needs options.rng (a seeded Rng), or set randomStart to false', { path: ['rng'] });
  const origin = Float32Array.from(x.data);
  const cur = origin.slice();
  if (randomStart) for (let q = 0; q < cur.length; q++) cur[q] = cur[q]! + (2 * options.rng!.next() - 1) * eps;
  project(cur, origin, eps, options.clip);
  for (let s = 0; s < steps; s++) {
    const g = await model.inputGradient({ rows: x.rows, cols: x.cols, data: cur }, labels);
    signStep(cur, g.data, alpha);
    project(cur, origin, eps, options.clip);
  }
  // Rows without a label have no loss to raise: they stay as they were.
  for (let i = 0; i < x.rows; i++) if (labels.codes[i]! < 0) cur.set(origin.subarray(i * x.cols, (i + 1) * x.cols), i * x.cols);
  return { rows: x.rows, cols: x.cols, data: cur };
}

/** Projects onto the L∞ ball of radius ε around `origin`, then into the box. */
function project(cur: Float32Array, origin: Float32Array, eps: number, clip: InputRange | undefined): void {
  for (let q = 0; q < cur.length; q++) cur[q] = Math.min(origin[q]! + eps, Math.max(origin[q]! - eps, cur[q]!));
  if (clip) clipInto(cur, clip);
}
