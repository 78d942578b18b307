/**
 * Fixed-point encoding of float updates into integers mod 2^32, the ring that masked secure
 * aggregation sums in: x ↦ round(x · scale) mod 2^32. A sum of n such values decodes exactly as a
 * signed 32-bit integer as long as n · ⌈maxAbsValue · scale⌉ < 2^31, which
 * {@link checkFixedPointCapacity} enforces before any value is encoded.
 */
import { invalidInput } from '../../core/errors.js';

/** How floats become integers: the scale, and the bound every encoded |value| must respect. */
export interface FixedPointOptions {
  /** Integer steps per unit: the resolution of one value is 1 / scale (rounding error ≤ 0.5 / scale). */
  readonly scale: number;
  /** The largest |value| a client may submit; larger values are rejected, never wrapped. */
  readonly maxAbsValue: number;
}

/** The largest magnitude a decoded sum may reach: 2^31 − 1. */
export const FIXED_POINT_SUM_LIMIT = 2 ** 31 - 1;

/**
 * Throws unless `clientCount` values of magnitude up to `maxAbsValue` sum without overflow:
 * clientCount · ⌈maxAbsValue · scale⌉ ≤ 2^31 − 1.
 */
export function checkFixedPointCapacity(options: FixedPointOptions, clientCount: number): void {
  const { scale, maxAbsValue } = options;
  if (!(Number.isFinite(scale) && scale > 0)) throw invalidInput(`fixed-point scale must be a positive finite number, got ${scale}`);
  if (!(Number.isFinite(maxAbsValue) && maxAbsValue > 0)) throw invalidInput(`fixed-point maxAbsValue must be a positive finite number, got ${maxAbsValue}`);
  if (!Number.isInteger(clientCount) || clientCount < 1) throw invalidInput(`client count must be a positive integer, got ${clientCount}`);
  const perClient = Math.ceil(maxAbsValue * scale);
  if (clientCount * perClient > FIXED_POINT_SUM_LIMIT) {
    const maxScale = Math.floor(FIXED_POINT_SUM_LIMIT / clientCount) / maxAbsValue;
    throw invalidInput(
      `fixed-point overflow: ${clientCount} clients x max |value| ${maxAbsValue} x scale ${scale} = ${clientCount * perClient} exceeds 2^31 - 1; ` +
        `lower the scale to at most ${maxScale.toPrecision(6)}, lower maxAbsValue, or use fewer clients per sum`,
    );
  }
}

/**
 * Encodes `values` as round(x · scale) mod 2^32. Throws on a non-finite value or one whose
 * magnitude exceeds `maxAbsValue`, naming its index.
 *
 * @example
 * encodeFixedPoint(Float32Array.of(0.5, -0.25), { scale: 1024, maxAbsValue: 1 }); // [512, 4294967040]
 */
export function encodeFixedPoint(values: Float32Array, options: FixedPointOptions): Uint32Array {
  const { scale, maxAbsValue } = options;
  const out = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(Math.abs(v) <= maxAbsValue)) {
      throw invalidInput(`value ${v} at index ${i} is outside the fixed-point range [-${maxAbsValue}, ${maxAbsValue}] (clip updates before secure aggregation)`);
    }
    out[i] = Math.round(v * scale); // a Uint32Array stores the integer mod 2^32
  }
  return out;
}

/** Decodes a sum mod 2^32 as signed 32-bit integers divided by `scale`. */
export function decodeFixedPointSum(sum: Uint32Array, scale: number): Float64Array {
  const out = new Float64Array(sum.length);
  for (let i = 0; i < sum.length; i++) out[i] = (sum[i]! | 0) / scale;
  return out;
}
