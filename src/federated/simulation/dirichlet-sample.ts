// Marsaglia & Tsang 2000, "A Simple Method for Generating Gamma Variables" (ACM TOMS 26(3)); Dirichlet as normalised gammas.
import { invalidInput } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';

/**
 * A Gamma(shape, 1) deviate: Marsaglia and Tsang's squeeze for shape >= 1, and for shape < 1 the
 * boost `Gamma(shape + 1) · U^(1/shape)`.
 *
 * @throws AntidoteError `invalid_input` when shape is not a finite number > 0.
 */
export function gammaSample(shape: number, rng: Rng): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw invalidInput(`gamma: shape ${shape} must be a finite number > 0`);
  if (shape < 1) {
    const u = 1 - rng.next(); // in (0, 1]
    return gammaSample(shape + 1, rng) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A draw from the symmetric Dirichlet(α, ..., α) over `k` categories (non-negative, summing to 1).
 * For very small α every gamma can underflow to 0; the draw then puts all mass on one category
 * picked uniformly, its limit.
 *
 * @throws AntidoteError `invalid_input` for α not a finite number > 0 or k not a whole number >= 1.
 *
 * @example
 * dirichletSample(0.5, 10, createRng(1)); // ten proportions
 */
export function dirichletSample(alpha: number, k: number, rng: Rng): Float64Array {
  if (!Number.isInteger(k) || k < 1) throw invalidInput(`dirichlet: k = ${k} categories must be a whole number >= 1`);
  const out = new Float64Array(k);
  let sum = 0;
  for (let j = 0; j < k; j++) {
    out[j] = gammaSample(alpha, rng);
    sum += out[j]!;
  }
  if (sum === 0) {
    out[rng.nextInt(k)] = 1;
    return out;
  }
  for (let j = 0; j < k; j++) out[j]! /= sum;
  return out;
}
