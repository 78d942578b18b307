/**
 * The element types numeric kernels work on (float32 and float64, row-major) and the small
 * helpers that keep a result in its operands' element type.
 */
import type { Matrix } from '../core/matrix.js';

/** The typed arrays a kernel accepts. */
export type FloatArray = Float32Array | Float64Array;

/** The element type names, as `as const` so they can be checked at run time. */
export const FLOAT_DTYPES = ['float32', 'float64'] as const;

/** `'float32'` or `'float64'`. */
export type FloatDtype = (typeof FLOAT_DTYPES)[number];

/** The element type of a typed array. */
export function dtypeOf(a: FloatArray): FloatDtype {
  return a instanceof Float32Array ? 'float32' : 'float64';
}

/** A new zero matrix of the given shape with the element type of `like`. */
export function zerosLike<T extends FloatArray>(like: T, rows: number, cols: number): Matrix<T> {
  const data = (like instanceof Float32Array ? new Float32Array(rows * cols) : new Float64Array(rows * cols)) as T;
  return { rows, cols, data };
}

/** `src` as a Float64Array: the same array when it already is one, else a widened copy. */
export function asFloat64(src: ArrayLike<number>): Float64Array {
  return src instanceof Float64Array ? src : Float64Array.from(src);
}
