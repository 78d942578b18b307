/**
 * The nearest of a few centres for every row, the assignment step of k-means: a plain TypeScript
 * reference in double precision, and a native path where one onnxruntime graph computes
 * `‖c‖² − 2 x·c` (Gemm with the norms as bias) and its arg-min, so only one label per row comes
 * back to JavaScript. (A kernel by nature; it lives here until the
 * kernels layer offers it.)
 */
import { availableParallelism } from 'node:os';
import type * as Ort from 'onnxruntime-node';
import { AntidoteError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { encodeOnnxModel, loadOnnxRuntime } from '../../kernels/index.js';

/** Below this many multiply-adds (rows x centres x columns) the reference runs: no native call. */
export const NEAREST_CENTRES_NATIVE_FROM = 1 << 18;


let session: Promise<Ort.InferenceSession> | undefined;

/** The graph: `G = Gemm(X, C, Cn, alpha = −2, transB = 1)`, `L = int32(ArgMin(G, axis 1))`. */
export function nearestCentresModel(): Uint8Array {
  return encodeOnnxModel({
    graph: {
      name: 'antidote_nearest_centres',
      inputs: [
        { name: 'X', elemType: 'float32', shape: ['N', 'D'] },
        { name: 'C', elemType: 'float32', shape: ['K', 'D'] },
        { name: 'Cn', elemType: 'float32', shape: [1, 'K'] },
      ],
      outputs: [{ name: 'L', elemType: 'int32', shape: ['N'] }],
      nodes: [
        {
          opType: 'Gemm',
          inputs: ['X', 'C', 'Cn'],
          outputs: ['G'],
          attributes: { alpha: { kind: 'float', value: -2 }, transB: { kind: 'int', value: 1 } },
        },
        { opType: 'ArgMin', inputs: ['G'], outputs: ['L64'], attributes: { axis: { kind: 'int', value: 1 }, keepdims: { kind: 'int', value: 0 } } },
        { opType: 'Cast', inputs: ['L64'], outputs: ['L'], attributes: { to: { kind: 'int', value: 6 } } },
      ],
    },
  });
}

function getSession(): Promise<Ort.InferenceSession> {
  session ??= loadOnnxRuntime().then((ort) =>
    ort.InferenceSession.create(nearestCentresModel(), {
      intraOpNumThreads: availableParallelism(),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    }),
  );
  const created = session;
  created.catch(() => {
    if (session === created) session = undefined;
  });
  return created;
}

/**
 * The nearest centre of every row by direct loops in double precision (first centre on ties):
 * the oracle for {@link nearestCentres}.
 */
export function nearestCentresReference(x: Matrix<Float32Array>, centres: Float64Array, k: number): Int32Array {
  const { rows: n, cols: d, data } = x;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let p = 0, o = i * d, q = c * d; p < d; p++) {
        const t = data[o + p]! - centres[q + p]!;
        s += t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/**
 * The nearest of `k` centres (k x d, row-major, double precision) for every row of `x` (first
 * centre on ties). Large inputs run natively in float32 (arg-min of `‖c‖² − 2 x·c`), so rows
 * almost equidistant from two centres may go either way; small ones run on the reference.
 *
 * @throws AntidoteError `unsupported` when the native path is needed and onnxruntime-node cannot be loaded.
 */
export async function nearestCentres(x: Matrix<Float32Array>, centres: Float64Array, k: number): Promise<Int32Array> {
  const { rows: n, cols: d } = x;
  if (n * k * d < NEAREST_CENTRES_NATIVE_FROM) return nearestCentresReference(x, centres, k);
  const c = Float32Array.from(centres);
  const norms = new Float32Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let p = 0; p < d; p++) s += c[j * d + p]! * c[j * d + p]!;
    norms[j] = s;
  }
  const [ort, s] = await Promise.all([loadOnnxRuntime(), getSession()]);
  const out = await s.run({
    X: new ort.Tensor('float32', x.data, [n, d]),
    C: new ort.Tensor('float32', c, [k, d]),
    Cn: new ort.Tensor('float32', norms, [1, k]),
  });
  const labels = out['L']?.data;
  if (!(labels instanceof Int32Array) || labels.length !== n) {
    throw new AntidoteError('internal', `onnxruntime returned unexpected outputs for the nearest of ${k} centres of ${n} rows`);
  }
  return labels;
}
