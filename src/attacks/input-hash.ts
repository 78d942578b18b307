/**
 * The digest a manifest records of an attack's input: SHA-256 over the arrays in a fixed byte
 * layout (little-endian), each preceded by a tag and its length, so that two different inputs
 * cannot be framed into the same bytes.
 */
import { createHash } from 'node:crypto';

/** One part of an attack's input. */
export type HashPart = Float64Array | Float32Array | Int32Array | Uint8Array | readonly (string | null)[] | number | string;

/**
 * `sha256:<hex>` of the parts, in order.
 *
 * @example
 * inputSha256([x.data, labels.codes, labels.classes]); // 'sha256:5f1c…'
 */
export function inputSha256(parts: readonly HashPart[]): string {
  const hash = createHash('sha256');
  const header = Buffer.alloc(9);
  for (const part of parts) {
    if (typeof part === 'number') {
      header.writeUInt8(1, 0);
      header.writeDoubleLE(part, 1);
      hash.update(header);
    } else if (typeof part === 'string') {
      frame(hash, 2, Buffer.from(part, 'utf8'), header);
    } else if (Array.isArray(part)) {
      const texts = part as readonly (string | null)[];
      frame(hash, 3, Buffer.alloc(0), header, texts.length);
      for (const t of texts) frame(hash, t === null ? 4 : 2, Buffer.from(t ?? '', 'utf8'), header);
    } else {
      const a = part as Float64Array | Float32Array | Int32Array | Uint8Array;
      // Typed arrays are little-endian on every platform Node runs on.
      const tag = a instanceof Float64Array ? 5 : a instanceof Float32Array ? 6 : a instanceof Int32Array ? 7 : 8;
      frame(hash, tag, Buffer.from(a.buffer, a.byteOffset, a.byteLength), header);
    }
  }
  return `sha256:${hash.digest('hex')}`;
}

function frame(hash: ReturnType<typeof createHash>, tag: number, bytes: Buffer, header: Buffer, count = bytes.length): void {
  header.writeUInt8(tag, 0);
  header.writeDoubleLE(count, 1);
  hash.update(header);
  hash.update(bytes);
}
