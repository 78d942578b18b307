/**
 * Argument checks shared by the matrix kernels: one place that words the `invalid_input`
 * messages (both shapes, the rule, the element types), so every backend rejects the same inputs.
 */
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { dtypeOf, type FloatArray } from './float-array.js';

/** `rows x cols`, as messages print a shape. */
export function formatShape(m: Matrix): string {
  return `${m.rows} x ${m.cols}`;
}

/**
 * Checks that a matrix has a non-negative integer shape matching its data length.
 *
 * @throws AntidoteError `invalid_input` naming the matrix, its shape and its data length.
 */
export function assertMatrix(m: Matrix, name: string): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0) {
    throw invalidInput(`${name} has an invalid shape ${formatShape(m)}; rows and cols must be non-negative integers`);
  }
  if (!(m.data instanceof Float32Array || m.data instanceof Float64Array)) {
    throw invalidInput(`${name} data must be a Float32Array or a Float64Array`);
  }
  if (m.data.length !== m.rows * m.cols) {
    throw invalidInput(`${name} is ${formatShape(m)} but its data holds ${m.data.length} elements, expected ${m.rows * m.cols}`);
  }
}

/**
 * Checks the operands of `a · b`: both well-formed, of one element type, `a.cols === b.rows`, and
 * `out` (when given) `a.rows x b.cols` of that element type.
 *
 * @throws AntidoteError `invalid_input` with both shapes in the message.
 */
export function assertMatmulShapes(a: Matrix, b: Matrix, out?: Matrix): void {
  assertMatrix(a, 'matmul: a');
  assertMatrix(b, 'matmul: b');
  if (a.cols !== b.rows) {
    throw invalidInput(
      `matmul: shapes ${formatShape(a)} and ${formatShape(b)} do not align: a.cols (${a.cols}) must equal b.rows (${b.rows})`,
    );
  }
  assertSameDtype(a, b, 'matmul');
  if (out) assertOut(out, a.rows, b.cols, a.data, 'matmul');
}

/**
 * Checks the operands of `a · btᵀ`: both well-formed, of one element type, `a.cols === bt.cols`,
 * and `out` (when given) `a.rows x bt.rows` of that element type.
 *
 * @throws AntidoteError `invalid_input` with both shapes in the message.
 */
export function assertMatmulTransposedBShapes(a: Matrix, bt: Matrix, out?: Matrix): void {
  assertMatrix(a, 'matmulTransposedB: a');
  assertMatrix(bt, 'matmulTransposedB: bt');
  if (a.cols !== bt.cols) {
    throw invalidInput(
      `matmulTransposedB: shapes ${formatShape(a)} and ${formatShape(bt)} (used transposed) do not align: a.cols (${a.cols}) must equal bt.cols (${bt.cols})`,
    );
  }
  assertSameDtype(a, bt, 'matmulTransposedB');
  if (out) assertOut(out, a.rows, bt.rows, a.data, 'matmulTransposedB');
}

/**
 * Checks that `a` and `b` have the same element type.
 *
 * @throws AntidoteError `invalid_input` giving both shapes and element types.
 */
export function assertSameDtype(a: Matrix, b: Matrix, op: string): void {
  if (dtypeOf(a.data) !== dtypeOf(b.data)) {
    throw invalidInput(
      `${op}: operands ${formatShape(a)} (${dtypeOf(a.data)}) and ${formatShape(b)} (${dtypeOf(b.data)}) must have the same element type`,
    );
  }
}

function assertOut(out: Matrix, rows: number, cols: number, like: FloatArray, op: string): void {
  assertMatrix(out, `${op}: out`);
  if (out.rows !== rows || out.cols !== cols || dtypeOf(out.data) !== dtypeOf(like)) {
    throw invalidInput(`${op}: out is ${formatShape(out)} (${dtypeOf(out.data)}), expected ${rows} x ${cols} (${dtypeOf(like)})`);
  }
}
