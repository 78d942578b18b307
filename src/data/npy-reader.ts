/**
 * Reads NumPy `.npy` files (format versions 1.0, 2.0 and 3.0, as specified in
 * https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html) into a float32 matrix,
 * converting in bounded chunks so the file is never held twice in memory.
 * Supported: dtypes f4, f8, i1-i8 and u1-u8 in either byte order, C order, one or two dimensions.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { silentProgress, type Progress } from '../core/progress.js';
import { fileError } from './file-error.js';

/** Options for {@link readNpy}. */
export interface NpyReadOptions {
  /** Accept NaN and ±Infinity elements (default false: they are an error naming the element). */
  readonly allowNonFinite?: boolean;
  /** Reports bytes read. */
  readonly progress?: Progress;
}

/** What an `.npy` header declares. */
export interface NpyHeader {
  /** Format version, e.g. `[1, 0]`. */
  readonly version: readonly [number, number];
  /** The NumPy dtype string, e.g. `<f4`. */
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Byte offset of the first element. */
  readonly dataOffset: number;
}

/** The magic bytes every `.npy` file starts with: `\x93NUMPY`. */
export const NPY_MAGIC: readonly number[] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

const SUPPORTED_DTYPES = ['f4', 'f8', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8'] as const;
type SupportedDtype = (typeof SUPPORTED_DTYPES)[number];
const FLOAT32_MAX = 3.4028234663852886e38;
const CHUNK_BYTES = 1 << 22;

/** Bytes needed before the header text: magic, version, and the header length (2 or 4 bytes). */
export const NPY_PREAMBLE_BYTES = 12;

/**
 * Parses the preamble and header of an `.npy` file from its first bytes (`head` must hold at
 * least the whole header; 12 bytes tell how long that is).
 *
 * @example
 * const h = parseNpyHeader(firstBytes, 'x.npy'); // { descr: '<f4', shape: [100, 8], ... }
 */
export function parseNpyHeader(head: Uint8Array, file?: string): NpyHeader {
  const loc = { file };
  for (let i = 0; i < NPY_MAGIC.length; i++) {
    if (head[i] !== NPY_MAGIC[i]) {
      throw new AntidoteError('invalid_input', `${file ?? 'input'} is not a NumPy .npy file: it does not start with the magic bytes \\x93NUMPY`, loc);
    }
  }
  if (head.length < 10) throw new AntidoteError('invalid_input', `${file ?? 'input'} is truncated inside its .npy header`, loc);
  const major = head[6]!;
  const minor = head[7]!;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let headerLength: number;
  let start: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (head.length < 12) throw new AntidoteError('invalid_input', `${file ?? 'input'} is truncated inside its .npy header`, loc);
    headerLength = view.getUint32(8, true);
    start = 12;
  } else {
    throw new AntidoteError('unsupported', `${file ?? 'input'} uses .npy format version ${major}.${minor}; supported versions: 1.0, 2.0, 3.0`, loc);
  }
  if (head.length < start + headerLength) throw new AntidoteError('invalid_input', `${file ?? 'input'} is truncated inside its .npy header`, loc);
  const text = Buffer.from(head.buffer, head.byteOffset + start, headerLength).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text);
  if (!descr || !fortran || !shape) {
    const structured = /'descr'\s*:\s*\[/.test(text);
    throw new AntidoteError(
      structured ? 'unsupported' : 'invalid_input',
      structured
        ? `${file ?? 'input'} holds a structured (record) array; only plain numeric arrays are supported`
        : `${file ?? 'input'} has a malformed .npy header (it needs 'descr', 'fortran_order' and 'shape'): ${text.trim()}`,
      loc,
    );
  }
  const dims = shape[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+L?$/.test(s) ? Number.parseInt(s, 10) : NaN));
  if (dims.some((d) => !Number.isSafeInteger(d))) {
    throw new AntidoteError('invalid_input', `${file ?? 'input'} has a malformed shape in its .npy header: (${shape[1]})`, loc);
  }
  return { version: [major, minor], descr: descr[1]!, fortranOrder: fortran[1] === 'True', shape: dims, dataOffset: start + headerLength };
}

interface Dtype {
  readonly code: SupportedDtype;
  readonly littleEndian: boolean;
  readonly size: number;
}

function parseDtype(descr: string, file: string): Dtype {
  const order = descr[0];
  const code = descr.slice(1);
  const supported = (SUPPORTED_DTYPES as readonly string[]).includes(code);
  const size = Number(code.slice(1));
  const orderOk = order === '<' || order === '>' || order === '=' || (order === '|' && size === 1);
  if (!supported || !orderOk) {
    throw new AntidoteError(
      'unsupported',
      `${file} holds dtype "${descr}", which is not supported; supported dtypes: ${SUPPORTED_DTYPES.map((d) => `<${d}`).join(', ')} (or big-endian >${'f4'} etc.); convert with arr.astype('<f4')`,
      { file },
    );
  }
  // '=' is native order, which on every platform Node supports in practice is little-endian.
  return { code: code as SupportedDtype, littleEndian: order !== '>', size };
}

function makeReader(dtype: Dtype): (view: DataView, offset: number) => number {
  const le = dtype.littleEndian;
  switch (dtype.code) {
    case 'f4':
      return (v, o) => v.getFloat32(o, le);
    case 'f8':
      return (v, o) => v.getFloat64(o, le);
    case 'i1':
      return (v, o) => v.getInt8(o);
    case 'i2':
      return (v, o) => v.getInt16(o, le);
    case 'i4':
      return (v, o) => v.getInt32(o, le);
    case 'i8':
      return (v, o) => Number(v.getBigInt64(o, le));
    case 'u1':
      return (v, o) => v.getUint8(o);
    case 'u2':
      return (v, o) => v.getUint16(o, le);
    case 'u4':
      return (v, o) => v.getUint32(o, le);
    case 'u8':
      return (v, o) => Number(v.getBigUint64(o, le));
  }
}

async function readFully(fh: FileHandle, target: Uint8Array, position: number): Promise<number> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await fh.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

/**
 * Reads a 1-D (`(n,)`, read as n rows of 1) or 2-D (`(rows, dim)`) `.npy` array as a float32
 * matrix. Errors: bad magic, malformed header, truncated or over-long data (`invalid_input`);
 * Fortran order, other dtypes, other dimensions (`unsupported`); NaN, ±Infinity, or float64
 * values beyond the float32 range unless `allowNonFinite` (`invalid_input`, naming row and column).
 *
 * @example
 * const m = await readNpy('embeddings.npy'); // { rows: 1000, cols: 384, data: Float32Array }
 */
export async function readNpy(path: string, options: NpyReadOptions = {}): Promise<Matrix<Float32Array>> {
  const progress = options.progress ?? silentProgress;
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileError(e, path);
  }
  let started = false;
  try {
    const sizeBytes = (await fh.stat()).size;
    if (sizeBytes === 0) throw new AntidoteError('invalid_input', `${path} is empty`, { file: path });
    const pre = new Uint8Array(Math.min(NPY_PREAMBLE_BYTES, sizeBytes));
    await readFully(fh, pre, 0);
    // Read just enough to parse the header: the preamble tells how long it is.
    let headerBytes = pre.length;
    if (pre.length >= 10 && NPY_MAGIC.every((b, i) => pre[i] === b)) {
      const view = new DataView(pre.buffer);
      headerBytes = pre[6] === 1 ? 10 + view.getUint16(8, true) : pre.length >= 12 ? 12 + view.getUint32(8, true) : pre.length;
    }
    const head = new Uint8Array(Math.min(headerBytes, sizeBytes));
    await readFully(fh, head, 0);
    const header = parseNpyHeader(head, path);
    const dtype = parseDtype(header.descr, path);
    if (header.fortranOrder) {
      throw new AntidoteError('unsupported', `${path} is stored in Fortran (column-major) order; save it in C order, e.g. np.save(path, np.ascontiguousarray(arr))`, { file: path });
    }
    if (header.shape.length === 0 || header.shape.length > 2) {
      throw new AntidoteError(
        'unsupported',
        `${path} holds a ${header.shape.length}-dimensional array of shape (${header.shape.join(', ')}); only 1-D (n,) or 2-D (rows, dim) arrays are supported; reshape it to (rows, dim) first`,
        { file: path },
      );
    }
    const rows = header.shape[0]!;
    const cols = header.shape.length === 2 ? header.shape[1]! : 1;
    const count = rows * cols;
    const expectedBytes = count * dtype.size;
    const dataBytes = sizeBytes - header.dataOffset;
    if (dataBytes < expectedBytes) {
      throw new AntidoteError(
        'invalid_input',
        `${path} is truncated: its header declares shape (${header.shape.join(', ')}) of ${header.descr}, which needs ${expectedBytes} bytes of data, but only ${dataBytes} follow the header`,
        { file: path },
      );
    }
    if (dataBytes > expectedBytes) {
      throw new AntidoteError(
        'invalid_input',
        `${path} has ${dataBytes - expectedBytes} bytes after the data its header declares (shape (${header.shape.join(', ')}) of ${header.descr}, ${expectedBytes} bytes); the shape does not match the data`,
        { file: path },
      );
    }
    const out = new Float32Array(count);
    progress.start(`read ${basename(path)}`, sizeBytes);
    started = true;
    if (dtype.code === 'f4' && dtype.littleEndian) {
      for (let done = 0; done < expectedBytes; ) {
        const n = Math.min(CHUNK_BYTES, expectedBytes - done);
        await readFully(fh, new Uint8Array(out.buffer, done, n), header.dataOffset + done);
        done += n;
        progress.update(header.dataOffset + done);
      }
    } else {
      const read = makeReader(dtype);
      const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / dtype.size));
      const buf = new Uint8Array(perChunk * dtype.size);
      const view = new DataView(buf.buffer);
      for (let first = 0; first < count; first += perChunk) {
        const n = Math.min(perChunk, count - first);
        await readFully(fh, buf.subarray(0, n * dtype.size), header.dataOffset + first * dtype.size);
        for (let k = 0; k < n; k++) out[first + k] = read(view, k * dtype.size);
        if (dtype.code === 'f8' && !options.allowNonFinite) {
          for (let k = 0; k < n; k++) {
            const x = view.getFloat64(k * dtype.size, dtype.littleEndian);
            if (Number.isFinite(x) && Math.abs(x) > FLOAT32_MAX) {
              const at = first + k;
              throw new AntidoteError(
                'invalid_input',
                `row ${Math.floor(at / cols) + 1}, column ${(at % cols) + 1}: ${x} is beyond the float32 range and would become Infinity`,
                { file: path, line: Math.floor(at / cols) + 1, column: (at % cols) + 1 },
              );
            }
          }
        }
        progress.update(header.dataOffset + (first + n) * dtype.size);
      }
    }
    if (!options.allowNonFinite && (dtype.code === 'f4' || dtype.code === 'f8')) {
      for (let at = 0; at < count; at++) {
        if (!Number.isFinite(out[at]!)) {
          const r = Math.floor(at / cols) + 1;
          const c = (at % cols) + 1;
          throw new AntidoteError('invalid_input', `row ${r}, column ${c}: non-finite value ${out[at]} is not allowed; fix the data or allow NaN and Infinity explicitly (allowNonFinite)`, {
            file: path,
            line: r,
            column: c,
          });
        }
      }
    }
    return { rows, cols, data: out };
  } catch (e) {
    throw fileError(e, path);
  } finally {
    if (started) progress.finish();
    await fh.close();
  }
}
