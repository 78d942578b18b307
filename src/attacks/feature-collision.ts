// Feature-collision clean-label poisons: Shafahi, Huang, Najibi, Suciu, Studer, Dumitras & Goldstein (2018), "Poison Frogs! Targeted Clean-Label Poisoning Attacks on Neural Networks", NeurIPS.
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { inputSha256 } from './input-hash.js';
import type { FeaturePoisoning, Labels } from './poison-result.js';
import { copyMatrix } from './backdoor-poisoning.js';
import { checkClass, checkLabels, chooseRows, eligibleRows, maskOf, poisonCount } from './poison-rows.js';
import { collisionGradient, collisionLipschitz, represent, type Representation } from './representation.js';

/** Settings of {@link featureCollision}. */
export interface FeatureCollisionOptions {
  /** The target instance (one row of features) the attacker wants classified as `baseClass`. */
  readonly targetInstance: Float64Array;
  /** The class of the base instances; the poisons keep this, their correct label. */
  readonly baseClass: number;
  /** Fraction of the base-class rows turned into poisons, in [0, 1]. */
  readonly rate: number;
  readonly seed: number;
  /** Where the poisons collide with the target (default the identity). */
  readonly representation?: Representation;
  /**
   * Weight of ‖x − b‖² (default Shafahi et al.'s β = β₀ · (features / dimensions)² with β₀ = 0.25),
   * keeping each poison close to its base in input space.
   */
  readonly beta?: number;
  /** Forward-backward iterations (default 200). */
  readonly iterations?: number;
  /** Step λ of the forward (gradient) step (default 1/L for a linear map, L the gradient's Lipschitz constant; 0.01 for a function). */
  readonly step?: number;
  /** Box the poisons are kept in (e.g. [0, 255] for pixels), applied after each backward step. */
  readonly clip?: readonly [number, number];
}

/**
 * Crafts clean-label poisons: each of `round(rate * base-class rows)` base rows b (seeded choice)
 * becomes p = argminₓ ‖f(x) − f(t)‖² + β‖x − b‖², which looks like b in input space but sits on
 * the target t in representation space; its label stays the base class. The minimisation is
 * Shafahi et al.'s forward-backward splitting (their Algorithm 1): a gradient step on the
 * collision term, x̂ = x − λ∇‖f(x) − f(t)‖², then the proximal step of the β term,
 * x = (x̂ + 2λβ b) / (1 + 2λβ), the exact proximal map of λβ‖x − b‖² (the paper's update, with λβ,
 * is the proximal map of half that penalty; the factor 2 makes the iteration minimise the
 * objective as written). The gradient is exact for a linear f (x·W) and the identity, and
 * by central differences for a caller's function.
 *
 * @throws AntidoteError `invalid_input` for a target of the wrong width, non-finite features of a base row, or bad settings.
 * @example
 * const { x: poisoned, mask } = featureCollision(x, labels, {
 *   targetInstance: xTest.data.slice(0, 784), baseClass: 3, rate: 0.01, seed: 0,
 *   representation: { kind: 'linear', weights: penultimate },
 * });
 */
export function featureCollision(x: Matrix, labels: Labels, options: FeatureCollisionOptions): FeaturePoisoning {
  const out = copyMatrix(x, 'feature-collision');
  const { rows: n, cols: d } = out;
  checkLabels(labels, n, 'feature-collision');
  checkClass(options.baseClass, labels.classes, 'baseClass');
  const f = options.representation ?? { kind: 'identity' as const };
  const t = options.targetInstance;
  if (t.length !== d) throw invalidInput(`feature-collision: the target instance has ${t.length} features, the data ${d}`, { path: ['targetInstance'] });
  if (!t.every(Number.isFinite)) throw invalidInput('feature-collision: every feature of the target instance must be finite', { path: ['targetInstance'] });
  const ft = represent(f, t);
  const beta = options.beta ?? 0.25 * (d / ft.length) ** 2;
  const iterations = options.iterations ?? 200;
  const lipschitz = collisionLipschitz(f, d);
  const step = options.step ?? (f.kind === 'function' ? 0.01 : lipschitz > 0 ? 1 / lipschitz : 1);
  if (!(beta >= 0) || !Number.isFinite(beta)) throw invalidInput(`feature-collision: beta ${beta} must be a finite number >= 0`, { path: ['beta'] });
  if (!Number.isInteger(iterations) || iterations < 1) throw invalidInput(`feature-collision: iterations ${iterations} must be a positive integer`, { path: ['iterations'] });
  if (!(step > 0) || !Number.isFinite(step)) throw invalidInput(`feature-collision: step ${step} must be a positive finite number`, { path: ['step'] });
  const clip = options.clip;
  if (clip && !(clip[0] <= clip[1])) throw invalidInput(`feature-collision: clip range [${clip[0]}, ${clip[1]}] needs low <= high`, { path: ['clip'] });

  const eligible = eligibleRows(labels, (c) => c === options.baseClass);
  const rows = chooseRows(eligible, poisonCount(options.rate, eligible.length), createRng(options.seed));
  const shrink = 1 / (1 + 2 * step * beta);
  for (const i of rows) {
    const b = out.data.slice(i * d, (i + 1) * d);
    if (!b.every(Number.isFinite)) throw invalidInput(`feature-collision: base row ${i} has a missing or non-finite feature`, { path: ['x', i] });
    let p = Float64Array.from(b);
    for (let it = 0; it < iterations; it++) {
      const g = collisionGradient(f, p, ft);
      const next = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        let v = (p[j]! - step * g[j]! + 2 * step * beta * b[j]!) * shrink;
        if (clip) v = Math.min(clip[1], Math.max(clip[0], v));
        next[j] = v;
      }
      p = next;
    }
    out.data.set(p, i * d);
  }
  return {
    x: out,
    labels: labels.codes.slice(),
    mask: maskOf(n, rows),
    manifest: {
      attack: 'feature-collision',
      parameters: {
        rate: options.rate, baseClass: options.baseClass, classes: labels.classes, beta, iterations, step,
        representation: f.kind === 'linear' ? { kind: 'linear', dimensions: f.weights.cols, weightsSha256: inputSha256([f.weights.data]) } : { kind: f.kind },
        targetSha256: inputSha256([t]),
        clip: clip ? [clip[0], clip[1]] : null,
      },
      seed: options.seed,
      inputSha256: inputSha256([x.data, x.cols, labels.codes, labels.classes]),
      eligible: eligible.length,
      poisoned: rows.length,
    },
  };
}
