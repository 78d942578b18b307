/**
 * The JSON file format of Antidote's built-in models: a versioned envelope
 * `{ format: "antidote-model", kind, version, config, state }` whose arrays are stored as
 * base64 little-endian tensors with their dtype and shape, so weights round-trip bit for bit.
 * These helpers write and validate the envelope and the tensors; each model maps its own
 * config and state.
 */
import { AntidoteError } from '../core/errors.js';

/** The `format` field of every model file. */
export const MODEL_JSON_FORMAT = 'antidote-model';

/** The model kinds a file can hold. */
export const MODEL_JSON_KINDS = ['mlp', 'softmax-regression'] as const;

/** One of {@link MODEL_JSON_KINDS}. */
export type ModelJsonKind = (typeof MODEL_JSON_KINDS)[number];

/** Element types a stored tensor may have. */
export const MODEL_TENSOR_DTYPES = ['float32', 'float64'] as const;

/** One of {@link MODEL_TENSOR_DTYPES}. */
export type ModelTensorDtype = (typeof MODEL_TENSOR_DTYPES)[number];

/** A stored tensor: dtype, shape, and the little-endian bytes in base64. */
export interface ModelJsonTensor {
  readonly dtype: ModelTensorDtype;
  readonly shape: readonly number[];
  readonly base64: string;
}

/** The envelope of a saved model. */
export interface ModelJson<C = Record<string, unknown>, S = Record<string, unknown>> {
  readonly format: typeof MODEL_JSON_FORMAT;
  readonly kind: ModelJsonKind;
  readonly version: number;
  /** The constructor settings. */
  readonly config: C;
  /** The fitted state. */
  readonly state: S;
}

/** A location in a model file, for error messages. */
export type JsonPath = readonly (string | number)[];

/** An `invalid_input` error about the model file at `path`. */
export function modelJsonError(message: string, path: JsonPath): AntidoteError {
  return new AntidoteError('invalid_input', `model file: ${path.length > 0 ? `${path.join('.')}: ` : ''}${message}`, { path: [...path] });
}

/**
 * Encodes an array as a {@link ModelJsonTensor} of the array's own element type.
 *
 * @example
 * encodeModelTensor(Float32Array.of(1, 2), [2]); // { dtype: 'float32', shape: [2], base64: 'AACAPwAAAEA=' }
 */
export function encodeModelTensor(data: Float32Array | Float64Array, shape: readonly number[]): ModelJsonTensor {
  const dtype: ModelTensorDtype = data instanceof Float32Array ? 'float32' : 'float64';
  const width = data.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(data.length * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) {
    if (dtype === 'float32') view.setFloat32(i * width, data[i]!, true);
    else view.setFloat64(i * width, data[i]!, true);
  }
  return { dtype, shape: [...shape], base64: Buffer.from(bytes).toString('base64') };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes a stored tensor, checking that it is one, that its shape is `shape` and its dtype
 * `dtype`, and that every value is finite.
 *
 * @throws AntidoteError `invalid_input` naming the field (`state.layers.0.weights`) and the rule broken.
 */
export function decodeModelTensor<D extends ModelTensorDtype>(
  value: unknown,
  path: JsonPath,
  dtype: D,
  shape: readonly number[],
): D extends 'float32' ? Float32Array : Float64Array;
export function decodeModelTensor(value: unknown, path: JsonPath, dtype: ModelTensorDtype, shape: readonly number[]): Float32Array | Float64Array {
  const t = expectObject(value, path);
  if (t['dtype'] !== dtype) throw modelJsonError(`dtype is ${JSON.stringify(t['dtype'])}; this model stores ${dtype}`, [...path, 'dtype']);
  const stored = t['shape'];
  if (!Array.isArray(stored) || stored.length !== shape.length || stored.some((d, k) => d !== shape[k])) {
    throw modelJsonError(`shape is ${JSON.stringify(stored)}; expected [${shape.join(', ')}]`, [...path, 'shape']);
  }
  const text = t['base64'];
  if (typeof text !== 'string' || !BASE64.test(text)) throw modelJsonError('base64 must be a base64 string of little-endian values', [...path, 'base64']);
  const bytes = Buffer.from(text, 'base64');
  const count = shape.reduce((p, d) => p * d, 1);
  const width = dtype === 'float32' ? 4 : 8;
  if (bytes.length !== count * width) {
    throw modelJsonError(`base64 holds ${bytes.length} bytes; [${shape.join(', ')}] ${dtype} needs ${count * width}`, [...path, 'base64']);
  }
  const out = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    const v = dtype === 'float32' ? view.getFloat32(i * width, true) : view.getFloat64(i * width, true);
    if (!Number.isFinite(v)) throw modelJsonError(`value ${i} is ${v}; every value must be finite`, [...path, 'base64']);
    out[i] = v;
  }
  return out;
}

/**
 * Checks the envelope of a model file and returns its `config` and `state` objects.
 *
 * @throws AntidoteError `invalid_input` when it is not an Antidote model file, holds another kind
 *   of model, or has a version this code does not read (the messages list what is expected).
 */
export function readModelEnvelope(json: unknown, kind: ModelJsonKind, version: number): { readonly config: Record<string, unknown>; readonly state: Record<string, unknown> } {
  const o = expectObject(json, []);
  if (o['format'] !== MODEL_JSON_FORMAT) throw modelJsonError(`format is ${JSON.stringify(o['format'])}; an Antidote model file has format "${MODEL_JSON_FORMAT}"`, ['format']);
  if (o['kind'] !== kind) throw modelJsonError(`kind is ${JSON.stringify(o['kind'])}; expected "${kind}" (model kinds: ${MODEL_JSON_KINDS.join(', ')})`, ['kind']);
  if (o['version'] !== version) throw modelJsonError(`version is ${JSON.stringify(o['version'])}; this Antidote reads ${kind} files of version ${version}`, ['version']);
  return { config: expectObject(o['config'], ['config']), state: expectObject(o['state'], ['state']) };
}

/** The object at `path`, or an error saying what was found instead. */
export function expectObject(value: unknown, path: JsonPath): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw modelJsonError(`expected an object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, path);
  }
  return value as Record<string, unknown>;
}

/** The finite number at `path`, optionally a positive integer. */
export function expectNumber(value: unknown, path: JsonPath, rule: 'finite' | 'positive integer' | 'non-negative' = 'finite'): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule === 'finite' || (rule === 'non-negative' ? value >= 0 : Number.isInteger(value) && value >= 1));
  if (!ok) throw modelJsonError(`${JSON.stringify(value)} must be a ${rule === 'finite' ? 'finite' : rule} number`, path);
  return value;
}
