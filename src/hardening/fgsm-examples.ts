// Fast gradient sign method: Goodfellow, Shlens & Szegedy (2015), "Explaining and Harnessing Adversarial Examples", ICLR, arXiv:1412.6572.
import type { Labels } from '../core/detector.js';
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';

/** A model that gives the gradient of each row's loss with respect to its input (an `Mlp` does). */
export interface InputGradientModel {
  inputGradient(x: Matrix, labels: Labels): Promise<Matrix<Float32Array>>;
}

/** The box inputs must stay in, e.g. `[0, 1]` for scaled pixels. */
export type InputRange = readonly [low: number, high: number];

/** Settings of {@link fgsmExamples}. */
export interface FgsmOptions {
  /** The L∞ size of the step, ε > 0, in feature units. */
  readonly epsilon: number;
  /** Clip the result into this box (default: no clipping). */
  readonly clip?: InputRange;
}

/**
 * FGSM adversarial examples: `x' = clip(x + ε · sign(∇ₓ ℓ(x, y)))`, one step that raises each
 * row's loss to first order as much as an L∞ budget of ε allows. Rows whose label is -1 are
 * copied unchanged (their gradient is zero).
 *
 * @throws AntidoteError `invalid_input` for a non-positive ε or a box with low > high.
 * @example
 * const adversarial = await fgsmExamples(mlp, xTest, testLabels, { epsilon: 0.1, clip: [0, 1] });
 */
export async function fgsmExamples(model: InputGradientModel, x: Matrix, labels: Labels, options: FgsmOptions): Promise<Matrix<Float32Array>> {
  checkEpsilon(options.epsilon, 'fgsm');
  checkRange(options.clip, 'fgsm');
  const g = await model.inputGradient(x, labels);
  const out = Float32Array.from(x.data);
  signStep(out, g.data, options.epsilon);
  if (options.clip) clipInto(out, options.clip);
  return { rows: x.rows, cols: x.cols, data: out };
}

/** `out[q] += step · sign(g[q])` (no move where the gradient is zero). */
export function signStep(out: Float32Array, g: Float32Array, step: number): void {
  for (let q = 0; q < out.length; q++) {
    const s = g[q]!;
    if (s > 0) out[q] = out[q]! + step;
    else if (s < 0) out[q] = out[q]! - step;
  }
}

/** Clips every value into `[low, high]` in place. */
export function clipInto(out: Float32Array, [low, high]: InputRange): void {
  for (let q = 0; q < out.length; q++) out[q] = Math.min(high, Math.max(low, out[q]!));
}

/** Throws unless ε is a positive finite number. */
export function checkEpsilon(epsilon: number, what: string): void {
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw invalidInput(`${what}: epsilon = ${epsilon} must be a positive finite number (the L-infinity budget in feature units)`, { path: ['epsilon'] });
}

/** Throws unless the box is finite with low <= high. */
export function checkRange(range: InputRange | undefined, what: string): void {
  if (range === undefined) return;
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) throw invalidInput(`${what}: clip range [${lo}, ${hi}] must be finite with low <= high`, { path: ['clip'] });
}
