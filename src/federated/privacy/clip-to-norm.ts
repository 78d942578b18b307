/**
 * L2 clipping of one update, the first step of every client-level DP mechanism: it bounds each
 * client's contribution (the sensitivity) by the clipping norm C.
 */
import { invalidInput } from '../../core/errors.js';

/** A clipped update and what clipping did to it. */
export interface ClippedUpdate {
  /** `x · min(1, C / ‖x‖)`, a new array. */
  readonly values: Float32Array;
  /** ‖x‖ before clipping. */
  readonly norm: number;
  /** Whether ‖x‖ <= C (nothing was cut): what adaptive clipping counts. */
  readonly unclipped: boolean;
}

/**
 * Scales `values` down to L2 norm `clipNorm` when it is longer.
 *
 * @throws AntidoteError `invalid_input` when `clipNorm` is not a finite number > 0.
 *
 * @example
 * clipToNorm(new Float32Array([3, 4]), 1).values; // [0.6, 0.8]
 */
export function clipToNorm(values: Float32Array, clipNorm: number): ClippedUpdate {
  if (!(clipNorm > 0) || !Number.isFinite(clipNorm)) throw invalidInput(`clipToNorm: clipNorm is ${clipNorm}; it must be a finite number > 0`, { path: ['clipNorm'] });
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
  const norm = Math.sqrt(s);
  const scale = norm > clipNorm ? clipNorm / norm : 1;
  return { values: scale === 1 ? Float32Array.from(values) : values.map((v) => v * scale), norm, unclipped: norm <= clipNorm };
}
