/**
 * Reads IDX files, the big-endian tensor format of the MNIST family (LeCun et al., "The MNIST
 * database", http://yann.lecun.com/exdb/mnist/): two zero bytes, a type byte, a rank byte, one
 * 32-bit big-endian size per dimension, then the elements in row-major order. Gzipped files
 * (`.gz`, recognised by their magic bytes, not their name) are inflated with node:zlib.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { AntidoteError } from '../core/errors.js';
import { fileError } from './file-error.js';

/** The element types IDX declares, by their type byte. */
export const IDX_ELEMENT_TYPES = ['uint8', 'int8', 'int16', 'int32', 'float32', 'float64'] as const;

/** One of {@link IDX_ELEMENT_TYPES}. */
export type IdxElementType = (typeof IDX_ELEMENT_TYPES)[number];

const TYPE_BY_CODE: Readonly<Record<number, IdxElementType>> = {
  0x08: 'uint8',
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const BYTES_PER_ELEMENT: Readonly<Record<IdxElementType, number>> = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 };

/** The typed array an IDX tensor's elements come back in, by element type. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A decoded IDX tensor. */
export interface IdxTensor {
  readonly elemType: IdxElementType;
  /** The sizes of each dimension, e.g. `[60000, 28, 28]` for images, `[60000]` for labels. */
  readonly dims: readonly number[];
  /** The elements, row-major, `product(dims)` of them (host byte order). */
  readonly data: IdxData;
}

/** The IDX magic number of MNIST-style image files: uint8, three dimensions. */
export const IDX_MAGIC_IMAGES = 0x803;

/** The IDX magic number of MNIST-style label files: uint8, one dimension. */
export const IDX_MAGIC_LABELS = 0x801;

/**
 * Decodes the bytes of an IDX file, gzipped or not. `source` names the file in errors.
 *
 * @throws AntidoteError `invalid_input` when the magic number is not IDX (the message shows the
 *   bytes found and the valid type codes), or the file is shorter than its header or its dimensions
 *   declare (the message gives both sizes), or has bytes left over, or the gzip stream is corrupt.
 *
 * @example
 * const t = parseIdx(bytes, 'train-labels-idx1-ubyte.gz'); // { elemType: 'uint8', dims: [60000], data }
 */
export function parseIdx(bytes: Uint8Array, source = 'input'): IdxTensor {
  const loc = { file: source };
  const raw = isGzip(bytes) ? gunzip(bytes, source) : bytes;
  if (raw.length < 4) {
    throw new AntidoteError('invalid_input', `${source} is too short for an IDX file: ${raw.length} bytes, the magic number alone needs 4`, loc);
  }
  const magic = ((raw[0]! << 24) | (raw[1]! << 16) | (raw[2]! << 8) | raw[3]!) >>> 0;
  const elemType = TYPE_BY_CODE[raw[2]!];
  const rank = raw[3]!;
  if (raw[0] !== 0 || raw[1] !== 0 || elemType === undefined || rank === 0) {
    const codes = Object.entries(TYPE_BY_CODE)
      .map(([c, t]) => `0x${Number(c).toString(16).padStart(2, '0')} ${t}`)
      .join(', ');
    throw new AntidoteError(
      'invalid_input',
      `${source} is not an IDX file: magic number 0x${magic.toString(16).padStart(8, '0')}; IDX starts with two zero bytes, a type byte (${codes}) and a rank byte of at least 1 (images 0x00000803, labels 0x00000801)`,
      loc,
    );
  }
  const headerBytes = 4 + 4 * rank;
  if (raw.length < headerBytes) {
    throw new AntidoteError('invalid_input', `${source} is truncated inside its IDX header: ${raw.length} bytes, a rank-${rank} header needs ${headerBytes}`, loc);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let k = 0; k < rank; k++) {
    const size = view.getUint32(4 + 4 * k, false);
    dims.push(size);
    count *= size;
  }
  const width = BYTES_PER_ELEMENT[elemType];
  const expected = headerBytes + count * width;
  if (raw.length < expected) {
    throw new AntidoteError(
      'invalid_input',
      `${source} is truncated: its header declares ${elemType} [${dims.join(', ')}] (${expected} bytes with the header) but the file has ${raw.length} bytes`,
      loc,
    );
  }
  if (raw.length > expected) {
    throw new AntidoteError('invalid_input', `${source} has ${raw.length - expected} bytes after the ${elemType} [${dims.join(', ')}] its header declares`, loc);
  }
  return { elemType, dims, data: decodeElements(view, headerBytes, count, elemType) };
}

/**
 * Reads and decodes an IDX file (gzipped or not).
 *
 * @throws AntidoteError `not_found` when the file does not exist; otherwise as {@link parseIdx}.
 *
 * @example
 * const images = await readIdx('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz');
 * images.dims; // [10000, 28, 28]
 */
export async function readIdx(path: string): Promise<IdxTensor> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileError(e, path);
  }
  return parseIdx(bytes, path);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Uint8Array, source: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new AntidoteError('invalid_input', `${source} starts like gzip but does not inflate: ${e instanceof Error ? e.message : String(e)}`, { file: source }, { cause: e });
  }
}

function decodeElements(view: DataView, offset: number, count: number, elemType: IdxElementType): IdxData {
  switch (elemType) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}
