/**
 * The input check every outlier detector runs before it learns or scores: a well-formed
 * float32 matrix of finite numbers, with the number of columns it was fitted on.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { assertMatrix } from '../../kernels/index.js';

/**
 * Checks that `x` is a float32 row-major matrix with at least `minRows` rows, every value finite,
 * and (when given) `expectedCols` columns.
 *
 * @param x the feature matrix
 * @param op what is being done, for the message (`isolation-forest.fit`)
 * @param expectedCols the column count seen at fit time, if any
 * @param minRows the fewest rows accepted (default 1)
 * @param checkValues whether to check every value is finite (default true; callers that find
 *   non-finite values more cheaply, e.g. through row norms, pass false and call again to name the cell)
 * @throws AntidoteError `invalid_input` naming the shape, the column count or the first non-finite cell.
 */
export function assertFeatureMatrix(x: Matrix, op: string, expectedCols?: number, minRows = 1, checkValues = true): asserts x is Matrix<Float32Array> {
  assertMatrix(x, `${op}: x`);
  if (!(x.data instanceof Float32Array)) throw invalidInput(`${op}: x must be backed by a Float32Array, got a Float64Array`);
  if (x.rows < minRows) throw invalidInput(`${op}: x has ${x.rows} rows; at least ${minRows} needed`);
  if (x.cols < 1) throw invalidInput(`${op}: x has no columns; at least one feature is needed`);
  if (expectedCols !== undefined && x.cols !== expectedCols) {
    throw invalidInput(`${op}: x has ${x.cols} columns but the detector was fitted on ${expectedCols}; score rows with the same features`);
  }
  if (!checkValues) return;
  const v = x.data;
  for (let i = 0; i < v.length; i++) {
    // x - x is 0 for finite x and NaN for NaN and ±Infinity: one comparison per value.
    if (v[i]! - v[i]! !== 0) {
      const r = Math.floor(i / x.cols);
      throw invalidInput(`${op}: x[${r}][${i - r * x.cols}] is ${v[i]}; every feature value must be a finite number (impute or drop missing values first)`);
    }
  }
}
