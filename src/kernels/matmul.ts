/**
 * The public matrix product: `matmul` picks the onnxruntime backend for products large enough
 * to repay its fixed cost (~40-70 µs per call) and the plain TypeScript reference below that;
 * `matmulSync` always runs the reference, for callers that cannot await.
 */
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { FloatArray } from './float-array.js';
import { MATMUL_BACKENDS, type MatmulBackend, type MatmulBackendName } from './matmul-backend.js';
import { createOnnxMatmulBackend } from './matmul-onnx.js';
import { matmulReference, matmulTransposedBReference, referenceMatmulBackend } from './matmul-reference.js';
import { assertMatmulShapes, assertMatmulTransposedBShapes } from './shape-checks.js';

/**
 * The smallest product, in multiply-adds (m · k · n), that `matmul` sends to onnxruntime.
 * Measured here (bench/matmul.ts, `antidote.matmul.crossover` lines): a call into onnxruntime
 * costs ~40-70 µs whatever the size, and the reference runs small products at ~0.5-1 G
 * multiply-adds/s, so they break even somewhere between 24³ and 32³ depending on the run
 * (32³: reference 56-62 µs, onnx 49-76 µs). From 40³ = 64,000 onnxruntime wins in every run, for
 * square and skinny shapes alike (40³: 86-112 vs 45-77 µs; 1000x8x8: 104 vs 52 µs). The
 * threshold sits there, at the top of the noisy band, so the reference (no native call, no session
 * to create on first use) keeps the products where neither clearly wins.
 */
export const MATMUL_ONNX_MIN_MULTIPLY_ADDS = 64_000;

/** What `matmul` may be told to use: a named backend, or `auto` (by size). */
export const MATMUL_CHOICES = ['auto', ...MATMUL_BACKENDS] as const;

/** One of {@link MATMUL_CHOICES}. */
export type MatmulChoice = (typeof MATMUL_CHOICES)[number];

/** Options of {@link matmul} and {@link matmulTransposedB}. */
export interface MatmulOptions {
  /** `auto` (default): onnx from {@link MATMUL_ONNX_MIN_MULTIPLY_ADDS} multiply-adds up, reference below. */
  readonly backend?: MatmulChoice;
}

let sharedOnnx: MatmulBackend | undefined;

/**
 * The shared instance of a backend, by name (the onnx one is created on first request and keeps
 * its sessions until {@link disposeMatmulBackends}).
 *
 * @throws AntidoteError `invalid_input` for an unknown name, listing the available ones.
 */
export function matmulBackend(name: string): MatmulBackend {
  switch (name) {
    case 'reference':
      return referenceMatmulBackend;
    case 'onnx':
      sharedOnnx ??= createOnnxMatmulBackend();
      return sharedOnnx;
    default:
      throw invalidInput(`unknown matmul backend "${name}"; available: ${MATMUL_BACKENDS.join(', ')}`);
  }
}

/** Releases the shared backends' native resources (onnxruntime sessions). They are recreated on next use. */
export async function disposeMatmulBackends(): Promise<void> {
  const onnx = sharedOnnx;
  sharedOnnx = undefined;
  await onnx?.dispose();
}

/** The backend `auto` picks for an m x k by k x n product. */
export function chooseMatmulBackend(m: number, k: number, n: number): MatmulBackendName {
  return m * k * n >= MATMUL_ONNX_MIN_MULTIPLY_ADDS ? 'onnx' : 'reference';
}

function resolve(choice: MatmulChoice | undefined, m: number, k: number, n: number): MatmulBackend {
  const c = choice ?? 'auto';
  if (c === 'auto') return matmulBackend(chooseMatmulBackend(m, k, n));
  if (!(MATMUL_CHOICES as readonly string[]).includes(c)) {
    throw invalidInput(`unknown matmul backend "${String(c)}"; available: ${MATMUL_CHOICES.join(', ')}`);
  }
  return matmulBackend(c);
}

/**
 * The product `a · b` (float32 or float64; the result has the operands' element type), on the
 * backend `options.backend` names or, by default, the fastest for its size.
 *
 * @param a m x k
 * @param b k x n, same element type as `a`
 * @throws AntidoteError `invalid_input` when the shapes do not align (the message gives both);
 *   `unsupported` when the onnx backend is needed and onnxruntime-node cannot be loaded.
 *
 * @example
 * const c = await matmul(asMatrix(new Float32Array(2048 * 2048), 2048, 2048), asMatrix(new Float32Array(2048 * 2048), 2048, 2048));
 */
export async function matmul<T extends FloatArray>(a: Matrix<T>, b: Matrix<T>, options: MatmulOptions = {}): Promise<Matrix<T>> {
  assertMatmulShapes(a, b);
  return resolve(options.backend, a.rows, a.cols, b.cols).matmul(a, b);
}

/**
 * The product `a · btᵀ` without materialising the transpose (Gram matrices, `X · Yᵀ` in
 * distance computations), on the backend chosen as for {@link matmul}.
 *
 * @param a m x k
 * @param bt n x k, same element type as `a`
 * @throws AntidoteError `invalid_input` when `a.cols !== bt.cols` (the message gives both shapes).
 */
export async function matmulTransposedB<T extends FloatArray>(a: Matrix<T>, bt: Matrix<T>, options: MatmulOptions = {}): Promise<Matrix<T>> {
  assertMatmulTransposedBShapes(a, bt);
  return resolve(options.backend, a.rows, a.cols, bt.rows).matmulTransposedB(a, bt);
}

/**
 * `a · b` synchronously, always on the plain TypeScript reference (~2-3 GFLOP/s: fine for small
 * products, slow for large ones, where {@link matmul} is ~40x faster).
 *
 * @throws AntidoteError `invalid_input` when the shapes do not align.
 */
export function matmulSync<T extends FloatArray>(a: Matrix<T>, b: Matrix<T>, out?: Matrix<T>): Matrix<T> {
  return matmulReference(a, b, out);
}

/**
 * `a · btᵀ` synchronously, always on the plain TypeScript reference.
 *
 * @throws AntidoteError `invalid_input` when `a.cols !== bt.cols`.
 */
export function matmulTransposedBSync<T extends FloatArray>(a: Matrix<T>, bt: Matrix<T>, out?: Matrix<T>): Matrix<T> {
  return matmulTransposedBReference(a, bt, out);
}
