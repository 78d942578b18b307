// Gu, Dolan-Gavitt & Garg 2017, "BadNets: Identifying Vulnerabilities in the Machine Learning Model Supply Chain" (pixel-patch trigger).
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';

/** Where and how the trigger is stamped on flattened grey-scale images. */
export interface CornerPatchTrigger {
  /** Image height in pixels (rows are `height x width` pixels, row-major). */
  readonly height: number;
  /** Image width in pixels. */
  readonly width: number;
  /** Side of the square patch, in the bottom-right corner. */
  readonly size: number;
  /** The value every patch pixel is set to. */
  readonly value: number;
}

/** The trigger for 28 x 28 images scaled to [0, 1]: a white 4 x 4 square in the bottom-right corner. */
export const DEFAULT_PATCH_TRIGGER: CornerPatchTrigger = { height: 28, width: 28, size: 4, value: 1 };

/**
 * A copy of the rows `index` of `x` (all rows when absent) with the patch stamped on each.
 *
 * @throws AntidoteError `invalid_input` when the rows are not `height x width` pixels or the patch does not fit.
 *
 * @example
 * const triggered = stampTrigger(testImages, DEFAULT_PATCH_TRIGGER);
 */
export function stampTrigger(x: Matrix<Float32Array>, trigger: CornerPatchTrigger, index?: ArrayLike<number>): Matrix<Float32Array> {
  const { height, width, size, value } = trigger;
  if (x.cols !== height * width) throw invalidInput(`backdoor trigger: rows have ${x.cols} values, not ${height} x ${width} = ${height * width} pixels`);
  if (!Number.isInteger(size) || size < 1 || size > Math.min(height, width)) throw invalidInput(`backdoor trigger: patch size ${size} must be a whole number from 1 to ${Math.min(height, width)}`);
  const rows = index ?? { length: x.rows };
  const count = rows.length;
  const data = new Float32Array(count * x.cols);
  for (let r = 0; r < count; r++) {
    const i = index ? index[r]! : r;
    const o = r * x.cols;
    data.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), o);
    for (let py = height - size; py < height; py++) for (let px = width - size; px < width; px++) data[o + py * width + px] = value;
  }
  return { rows: count, cols: x.cols, data };
}
