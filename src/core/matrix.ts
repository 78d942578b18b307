/** A dense row-major matrix over a typed array: element (i, j) is `data[i * cols + j]`. */
export interface Matrix<T extends Float32Array | Float64Array = Float32Array | Float64Array> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
}

/** A zero matrix of the given shape. */
export function zeros32(rows: number, cols: number): Matrix<Float32Array> {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

/** A zero matrix of the given shape, double precision. */
export function zeros64(rows: number, cols: number): Matrix<Float64Array> {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wraps a typed array as a matrix, checking the length. */
export function asMatrix<T extends Float32Array | Float64Array>(data: T, rows: number, cols: number): Matrix<T> {
  if (data.length !== rows * cols) throw new RangeError(`matrix data has ${data.length} elements, expected ${rows} x ${cols} = ${rows * cols}`);
  return { rows, cols, data };
}

/** Row `i` as a view (no copy). */
export function row<T extends Float32Array | Float64Array>(m: Matrix<T>, i: number): T {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols) as T;
}
