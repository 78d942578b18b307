// Karimireddy, He & Jaggi 2021, "Learning from History for Byzantine Robust Optimization" (centered clipping).
import type { ClientUpdate } from '../../core/aggregator.js';
import { integerOption, numberOption, validateUpdates, vectorOption } from './validate-updates.js';

/** Options of {@link centeredClipping}. */
export interface CenteredClippingOptions {
  /** Clipping radius τ around the current centre, > 0 (default 10). */
  readonly tau?: number;
  /** Clipping iterations l (default 3; the paper uses l = 1 when the centre is the previous momentum). */
  readonly iterations?: number;
  /** Starting centre v₀: the previous aggregate (global update or server momentum); default zeros. */
  readonly center?: Float32Array;
}

/**
 * Centered clipping: starting from `center`, repeats `iterations` times
 * `v ← v + (1/n) Σᵢ (xᵢ − v) · min(1, τ / ‖xᵢ − v‖)`, so each client moves the centre by at most
 * τ/n per iteration. Unweighted (ignores `numExamples`), as in the paper.
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, τ not > 0,
 *   iterations not an integer >= 1, or a centre of the wrong length.
 *
 * @example
 * const global = centeredClipping(updates, { tau: 1, iterations: 1, center: previousGlobalUpdate });
 */
export function centeredClipping(updates: readonly ClientUpdate[], options: CenteredClippingOptions = {}): Float32Array {
  const { n, d } = validateUpdates(updates, 'centeredClipping');
  const tau = numberOption(options.tau ?? 10, 'tau', 'centeredClipping', 0, Infinity, true);
  const iterations = integerOption(options.iterations ?? 3, 'iterations', 'centeredClipping', 1, 10_000);
  const v = options.center ? Float64Array.from(vectorOption(options.center, 'center', 'centeredClipping', d)) : new Float64Array(d);
  const step = new Float64Array(d);
  for (let l = 0; l < iterations; l++) {
    step.fill(0);
    for (const u of updates) {
      const x = u.values;
      let s = 0;
      for (let p = 0; p < d; p++) s += (x[p]! - v[p]!) ** 2;
      const norm = Math.sqrt(s);
      const scale = norm > tau ? tau / norm : 1;
      for (let p = 0; p < d; p++) step[p]! += (x[p]! - v[p]!) * scale;
    }
    for (let p = 0; p < d; p++) v[p]! += step[p]! / n;
  }
  return Float32Array.from(v);
}
