/**
 * The k largest entries of every row of a product `A · Bᵀ`, computed natively by onnxruntime in
 * one graph (Gemm then TopK), so the full product never reaches JavaScript: the brute-force core
 * of exact nearest-neighbour search. The model has symbolic dimensions and takes k as an input,
 * so one cached session serves every shape. (A kernel by nature; it lives here until the kernels
 * layer offers it.)
 */
import { availableParallelism } from 'node:os';
import type * as Ort from 'onnxruntime-node';
import { AntidoteError, invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { encodeOnnxModel, loadOnnxRuntime } from '../../kernels/index.js';

/** The k largest products of each row: row i's are at `[i * k, i * k + k)`, in no particular order. */
export interface LargestProducts {
  readonly k: number;
  readonly values: Float32Array;
  /** Row numbers of `B`. */
  readonly indices: Int32Array;
}

let session: Promise<Ort.InferenceSession> | undefined;

/** The one-graph model: `G = Gemm(A, B, transB = 1)`, `(V, I) = TopK(G, k, axis = 1, largest = 1)`. */
export function largestProductsModel(): Uint8Array {
  return encodeOnnxModel({
    graph: {
      name: 'antidote_largest_products',
      inputs: [
        { name: 'A', elemType: 'float32', shape: ['M', 'K'] },
        { name: 'B', elemType: 'float32', shape: ['N', 'K'] },
        { name: 'k', elemType: 'int64', shape: [1] },
      ],
      outputs: [
        { name: 'V', elemType: 'float32', shape: ['M', 'k'] },
        { name: 'I', elemType: 'int64', shape: ['M', 'k'] },
      ],
      nodes: [
        { opType: 'Gemm', inputs: ['A', 'B'], outputs: ['G'], attributes: { transB: { kind: 'int', value: 1 } } },
        {
          opType: 'TopK',
          inputs: ['G', 'k'],
          outputs: ['V', 'I'],
          attributes: { axis: { kind: 'int', value: 1 }, largest: { kind: 'int', value: 1 }, sorted: { kind: 'int', value: 0 } },
        },
      ],
    },
  });
}

function getSession(): Promise<Ort.InferenceSession> {
  session ??= loadOnnxRuntime().then((ort) =>
    ort.InferenceSession.create(largestProductsModel(), {
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

/** Releases the native session (it is recreated on next use). */
export async function disposeLargestProducts(): Promise<void> {
  const s = session;
  session = undefined;
  await (await s?.catch(() => undefined))?.release();
}

/**
 * For every row of `a`, the `k` largest entries of that row of `a · btᵀ` and their column numbers
 * (float32 Gemm, so values carry float32 rounding).
 *
 * @param a m x p
 * @param bt n x p, at least k rows
 * @throws AntidoteError `invalid_input` for mismatched widths or k outside [1, n];
 *   `unsupported` when onnxruntime-node cannot be loaded.
 */
export async function largestProducts(a: Matrix<Float32Array>, bt: Matrix<Float32Array>, k: number): Promise<LargestProducts> {
  if (a.cols !== bt.cols) throw invalidInput(`largestProducts: a is ${a.rows} x ${a.cols} and bt is ${bt.rows} x ${bt.cols}; widths must match`);
  if (!Number.isInteger(k) || k < 1 || k > bt.rows) throw invalidInput(`largestProducts: k = ${k} must be an integer in [1, ${bt.rows}]`);
  if (a.rows === 0) return { k, values: new Float32Array(0), indices: new Int32Array(0) };
  const [ort, s] = await Promise.all([loadOnnxRuntime(), getSession()]);
  const out = await s.run({
    A: new ort.Tensor('float32', a.data, [a.rows, a.cols]),
    B: new ort.Tensor('float32', bt.data, [bt.rows, bt.cols]),
    k: new ort.Tensor('int64', BigInt64Array.of(BigInt(k)), [1]),
  });
  const v = out['V']?.data;
  const i = out['I']?.data;
  if (!(v instanceof Float32Array) || !(i instanceof BigInt64Array) || v.length !== a.rows * k || i.length !== a.rows * k) {
    throw new AntidoteError('internal', `onnxruntime returned unexpected TopK outputs for a ${a.rows} x ${bt.rows} product with k = ${k}`);
  }
  const indices = new Int32Array(i.length);
  for (let t = 0; t < i.length; t++) indices[t] = Number(i[t]!);
  return { k, values: v, indices };
}
