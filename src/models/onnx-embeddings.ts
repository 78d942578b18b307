/**
 * Representations from a user's ONNX model: runs the model with onnxruntime-node on the rows of a
 * matrix, batch by batch, and returns one named output flattened per row. Any value the model
 * lists as a graph output can be taken, which is how a penultimate layer is usually exposed.
 */
import { readFile } from 'node:fs/promises';
import type * as Ort from 'onnxruntime-node';
import { AntidoteError, invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { silentProgress, type Progress } from '../core/progress.js';
import { loadOnnxRuntime } from '../kernels/matmul-onnx.js';

/** Options of {@link extractEmbeddings}. */
export interface ExtractEmbeddingsOptions {
  /** The graph output to return, e.g. the hidden layer before the classifier head. */
  readonly output: string;
  /** The model input to feed; default the model's only input. */
  readonly inputName?: string;
  /** Rows per run (default 256). A model whose batch dimension is fixed runs that many at a time. */
  readonly batchSize?: number;
  readonly progress?: Progress;
}

/** The default number of rows per run of {@link extractEmbeddings}. */
export const DEFAULT_EMBEDDING_BATCH_SIZE = 256;

type FeedType = 'float32' | 'float64';

/** The input Antidote feeds: its name, element type, and the shape of one batch after its first axis. */
interface InputPlan {
  readonly name: string;
  readonly type: FeedType;
  /** Dimensions after the batch axis (their product is `input.cols`). */
  readonly rowDims: readonly number[];
  /** The batch size the model fixes, if it fixes one. */
  readonly fixedBatch: number | null;
}

/**
 * Runs the ONNX model at `modelPath` on every row of `input` and returns the output named
 * `options.output`, one row per input row (an output of shape [batch, a, b] becomes a x b columns).
 *
 * @throws AntidoteError `not_found` when the file does not exist; `invalid_input` when it is not a
 *   loadable model, lacks the named output (the message lists those it has), has no float input
 *   whose width matches `input.cols` (the message gives both widths), or yields NaN or infinite
 *   values; `unsupported` when onnxruntime-node cannot be loaded.
 *
 * @example
 * const emb = await extractEmbeddings('classifier.onnx', features, { output: 'hidden' });
 * // emb.rows === features.rows; emb.cols === width of the "hidden" layer
 */
export async function extractEmbeddings(modelPath: string, input: Matrix<Float32Array>, options: ExtractEmbeddingsOptions): Promise<Matrix<Float32Array>> {
  const batchSize = options.batchSize ?? DEFAULT_EMBEDDING_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw invalidInput(`batchSize must be a positive integer, got ${batchSize}`);
  if (input.rows === 0) throw invalidInput('there are no rows to run the ONNX model on', { file: modelPath });
  const progress = options.progress ?? silentProgress;
  const file = { file: modelPath };

  const bytes = await readModel(modelPath);
  const ort = await loadRuntime();
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new AntidoteError('invalid_input', `not a model onnxruntime can load: ${e instanceof Error ? e.message : String(e)}`, file, { cause: e });
  }
  try {
    if (!session.outputNames.includes(options.output)) {
      throw invalidInput(`the model has no output "${options.output}"; its outputs: ${session.outputNames.map((n) => `"${n}"`).join(', ')}`, file);
    }
    const plan = planInput(session, input.cols, options.inputName, modelPath);
    const step = plan.fixedBatch ?? batchSize;
    const buffer = plan.type === 'float32' ? new Float32Array(step * input.cols) : new Float64Array(step * input.cols);
    let out: Float32Array | null = null;
    let dim = 0;
    progress.start('ONNX embeddings', input.rows);
    for (let start = 0; start < input.rows; start += step) {
      const count = Math.min(step, input.rows - start);
      // A fixed batch dimension: the last, shorter batch is padded with zeros and the padding dropped.
      const fed = plan.fixedBatch ?? count;
      const feed = buffer.subarray(0, fed * input.cols);
      feed.fill(0);
      feed.set(input.data.subarray(start * input.cols, (start + count) * input.cols));
      const result = await session.run({ [plan.name]: new ort.Tensor(plan.type, feed, [fed, ...plan.rowDims]) }, [options.output]);
      const tensor = result[options.output];
      const rowDim = outputRowDim(tensor, fed, options.output, modelPath);
      if (out === null) {
        dim = rowDim;
        out = new Float32Array(input.rows * dim);
      } else if (rowDim !== dim) {
        throw invalidInput(`output "${options.output}" changed width between batches (${dim}, then ${rowDim} values per row)`, file);
      }
      const values = tensor!.data as Float32Array | Float64Array;
      for (let k = 0; k < count * dim; k++) {
        const v = values[k]!;
        if (!Number.isFinite(v)) {
          const r = start + Math.floor(k / dim);
          throw invalidInput(`output "${options.output}" is ${v} at row ${r + 1} (value ${(k % dim) + 1} of ${dim}); the model produced NaN or infinite values, so its representations cannot be used (check the input scaling)`, file);
        }
        out[start * dim + k] = v;
      }
      progress.update(start + count);
    }
    progress.finish();
    return { rows: input.rows, cols: dim, data: out! };
  } finally {
    await session.release();
  }
}

async function readModel(modelPath: string): Promise<Uint8Array> {
  try {
    return await readFile(modelPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AntidoteError(code === 'ENOENT' ? 'not_found' : 'invalid_input', code === 'ENOENT' ? 'no such ONNX model file' : `cannot read the ONNX model: ${(e as Error).message}`, { file: modelPath }, { cause: e });
  }
}

async function loadRuntime(): Promise<typeof Ort> {
  try {
    return await loadOnnxRuntime();
  } catch (e) {
    const cause = e instanceof AntidoteError && e.cause instanceof Error ? e.cause.message : String(e);
    throw new AntidoteError('unsupported', `running an ONNX model needs onnxruntime-node, which could not be loaded (${cause})`, undefined, { cause: e });
  }
}

/** Chooses the input to feed and checks its type and width against the data's `cols`. */
function planInput(session: Ort.InferenceSession, cols: number, inputName: string | undefined, modelPath: string): InputPlan {
  const file = { file: modelPath };
  const names = session.inputNames;
  const listed = names.map((n) => `"${n}"`).join(', ');
  let name: string;
  if (inputName !== undefined) {
    if (!names.includes(inputName)) throw invalidInput(`the model has no input "${inputName}"; its inputs: ${listed}`, file);
    if (names.length > 1) throw invalidInput(`the model takes ${names.length} inputs (${listed}); Antidote can feed only one`, file);
    name = inputName;
  } else {
    if (names.length !== 1) throw invalidInput(`the model takes ${names.length} inputs (${listed || 'none'}); Antidote needs a model with one float input`, file);
    name = names[0]!;
  }
  const meta = session.inputMetadata[names.indexOf(name)];
  if (meta === undefined || !meta.isTensor) throw invalidInput(`model input "${name}" is not a tensor`, file);
  if (meta.type !== 'float32' && meta.type !== 'float64') {
    throw invalidInput(`model input "${name}" is ${meta.type}; Antidote feeds float32 or float64 features`, file);
  }
  const shape = meta.shape;
  const shown = `[${shape.join(', ')}]`;
  // Unknown rank: feed [rows, cols] and let the model say whether that fits.
  if (shape.length === 0) return { name, type: meta.type, rowDims: [cols], fixedBatch: null };
  if (shape.length === 1) throw invalidInput(`model input "${name}" has shape ${shown}; Antidote needs a batch axis followed by the features`, file);
  const fixedBatch = typeof shape[0] === 'number' && shape[0] > 0 ? shape[0] : null;
  const rest = shape.slice(1);
  if (rest.length === 1) {
    const width = rest[0]!;
    if (typeof width === 'number' && width !== cols) {
      throw invalidInput(`model input "${name}" takes rows of ${width} values (shape ${shown}) but the data has ${cols} columns`, file);
    }
    return { name, type: meta.type, rowDims: [cols], fixedBatch };
  }
  // Higher rank (e.g. [batch, 1, 28, 28]): the row is reshaped, so every axis after the batch must be fixed.
  if (rest.some((d) => typeof d !== 'number')) {
    throw invalidInput(`model input "${name}" has shape ${shown}; with more than one axis after the batch, each must have a fixed size`, file);
  }
  const dims = rest as number[];
  const width = dims.reduce((p, d) => p * d, 1);
  if (width !== cols) throw invalidInput(`model input "${name}" takes rows of ${width} values (shape ${shown}) but the data has ${cols} columns`, file);
  return { name, type: meta.type, rowDims: dims, fixedBatch };
}

/** Values per row of one batch's output, after checking it is a float tensor with one row per fed row. */
function outputRowDim(tensor: Ort.Tensor | undefined, fed: number, output: string, modelPath: string): number {
  if (tensor === undefined) throw new AntidoteError('internal', `onnxruntime returned no value for output "${output}"`, { file: modelPath });
  if (!(tensor.data instanceof Float32Array) && !(tensor.data instanceof Float64Array)) {
    throw invalidInput(`output "${output}" is ${tensor.type}; embeddings must be float32 or float64`, { file: modelPath });
  }
  if (tensor.dims.length === 0 || tensor.dims[0] !== fed) {
    throw invalidInput(`output "${output}" has shape [${tensor.dims.join(', ')}] for a batch of ${fed} rows; it needs one entry per row along its first axis`, { file: modelPath });
  }
  const dim = tensor.dims.slice(1).reduce((p, d) => p * d, 1);
  if (dim === 0) throw invalidInput(`output "${output}" has shape [${tensor.dims.join(', ')}]: no values per row`, { file: modelPath });
  return dim;
}
