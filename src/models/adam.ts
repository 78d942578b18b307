// Adam: a method for stochastic optimisation (Kingma & Ba 2015, arXiv:1412.6980), with the bias-corrected moments of Algorithm 1.
import { invalidInput } from '../core/errors.js';

/** Settings of {@link Adam}; the defaults are the paper's. */
export interface AdamOptions {
  /** Step size α (default 1e-3). */
  readonly learningRate?: number;
  /** Decay of the first-moment estimate β₁ (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second-moment estimate β₂ (default 0.999). */
  readonly beta2?: number;
  /** ε added to the root of the second moment (default 1e-8). */
  readonly epsilon?: number;
}

/** {@link AdamOptions} with every default filled in. */
export type AdamSettings = Required<AdamOptions>;

/**
 * Fills in Adam's defaults and checks the values.
 *
 * @throws AntidoteError `invalid_input` for a non-positive learning rate or ε, or a β outside [0, 1).
 */
export function adamSettings(options: AdamOptions = {}): AdamSettings {
  const s = { learningRate: options.learningRate ?? 1e-3, beta1: options.beta1 ?? 0.9, beta2: options.beta2 ?? 0.999, epsilon: options.epsilon ?? 1e-8 };
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate)) throw invalidInput(`adam: learningRate = ${s.learningRate} must be a positive finite number`);
  for (const name of ['beta1', 'beta2'] as const) {
    if (!(s[name] >= 0 && s[name] < 1)) throw invalidInput(`adam: ${name} = ${s[name]} must be within [0, 1)`);
  }
  if (!(s.epsilon > 0) || !Number.isFinite(s.epsilon)) throw invalidInput(`adam: epsilon = ${s.epsilon} must be a positive finite number`);
  return s;
}

/**
 * One Adam update of `param` in place, at step `t` (1 for the first update):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², param ← param − α · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 * The moments are kept in double precision.
 *
 * @example
 * adamUpdate(w, grad, m, v, 1, adamSettings()); // w moves by about -α·sign(grad)
 */
export function adamUpdate(param: Float32Array | Float64Array, grad: Float32Array | Float64Array, m: Float64Array, v: Float64Array, t: number, s: AdamSettings): void {
  const c1 = 1 - s.beta1 ** t;
  const c2 = 1 - s.beta2 ** t;
  const { learningRate: lr, beta1, beta2, epsilon } = s;
  for (let q = 0; q < param.length; q++) {
    const g = grad[q]!;
    const mq = beta1 * m[q]! + (1 - beta1) * g;
    const vq = beta2 * v[q]! + (1 - beta2) * g * g;
    m[q] = mq;
    v[q] = vq;
    param[q] = param[q]! - (lr * (mq / c1)) / (Math.sqrt(vq / c2) + epsilon);
  }
}

/**
 * The state of Adam over a fixed list of parameter arrays: their first and second moments and the
 * step count. Holds no parameters itself; {@link Adam.step} updates the arrays it is given.
 *
 * @example
 * const adam = new Adam([w.length, b.length], { learningRate: 1e-3 });
 * adam.step([w, b], [gw, gb]);
 */
export class Adam {
  /** The settings, defaults filled in. */
  readonly settings: AdamSettings;
  private readonly first: Float64Array[];
  private readonly second: Float64Array[];
  private t = 0;

  /** Zero moments for arrays of the given lengths. */
  constructor(sizes: readonly number[], options: AdamOptions = {}) {
    this.settings = adamSettings(options);
    this.first = sizes.map((n) => new Float64Array(n));
    this.second = sizes.map((n) => new Float64Array(n));
  }

  /** Updates are applied so far. */
  get steps(): number {
    return this.t;
  }

  /**
   * Applies one update to every parameter array with its gradient.
   *
   * @throws AntidoteError `invalid_input` when the arrays do not match the sizes given at construction.
   */
  step(params: readonly (Float32Array | Float64Array)[], grads: readonly (Float32Array | Float64Array)[]): void {
    if (params.length !== this.first.length || grads.length !== this.first.length) {
      throw invalidInput(`adam: ${params.length} parameter and ${grads.length} gradient arrays for an optimiser of ${this.first.length}`);
    }
    this.t++;
    for (let j = 0; j < params.length; j++) {
      const p = params[j]!;
      const g = grads[j]!;
      if (p.length !== this.first[j]!.length || g.length !== p.length) {
        throw invalidInput(`adam: array ${j} has ${p.length} parameters and ${g.length} gradients; the optimiser was built for ${this.first[j]!.length}`);
      }
      adamUpdate(p, g, this.first[j]!, this.second[j]!, this.t, this.settings);
    }
  }
}
