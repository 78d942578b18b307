/**
 * The matrix-product extension point: one interface every backend implements (plain TypeScript,
 * onnxruntime, later WebAssembly), so one contract suite can run over all of them and `matmul`
 * can choose between them (after TensorFlow.js's per-backend kernels).
 */
import type { Matrix } from '../core/matrix.js';
import type { FloatArray } from './float-array.js';

/** The backends a matrix product can run on. */
export const MATMUL_BACKENDS = ['reference', 'onnx'] as const;

/** One of {@link MATMUL_BACKENDS}. */
export type MatmulBackendName = (typeof MATMUL_BACKENDS)[number];

/**
 * A matrix-product implementation. Results have the operands' element type; operands are
 * checked (shapes align, one element type) and rejected with `invalid_input`.
 */
export interface MatmulBackend {
  readonly name: MatmulBackendName;
  /** `a · b` for `a` m x k and `b` k x n. */
  matmul<T extends FloatArray>(a: Matrix<T>, b: Matrix<T>): Promise<Matrix<T>>;
  /** `a · btᵀ` for `a` m x k and `bt` n x k. */
  matmulTransposedB<T extends FloatArray>(a: Matrix<T>, bt: Matrix<T>): Promise<Matrix<T>>;
  /** Frees native resources (sessions, threads); the backend can still be used afterwards. */
  dispose(): Promise<void>;
}
